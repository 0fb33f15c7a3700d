"""Inside the school each role sees what its tasks need: the class team talks with the
class, and needs neither the value-jump reason, nor the facts about the people
involved, nor the logbook (seed 004's split of tasks; ``domain/access.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.access import NEED_TO_KNOW, CaseDetail
from domain.actors import SCHOOL_ROLES, Role
from tests.identities import CLASS_TEAM, RESOURCE_PERSON, SCHOOL_STAFF
from tests.system import a_report

SECRETS = {
    CaseDetail.VALUE_JUMP_REASON: "Pigen frygter voldsom reaktion fra faderen",
    CaseDetail.PEOPLE: "drengen i 9.a, som hun har slået op med",
    CaseDetail.LOGBOOK: "skrev kl. 21.40 til hende igen",
}
WHO = {
    Role.LEDELSE: SCHOOL_STAFF,
    Role.RESSOURCEPERSON: RESOURCE_PERSON,
    Role.KLASSETEAM: CLASS_TEAM,
}


@pytest.fixture
def case(service: Any) -> tuple[Any, str]:
    _, http = service("school")
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]

    def do(path: str, body: dict[str, Any]) -> None:
        response = http.post(f"/cases/{case_id}/{path}", json=body, headers=SCHOOL_STAFF)
        assert response.status_code in (200, 201), response.text

    do(
        "parents-not-yet-informed",
        {"reason": SECRETS[CaseDetail.VALUE_JUMP_REASON], "reassess_by": "2030-01-01"},
    )
    do(
        "facts",
        {
            "involved": [{"role": "known_offender", "description": SECRETS[CaseDetail.PEOPLE]}],
            "what_happened": "Et nøgenbillede deles i klassens gruppechat.",
            "where": "Snapchat",
            "spread": "group_chat",
        },
    )
    do(
        "logbook",
        {
            "who": "ekskæresten",
            "what": SECRETS[CaseDetail.LOGBOOK],
            "where": "Snapchat",
            "when": "2026-11-30T21:40:00Z",
        },
    )
    do(
        "assessment",
        {
            "material": ["naked_body"],
            "reaction": "needs_help",
            "context": "B",
            "provisions": ["§264d"],
            "track": "pedagogical",
        },
    )
    do("deletion-requests", {"from_whom": SECRETS[CaseDetail.PEOPLE]})
    return http, case_id


@pytest.mark.parametrize("role", sorted(SCHOOL_ROLES))
@pytest.mark.parametrize("detail", list(CaseDetail))
def test_each_role_sees_each_detail_only_if_its_tasks_need_it(
    case: tuple[Any, str], role: Role, detail: CaseDetail
) -> None:
    http, case_id = case
    response = http.get(f"/cases/{case_id}", headers=WHO[role])
    assert response.status_code == 200
    shown = SECRETS[detail] in response.text
    assert shown is (role in NEED_TO_KNOW[detail]), f"{role.value} and {detail.value}"


def test_the_class_team_still_sees_what_happens_on_the_card(case: tuple[Any, str]) -> None:
    http, case_id = case
    seen = http.get(f"/cases/{case_id}", headers=CLASS_TEAM).json()
    assert [e["event"] for e in seen["history"]][:3] == [
        "Reported",
        "ParentsNotYetInformed",
        "FactsUncovered",
    ]
    assert seen["parents_not_yet_informed_because"] is None
    assert seen["checklist"] and all(i["label_da"] for i in seen["checklist"])
    assert any(i["key"].startswith("deletion:") for i in seen["checklist"])
