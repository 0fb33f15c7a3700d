"""The municipal authority's receipt of an underretning, posted by its case system as a
signed JWT: it meets the case's six-working-day deadline, once; a receipt from anyone
else is refused, and another municipality's system learns nothing of the case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest

from infra.case_systems import RECEIPT_AUDIENCE, sign_receipt
from services.kit.scheduler import Scheduler
from services.school.deadlines import TIMED
from tests.case_systems import case_systems
from tests.identities import SCHOOL_STAFF, signed_claims
from tests.system import a_report

RECEIPTS = "/integrations/underretning-receipts"


@pytest.fixture
def school(service: Any, tmp_path: Path) -> Any:
    registered, private = case_systems(tmp_path / "case-systems", "Frederiksberg", "Gentofte")
    frederiksberg, gentofte = private["Frederiksberg"], private["Gentofte"]
    running, http = service(
        "school",
        case_system_keys=registered,
        escalation_contacts={"ssp@Frederiksberg": ["ssp@frederiksberg.example"]},
    )
    return running, http, frederiksberg, gentofte


def _underretning_sent(http: Any) -> str:
    case_id: str = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    sent = http.post(
        f"/cases/{case_id}/underretninger",
        json={"reason": "Forældrene er selv en del af problemet"},
        headers=SCHOOL_STAFF,
    )
    assert sent.status_code == 200, sent.text
    return case_id


def _case(http: Any, case_id: str) -> dict[str, Any]:
    answer: dict[str, Any] = http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json()
    return answer


def _item(case: dict[str, Any], key: str) -> dict[str, Any]:
    return next(i for i in case["checklist"] if i["key"] == key)


def _deadline(case: dict[str, Any]) -> dict[str, Any]:
    return next(d for d in case["deadlines"] if d["kind"] == "underretning_received")


def test_the_authoritys_receipt_meets_the_deadline_and_is_recorded_once(school: Any) -> None:
    _, http, frederiksberg, _ = school
    case_id = _underretning_sent(http)
    before = _case(http, case_id)
    assert _item(before, "underretning_receipt")["status"] == "waiting", "asked of the authority"
    assert _deadline(before)["standing"] == "open"

    receipt = sign_receipt(frederiksberg, municipality="Frederiksberg", case_id=UUID(case_id))
    answer = http.post(RECEIPTS, json={"receipt": receipt})
    assert answer.status_code == 200, answer.text
    assert answer.json()["case_reference"] == f"SAG-{case_id.replace('-', '')[:8].upper()}"
    again = http.post(RECEIPTS, json={"receipt": receipt})  # the case system retries
    assert again.status_code == 200 and again.json() == answer.json()

    after = _case(http, case_id)
    item = _item(after, "underretning_receipt")
    assert item["status"] == "done"
    assert _deadline(after)["standing"] == "met"
    receipts = [e for e in after["history"] if e["event"] == "UnderretningReceiptRecorded"]
    assert len(receipts) == 1
    assert receipts[0]["actor"]["role"] == "sagssystem"
    assert receipts[0]["actor"]["organisation"] == "Frederiksberg"


def test_another_municipalitys_case_system_learns_nothing_of_the_case(school: Any) -> None:
    _, http, _, gentofte = school
    case_id = _underretning_sent(http)
    theirs = http.post(
        RECEIPTS,
        json={"receipt": sign_receipt(gentofte, municipality="Gentofte", case_id=UUID(case_id))},
    )
    unknown = http.post(
        RECEIPTS,
        json={"receipt": sign_receipt(gentofte, municipality="Gentofte", case_id=uuid4())},
    )
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json()
    assert _item(_case(http, case_id), "underretning_receipt")["status"] == "waiting"


@pytest.mark.parametrize(
    "forgery",
    [
        "signed with another municipality's key",
        "an unknown issuer",
        "meant for another audience",
        "too long a lifetime",
        "not a token",
    ],
)
def test_a_receipt_not_signed_by_the_municipalitys_system_is_refused(
    school: Any, forgery: str
) -> None:
    _, http, frederiksberg, gentofte = school
    case_id = _underretning_sent(http)
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": "Frederiksberg",
        "aud": RECEIPT_AUDIENCE,
        "sub": case_id,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    key = frederiksberg
    if forgery == "signed with another municipality's key":
        key = gentofte
    elif forgery == "an unknown issuer":
        claims["iss"] = "Aarhus"
    elif forgery == "meant for another audience":
        claims["aud"] = "samspil"
    elif forgery == "too long a lifetime":
        claims["exp"] = now + timedelta(days=30)
    token = "not-a-token" if forgery == "not a token" else jwt.encode(claims, key, "EdDSA")
    answer = http.post(RECEIPTS, json={"receipt": token}, headers={"Accept-Language": "da"})
    assert answer.status_code == 401, forgery
    body = answer.json()
    assert body["error"] == "ReceiptRefused" and "Kvitteringen" in body["detail"]
    assert body["detail_en"].startswith("The receipt was refused")
    assert _item(_case(http, case_id), "underretning_receipt")["status"] == "waiting"


def test_a_receipt_without_its_token_or_with_more_names_the_field(school: Any) -> None:
    _, http, frederiksberg, _ = school
    case_id = _underretning_sent(http)
    answer = http.post(RECEIPTS, json={})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "receipt"]
    receipt = sign_receipt(frederiksberg, municipality="Frederiksberg", case_id=UUID(case_id))
    padded = http.post(RECEIPTS, json={"receipt": receipt, "note": "Sofie (14)"})
    assert padded.status_code == 422
    assert padded.json()["detail"][0]["loc"] == ["body", "note"]
    assert _item(_case(http, case_id), "underretning_receipt")["status"] == "waiting"


def test_a_receipt_for_a_case_without_an_underretning_is_refused(school: Any) -> None:
    _, http, frederiksberg, _ = school
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    receipt = sign_receipt(frederiksberg, municipality="Frederiksberg", case_id=UUID(case_id))
    answer = http.post(RECEIPTS, json={"receipt": receipt})
    assert answer.status_code == 409
    assert answer.json()["error"] == "NoUnderretningSent"


def test_no_one_signs_in_as_a_case_system(school: Any) -> None:
    _, http, _, _ = school
    posing = signed_claims(samspil_role="sagssystem", samspil_org="Frederiksberg")
    assert http.get("/cases", headers=posing).status_code == 401


def test_a_missing_receipt_is_chased_then_escalated_once(school: Any) -> None:
    running, http, _, _ = school
    case_id = _underretning_sent(http)
    due = datetime.fromisoformat(_deadline(_case(http, case_id))["due"])
    moments = iter([due + timedelta(minutes=1), due + timedelta(days=10)] * 2)
    scheduler = Scheduler(running.app, TIMED, now=lambda: next(moments))
    for _ in range(4):  # twice past each step: each is told once
        scheduler.run_due()
    told = [
        (type(e).__name__, tuple(e.told))
        for e in running.app.case_history(UUID(case_id))
        if getattr(e, "key", "") == "underretning_received"
        and type(e).__name__ in ("DeadlineMissed", "DeadlineEscalated")
    ]
    assert told == [
        ("DeadlineMissed", ("ledelse@Frederiksberg Skole",)),
        ("DeadlineEscalated", ("ledelse@Frederiksberg Skole", "ssp@Frederiksberg")),
    ]
    (mailed,) = running.app.outbox.pending("ssp@Frederiksberg")
    assert "Frederiksberg Skole" not in mailed.body_da + mailed.body_en, "no case content"
