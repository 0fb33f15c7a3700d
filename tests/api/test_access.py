"""Who may see and do what: tokens, organisations, roles, and the record of every read."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from eventsourcing.persistence import Tracking
from fastapi.testclient import TestClient

from contracts.key_exchange import PSEUDONYM_KEY
from domain.access import SCHOOL_COMMANDS
from infra.auth import LocalIssuer
from infra.key_exchange import KEY_EXCHANGE_PATH
from infra.settings import Settings
from services.kit.material_guard import SIGNED_MESSAGE_PREFIXES
from tests.api.bodies import BODIES
from tests.identities import (
    AUDITOR,
    CLASS_TEAM,
    ISSUER,
    OTHER_AUDITOR,
    OTHER_POLICE,
    OTHER_SCHOOL,
    POLICE_OFFICER,
    RESOURCE_PERSON,
    SCHOOL_STAFF,
    SSP_CONSULTANT,
    bearer,
    signed_claims,
)
from tests.messages import notified, reported
from tests.system import a_report

IDENTITIES = {
    "ledelse, own school": SCHOOL_STAFF,
    "ressourceperson, own school": RESOURCE_PERSON,
    "klasseteam, own school": CLASS_TEAM,
    "ledelse, other school": OTHER_SCHOOL,
    "ssp, own municipality": SSP_CONSULTANT,
    "ssp, other municipality": bearer("ssp-x", "ssp_konsulent", "Gentofte"),
    "police, own district": POLICE_OFFICER,
    "police, other district": OTHER_POLICE,
    "auditor": AUDITOR,
}
SCHOOL_ROLE = {
    "ledelse, own school": "ledelse",
    "ressourceperson, own school": "ressourceperson",
    "klasseteam, own school": "klasseteam",
}

COMMANDS = [c for c in SCHOOL_COMMANDS if c not in ("report", "read")]


def _school_case(service: Callable[..., Any]) -> tuple[Any, TestClient, str]:
    running, http = service("school")
    created = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF)
    assert created.status_code == 201
    return running, http, created.json()["case_id"]


@pytest.mark.parametrize("who", list(IDENTITIES))
def test_only_staff_of_the_cases_own_school_read_it(service: Any, who: str) -> None:
    running, http, case_id = _school_case(service)
    response = http.get(f"/cases/{case_id}", headers=IDENTITIES[who])
    if who in SCHOOL_ROLE:
        assert response.status_code == 200
    elif who == "auditor":  # of the case's municipality: may know of it, not read it
        assert response.status_code == 403
    else:
        assert response.status_code == 404, "existence does not leak"
        assert "Frederiksberg" not in response.text and "unknown profile" not in response.text
    log = running.app.access_log(f"case:{case_id}")
    assert [(e.action, e.allowed) for e in log[1:]] == [("read", who in SCHOOL_ROLE)]


@pytest.mark.parametrize("who", list(IDENTITIES))
@pytest.mark.parametrize("command", COMMANDS)
def test_each_school_command_follows_the_responsibility_split(
    service: Any, who: str, command: str
) -> None:
    running, http, case_id = _school_case(service)
    running.app.data_keys.import_key(PSEUDONYM_KEY, bytes(32))  # as if fetched from SSP
    before = running.app.history(uuid.UUID(case_id))
    response = http.post(
        f"/cases/{case_id}/{command}", json=BODIES.get(command), headers=IDENTITIES[who]
    )
    role = SCHOOL_ROLE.get(who)
    if who == "auditor":  # of the case's municipality: may know of it, not act on it
        assert response.status_code == 403
    elif role is None:
        assert response.status_code == 404
    elif role in SCHOOL_COMMANDS[command]:
        assert response.status_code in (200, 201, 409), response.text  # 409: a rule, not access
    else:
        assert response.status_code == 403
        assert str(role) in response.json()["detail"]
    if response.status_code in (403, 404):
        assert running.app.history(uuid.UUID(case_id)) == before
        (denied,) = [e for e in running.app.access_log(f"case:{case_id}") if "allowed" in vars(e)]
        assert (denied.action, denied.allowed) == (command, False)


@pytest.mark.parametrize("who", list(IDENTITIES))
def test_a_school_reports_only_its_own_cases(service: Any, who: str) -> None:
    _, http = service("school")
    response = http.post("/cases", json=a_report(), headers=IDENTITIES[who])
    assert response.status_code == (201 if who in SCHOOL_ROLE else 403)


@pytest.mark.parametrize("who", list(IDENTITIES))
def test_only_the_municipalitys_own_ssp_consultant_reads_its_overview(
    service: Any, who: str
) -> None:
    running, http = service("ssp")
    case_id = uuid.uuid4()
    event = reported(1, case_id, municipality="Frederiksberg")
    running.app.save_tracked(Tracking("school", 1), *running.app.on_case_reported(event))
    response = http.get("/municipalities/Frederiksberg/overview", headers=IDENTITIES[who])
    if who == "ssp, own municipality":
        assert [c["case_id"] for c in response.json()["cases"]] == [str(case_id)]
    else:
        assert response.status_code == 404
        assert str(case_id) not in response.text
    (entry,) = running.app.access_log("municipality:frederiksberg")[1:]
    assert entry.allowed is (who == "ssp, own municipality")


@pytest.mark.parametrize("who", list(IDENTITIES))
def test_only_the_districts_own_police_liaison_reads_and_acts_on_its_inbox(
    service: Any, who: str
) -> None:
    running, http = service("police_liaison")
    notification_id = uuid.uuid4()
    event = notified(1, uuid.uuid4(), notification_id)
    running.app.save_tracked(Tracking("school", 1), *running.app.on_police_notified(event))
    district = "oestjylland"
    officer = bearer("betjent", "politi", district) if who == "police, own district" else None
    headers = officer or IDENTITIES[who]
    inbox = http.get(f"/districts/{district}/inbox", headers=headers)
    acknowledged = http.post(
        f"/districts/{district}/inbox/{notification_id}/acknowledge", headers=headers
    )
    if officer:
        assert inbox.status_code == 200 and acknowledged.status_code == 200
    else:
        assert inbox.status_code == 404 and acknowledged.status_code == 404
        assert "groomed" not in inbox.text + acknowledged.text


def test_only_auditors_read_audit_exports_and_the_export_shows_deeds_and_reads(
    service: Any,
) -> None:
    _, http, case_id = _school_case(service)
    http.get(f"/cases/{case_id}", headers=RESOURCE_PERSON)
    http.get(f"/cases/{case_id}", headers=OTHER_SCHOOL)
    assert http.get(f"/audit/cases/{case_id}", headers=SCHOOL_STAFF).status_code == 403
    unknown = http.get(f"/audit/cases/{uuid.uuid4()}", headers=OTHER_AUDITOR)
    for who in (OTHER_AUDITOR, OTHER_SCHOOL, SSP_CONSULTANT, POLICE_OFFICER):
        refused = http.get(f"/audit/cases/{case_id}", headers=who)
        assert (refused.status_code, refused.json()) == (404, unknown.json()), "as if unknown"
    export = http.get(f"/audit/cases/{case_id}", headers=AUDITOR)
    assert export.status_code == 200
    body = export.json()
    assert [e["event"] for e in body["events"]] == ["Reported"]
    assert body["events"][0]["actor"]["person_id"] == "skoleleder-bo"
    assert [(a["actor"]["person_id"], a["action"], a["allowed"]) for a in body["accesses"]] == [
        ("laerer-anna", "read", True),
        ("skoleleder-kim", "read", False),
        ("skoleleder-bo", "audit export", False),
        ("revisor-max", "audit export", False),
        ("skoleleder-kim", "audit export", False),
        ("ssp-konsulent-eva", "audit export", False),
        ("betjent-ole", "audit export", False),
    ]
    assert http.get(f"/cases/{case_id}", headers=AUDITOR).status_code == 403


# Authentication: every endpoint of every service refuses a missing or bad token.

FORGER = LocalIssuer(ISSUER.private_key_file.parent.parent / "forger")
BAD_TOKENS: dict[str, dict[str, str]] = {
    "missing": {},
    "expired": bearer("laerer-anna", "ledelse", "Frederiksberg Skole", hours=-1),
    "forged": {
        "Authorization": "Bearer "
        + FORGER.token(
            Settings(_env_file=None),
            person="laerer-anna",
            role="ledelse",
            organisation="Frederiksberg Skole",
            lifetime=timedelta(hours=1),
        )
    },
    "wrong audience": {
        "Authorization": "Bearer "
        + ISSUER.token(
            Settings(_env_file=None, auth_audience="another-system"),
            person="laerer-anna",
            role="ledelse",
            organisation="Frederiksberg Skole",
        )
    },
    "not a token": {"Authorization": "Bearer not.a.jwt"},
    "unknown role": signed_claims(samspil_role="janitor"),
    "empty subject": signed_claims(sub=""),
    "blank subject": signed_claims(sub="   "),
    "no subject": signed_claims(sub=None),
    "expiry as a string": signed_claims(exp=str(int(time.time()) + 3600)),
    "expiry in the year 3000": signed_claims(exp=32503680000),
    "lifetime over the limit": signed_claims(
        iat=int(time.time()) - 3600 * 20, exp=int(time.time()) + 3600
    ),
    "no organisation": signed_claims(samspil_org=None),
    "empty organisation": signed_claims(samspil_org=""),
}
PATH_VALUES = {
    "case_id": "00000000-0000-4000-8000-000000000000",
    "notification_id": "00000000-0000-4000-8000-000000000000",
    "police_district": "koebenhavn",
    "municipality": "Frederiksberg",
    "cluster_id": "00000000-0000-4000-8000-000000000000",
    "link_id": "00000000-0000-4000-8000-000000000000",
}


@pytest.mark.parametrize("name", ["school", "ssp", "police_liaison"])
@pytest.mark.parametrize("token", list(BAD_TOKENS))
def test_every_endpoint_refuses_a_missing_expired_or_forged_token(
    service: Any, name: str, token: str
) -> None:
    running, http = service(name)
    stored = running.app.recorder.max_notification_id()
    paths = http.get("/openapi.json").json()["paths"]
    assert KEY_EXCHANGE_PATH.startswith(SIGNED_MESSAGE_PREFIXES)
    checked = 0
    for template, operations in paths.items():
        if template == "/health" or template.startswith(SIGNED_MESSAGE_PREFIXES):
            continue  # for services and case systems: signed requests, not bearer tokens
        path = template.format(**PATH_VALUES)
        for method in operations:
            response = http.request(method, path, headers=BAD_TOKENS[token], json={})
            assert response.status_code == 401, f"{method.upper()} {template}: {response.text}"
            assert response.headers["WWW-Authenticate"] == "Bearer"
            checked += 1
    assert checked >= {"school": 30, "ssp": 1, "police_liaison": 5}[name]
    assert running.app.recorder.max_notification_id() == stored, "nothing is recorded"
