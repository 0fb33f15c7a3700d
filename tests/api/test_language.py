"""Every refusal answers in Danish when the request prefers it, in English otherwise, in
both languages in the body, with a stable code, and changes nothing it refused."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from infra.settings import ServiceName
from tests.api.bodies import BODIES
from tests.api.conftest import Built
from tests.identities import DPO, OTHER_SCHOOL, RESOURCE_PERSON, SCHOOL_STAFF, SSP_CONSULTANT
from tests.system import a_report

DANISH = {"Accept-Language": "da-DK,da;q=0.9,en;q=0.8"}
ENGLISH_PREFERRED = {"Accept-Language": "en-GB,en;q=0.9,da;q=0.1"}
MONTHS = [
    *("januar", "februar", "marts", "april", "maj", "juni"),
    *("juli", "august", "september", "oktober", "november", "december"),
]


@pytest.fixture
def school(service: Callable[[ServiceName], Built]) -> Built:
    return service("school")


def _case(http: TestClient) -> str:
    created = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF)
    assert created.status_code == 201, created.text
    return str(created.json()["case_id"])


def _stored(running: Any) -> int:
    return running.app.recorder.max_notification_id() or 0


def _only_refusals_logged(running: Any, stored: int, subject: str, refusals: int) -> None:
    """All a refused read stored is its refusal in the access log: nothing else changed."""
    since = running.app.recorder.select_notifications(stored + 1, 10_000)
    assert all(n.topic.startswith("domain.access_log:") for n in since)
    logged = [e.allowed for e in running.app.access_log(subject) if "allowed" in vars(e)]
    assert logged == [False] * refusals


def _in_each_language(
    send: Callable[[dict[str, str]], httpx.Response],
) -> tuple[httpx.Response, httpx.Response, httpx.Response]:
    """The same request asked for in Danish, with no preference, and preferring English."""
    return send(DANISH), send({}), send(ENGLISH_PREFERRED)


def _speaks_both(
    responses: tuple[httpx.Response, httpx.Response, httpx.Response],
    status: int,
    error: str,
    danish: str,
    english: str,
) -> None:
    in_danish, unasked, in_english = responses
    for response in responses:
        assert response.status_code == status, response.text
        body = response.json()
        assert body["error"] == error
        assert (body["detail_da"], body["detail_en"]) == (danish, english)
    assert (in_danish.json()["detail"], in_danish.headers["content-language"]) == (danish, "da")
    for response in (unasked, in_english):
        assert (response.json()["detail"], response.headers["content-language"]) == (english, "en")


def test_a_refused_rule_409_answers_in_danish_when_asked(school: Built) -> None:
    running, http = school
    case_id = _case(http)
    assert http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF).status_code == 200
    stored = _stored(running)

    responses = _in_each_language(
        lambda language: http.post(
            f"/cases/{case_id}/parents-informed", headers={**SCHOOL_STAFF, **language}
        )
    )

    _speaks_both(
        responses,
        409,
        "ParentsAlreadyInformed",
        "Det er allerede registreret på sagen, at forældrene er informeret.",
        "The parents are already recorded as informed on this case.",
    )
    assert _stored(running) == stored, "a refused command records nothing"


def test_a_role_that_may_not_act_403_names_who_does_it(school: Built) -> None:
    running, http = school
    case_id = _case(http)
    history = running.app.history(uuid.UUID(case_id))

    responses = _in_each_language(
        lambda language: http.post(
            f"/cases/{case_id}/police-reports",
            json=BODIES["police-reports"],
            headers={**RESOURCE_PERSON, **language},
        )
    )

    _speaks_both(
        responses,
        403,
        "RoleNotPermitted",
        "Som ressourceperson kan du ikke registrere en politianmeldelse. Det gør ledelsen.",
        "In Samspil, the role ressourceperson (resource person) may not record a police "
        "report. This is done by management (ledelse).",
    )
    assert running.app.history(uuid.UUID(case_id)) == history


def test_reporting_for_another_school_403_says_only_ones_own(school: Built) -> None:
    running, http = school
    stored = _stored(running)

    responses = _in_each_language(
        lambda language: http.post("/cases", json=a_report(), headers={**OTHER_SCHOOL, **language})
    )

    _speaks_both(
        responses,
        403,
        "OwnInstitutionOnly",
        "Du kan kun oprette sager for din egen institution (Gentofte Skole), og kun som "
        "ledelse, ressourceperson eller klasseteam.",
        "Gentofte Skole can report cases of its own institution only, by management, "
        "a resource person or the class team.",
    )
    assert _stored(running) == stored


def test_a_refused_read_403_names_the_roles_that_read(school: Built) -> None:
    running, http = school
    case_id = _case(http)
    history = running.app.history(uuid.UUID(case_id))

    refused = http.get(f"/cases/{case_id}", headers={**DPO, **DANISH})

    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"] == (
        "Som databeskyttelsesrådgiver kan du ikke læse sagen. Det gør ledelsen, "
        "ressourcepersonen eller klasseteamet."
    )
    assert running.app.history(uuid.UUID(case_id)) == history


def test_an_unknown_case_404_answers_in_danish_when_asked(school: Built) -> None:
    running, http = school
    stored = _stored(running)
    unknown = uuid.uuid4()

    responses = _in_each_language(
        lambda language: http.get(f"/cases/{unknown}", headers={**SCHOOL_STAFF, **language})
    )

    _speaks_both(responses, 404, "NotFound", "Sagen blev ikke fundet.", "Case was not found.")
    assert "record" not in responses[0].text, "nothing but the refusal is said"
    _only_refusals_logged(running, stored, f"case:{unknown}", 3)


def test_an_erased_case_410_says_when_and_why(school: Built) -> None:
    running, http = school
    case_id = _case(http)
    erased = http.post(
        f"/cases/{case_id}/erasure", json={"reason": "GDPR art. 17 request 2026-41"}, headers=DPO
    )
    assert erased.status_code == 200, erased.text
    stored = _stored(running)

    responses = _in_each_language(
        lambda language: http.get(f"/cases/{case_id}", headers={**SCHOOL_STAFF, **language})
    )

    body = responses[0].json()
    when = body["erased_at"]
    assert body["reason"] == "GDPR art. 17 request 2026-41"
    moment = datetime.fromisoformat(when).astimezone(UTC)
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=5)
    _speaks_both(
        responses,
        410,
        "CaseErased",
        f"Sagen blev slettet den {moment.day}. {MONTHS[moment.month - 1]} {moment.year} "
        f"kl. {moment:%H.%M} (UTC). Begrundelse: GDPR art. 17 request 2026-41",
        f"This case was erased on {when}: GDPR art. 17 request 2026-41",
    )
    assert _stored(running) == stored, "an erased case's reads leave its records alone"


def test_a_missing_token_401_answers_in_danish_when_asked(school: Built) -> None:
    running, http = school
    stored = _stored(running)

    responses = _in_each_language(
        lambda language: http.post("/cases", json=a_report(), headers=language)
    )

    _speaks_both(
        responses,
        401,
        "NotAuthenticated",
        "Du skal være logget ind: Samspil kræver et gyldigt adgangstoken (bearer token).",
        "A valid bearer token is required.",
    )
    assert all(r.headers["www-authenticate"] == "Bearer" for r in responses)
    assert _stored(running) == stored


def test_a_malformed_request_422_names_the_fields_in_danish_when_asked(school: Built) -> None:
    running, http = school
    stored = _stored(running)
    report = a_report(description="", police_district="atlantis")

    in_danish, unasked, in_english = _in_each_language(
        lambda language: http.post("/cases", json=report, headers={**SCHOOL_STAFF, **language})
    )

    for response in (in_danish, unasked, in_english):
        assert response.status_code == 422
        body = response.json()
        assert body["error"] == "InvalidRequest"
        assert [p["loc"][-1] for p in body["detail"]] == ["police_district", "description"]
        assert all(p["msg"] and p["msg_da"] for p in body["detail"]), "each in both languages"
        assert body["detail_da"] == (
            "Forespørgslen blev ikke modtaget. Ret felterne 'police_district' og 'description'."
        )
        assert body["detail_en"] == (
            "The request was not accepted. Correct the fields 'police_district' and "
            "'description'."
        )
    assert in_danish.json()["message"] == in_danish.json()["detail_da"]
    assert in_danish.headers["content-language"] == "da"
    assert unasked.json()["message"] == unasked.json()["detail_en"]
    assert in_english.headers["content-language"] == "en"
    assert _stored(running) == stored


def test_material_refused_422_answers_in_danish_when_asked(school: Built) -> None:
    running, http = school
    stored = _stored(running)
    report = a_report(description="se data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==")

    in_danish, unasked, _ = _in_each_language(
        lambda language: http.post("/cases", json=report, headers={**SCHOOL_STAFF, **language})
    )

    for response in (in_danish, unasked):
        assert response.status_code == 422
        body = response.json()
        (problem,) = body["detail"]
        assert problem["loc"] == ["body", "description"]
        assert problem["type"] == "material_not_accepted"
        assert body["error"] == "MaterialNotAccepted"
        assert (body["detail_da"], body["detail_en"]) == (problem["msg_da"], problem["msg"])
        assert "iVBOR" not in response.text
    assert in_danish.json()["message"] == in_danish.json()["detail_da"]
    assert "Beskriv materialet med ord" in in_danish.json()["message"]
    assert in_danish.headers["content-language"] == "da"
    assert unasked.json()["message"] == unasked.json()["detail_en"]
    assert unasked.headers["content-language"] == "en"
    assert _stored(running) == stored


def test_an_ssp_refusal_answers_in_danish_too(service: Callable[[ServiceName], Built]) -> None:
    running, http = service("ssp")
    stored = _stored(running)
    unknown = uuid.uuid4()

    responses = _in_each_language(
        lambda language: http.get(f"/clusters/{unknown}", headers={**SSP_CONSULTANT, **language})
    )

    _speaks_both(responses, 404, "NotFound", "Klyngen blev ikke fundet.", "Cluster was not found.")
    refused = http.get("/statistics", headers={**SCHOOL_STAFF, **DANISH})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Som en del af ledelsen kan du ikke læse statistikken."
    _only_refusals_logged(running, stored, f"cluster:{unknown}", 3)
    _only_refusals_logged(running, stored, "statistics", 1)


def test_a_rule_of_the_domain_in_a_422_says_it_in_danish_too(school: Built) -> None:
    running, http = school
    case_id = _case(http)
    history = running.app.history(uuid.UUID(case_id))
    sixty_four = "ab" * 32  # hexadecimal, but an MD5 has 32 digits

    refused = http.post(
        f"/cases/{case_id}/fingerprints",
        json={"fingerprints": [{"kind": "md5", "value": sixty_four}]},
        headers={**SCHOOL_STAFF, **DANISH},
    )

    assert refused.status_code == 422, refused.text
    (problem,) = refused.json()["detail"]
    assert problem["loc"][-1] == "value"
    assert problem["msg_da"] == "Et md5-fingeraftryk består af 32 hexadecimale cifre (0-9, a-f)."
    assert refused.json()["message"] == "Forespørgslen blev ikke modtaget. Ret feltet 'value'."
    assert running.app.history(uuid.UUID(case_id)) == history


def test_an_upload_415_answers_in_danish_when_asked(school: Built) -> None:
    running, http = school
    stored = _stored(running)

    upload = http.post(
        "/cases",
        content=b"\x89PNG\r\n\x1a\n",
        headers={**SCHOOL_STAFF, **DANISH, "Content-Type": "image/png"},
    )

    assert upload.status_code == 415
    assert upload.json()["error"] == "UnsupportedMediaType"
    assert upload.json()["message"].startswith("Send JSON eller en formular.")
    assert upload.headers["content-language"] == "da"
    assert _stored(running) == stored
