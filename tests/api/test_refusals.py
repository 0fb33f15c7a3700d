"""Every command the rules refuse answers clearly and leaves the case exactly as it was."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.identities import SCHOOL_STAFF
from tests.system import a_report

LEVEL = {
    1: {"material": ["underwear_or_bikini"], "reaction": "no_special_need"},
    2: {"material": ["naked_body"], "reaction": "needs_help"},
    3: {"material": ["naked_body", "face_visible"], "reaction": "out_of_control"},
    4: {"material": ["naked_body", "face_visible", "threats"], "reaction": "violent"},
}


def assessment(suggested: int, **overrides: Any) -> dict[str, Any]:
    return {
        **LEVEL[suggested],
        "context": "B",
        "provisions": ["§264d"],
        "track": "pedagogical",
        **overrides,
    }


Step = tuple[str, dict[str, Any] | None]
PARENTS: Step = ("parents-informed", None)


def at_level(level: int) -> list[Step]:
    return [PARENTS, ("assessment", assessment(level))]


CASES: list[tuple[str, list[Step], Step, str, str]] = [
    (
        "override without reason",
        [PARENTS],
        ("assessment", assessment(1, level=3)),
        "ReasonRequired",
        "instead of the suggested 1",
    ),
    (
        "rule 2: takedown at level 3 before the police decided",
        at_level(3),
        ("takedown-requests", {"platform": "Snapchat"}),
        "WaitingForPolice",
        "police decide how and when material is deleted",
    ),
    (
        "rule 2: deletion at level 4 before the police decided",
        at_level(4),
        ("deletion-requests", {"from_whom": "ex-boyfriend"}),
        "WaitingForPolice",
        "not yet made an evidence decision",
    ),
    (
        "rule 3: closing level 4 without a police report",
        at_level(4),
        ("close", {"outcome": "resolved"}),
        "PoliceReportRequired",
        "police report is required",
    ),
    (
        "rule 4: a Stop step before a minor's parents, without why it cannot wait",
        [("assessment", assessment(2))],
        ("takedown-requests", {"platform": "Snapchat"}),
        "ParentsNotInvolved",
        "record why it cannot wait",
    ),
    (
        "rule 4: closing before a minor's parents are involved",
        [("assessment", assessment(1))],
        ("close", {"outcome": "resolved", "reason": "moved away"}),
        "ParentsNotInvolved",
        "værdispringsreglen",
    ),
    (
        "rule 4: the value-jump rule without a reason",
        [],
        ("parents-not-yet-informed", {"reason": "   ", "reassess_by": "2030-01-01"}),
        "ReasonRequired",
        "requires a reason",
    ),
    (
        "closing with steps still due, without why",
        at_level(1),
        ("close", {"outcome": "resolved"}),
        "ReasonRequired",
        "steps still due",
    ),
    (
        "confirming a deletion that was never requested",
        at_level(2),
        (
            "deletion-confirmations",
            {
                "request_id": "00000000-0000-4000-8000-000000000001",
                "proof": "none",
                "shared_with_count": 0,
            },
        ),
        "UnknownDeletionRequest",
        "no deletion request",
    ),
    (
        "rule 5: the school reporting under §264d",
        at_level(4),
        (
            "police-reports",
            {"filed_by": "school", "provision": "§264d", "channel": "station"},
        ),
        "SchoolMayNotReport",
        "the victim or the parents file",
    ),
    (
        "rule 6: Datatilsynet without a refusal",
        [*at_level(2), ("takedown-requests", {"platform": "TikTok"})],
        ("datatilsynet-complaints", {"platform": "TikTok"}),
        "NoRefusedTakedown",
        "no refusal from TikTok",
    ),
    (
        "rule 7: telling the class without the parents' consent",
        [*at_level(2), ("consents", {"given_by": "victim", "audience": "class"})],
        ("surroundings-informed", {"audience": "class"}),
        "ConsentMissing",
        "consent of the parents",
    ),
    (
        "rule 8: acting on a closed case",
        [*at_level(1), ("close", {"outcome": "resolved", "reason": "two supportive talks"})],
        ("ssp-sparring", {"note": "late note"}),
        "CaseIsClosed",
        "Reopen it",
    ),
    (
        "rule 8: reopening an open case",
        at_level(1),
        ("reopen", {"reason": "nothing"}),
        "CaseIsOpen",
        "only a closed case",
    ),
]


@pytest.mark.parametrize(
    ("setup", "command", "error", "message"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_a_refused_command_answers_409_and_changes_nothing(
    service: Any, setup: list[Step], command: Step, error: str, message: str
) -> None:
    running, http = service("school")
    case_id = _case_after(http, setup)
    before = http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json()
    stored = running.app.recorder.max_notification_id()

    path, body = command
    response = http.post(f"/cases/{case_id}/{path}", json=body, headers=SCHOOL_STAFF)

    assert response.status_code == 409, response.text
    assert response.json()["error"] == error
    assert message in response.json()["detail"]
    assert running.app.recorder.max_notification_id() == stored, "nothing was recorded"
    assert http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json() == before


def _case_after(http: TestClient, steps: list[Step]) -> str:
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    for path, body in steps:
        response = http.post(f"/cases/{case_id}/{path}", json=body, headers=SCHOOL_STAFF)
        assert response.status_code == 200, response.text
    return str(case_id)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"description": "see data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}, "description"),
        ({"institution": "A" * 300}, "institution"),
    ],
)
def test_file_content_in_a_report_is_refused_naming_the_field(
    service: Any, body: dict[str, str], field: str
) -> None:
    running, http = service("school")
    response = http.post("/cases", json=a_report(**body), headers=SCHOOL_STAFF)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", field]
    assert "never holds images or video" in problem["msg"]
    assert "iVBOR" not in response.text
    assert running.app.recorder.max_notification_id() is None


def test_uploads_and_binary_bodies_are_refused(service: Any) -> None:
    running, http = service("school")
    upload = http.post(
        "/cases",
        files={"image": ("nude.jpg", b"\xff\xd8\xff\xe0 fake", "image/jpeg")},
        headers=SCHOOL_STAFF,
    )
    assert upload.status_code == 415
    binary = http.post(
        "/cases",
        content=b"\xff\xd8\xff\xe0" * 100,
        headers={**SCHOOL_STAFF, "Content-Type": "application/octet-stream"},
    )
    assert binary.status_code == 415
    huge = http.post("/cases", json=a_report(description="ord " * 100_000), headers=SCHOOL_STAFF)
    assert huge.status_code == 413
    assert running.app.recorder.max_notification_id() is None
