"""The school API records what professionals do, and refuses bad input clearly."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.identities import SCHOOL_STAFF
from tests.system import a_report


@pytest.fixture
def school(service: Any) -> tuple[Any, TestClient]:
    return service("school")  # type: ignore[no-any-return]


def _stored_events(running: Any) -> int:
    return running.app.recorder.max_notification_id() or 0


def test_reporting_a_case_records_the_actor_from_the_token(school: Any) -> None:
    _, http = school
    response = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF)
    assert response.status_code == 201
    case = response.json()
    assert case["reported_by"] == {
        "person_id": "skoleleder-bo",
        "role": "ledelse",
        "organisation": "Frederiksberg Skole",
    }
    assert [h["event"] for h in case["history"]] == ["Reported"]
    again = http.get(f"/cases/{case['case_id']}", headers=SCHOOL_STAFF).json()
    assert again == case


def test_steps_of_the_action_card_show_in_the_history_and_checklist(school: Any) -> None:
    _, http = school
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)
    assessed = http.post(
        f"/cases/{case_id}/assessment",
        json={
            "material": ["naked_body"],
            "reaction": "needs_help",
            "context": "A",
            "provisions": ["§264d"],
            "track": "pedagogical",
        },
        headers=SCHOOL_STAFF,
    )
    assert assessed.status_code == 200, assessed.text
    assert assessed.json()["level"] == 2
    http.post(
        f"/cases/{case_id}/takedown-requests", json={"platform": "TikTok"}, headers=SCHOOL_STAFF
    )
    notified = http.post(f"/cases/{case_id}/police-notifications", headers=SCHOOL_STAFF)
    assert notified.status_code == 201

    case = http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json()
    assert case["parents_informed"] is True
    assert [(t["platform"], t["outcome"]) for t in case["takedowns"]] == [("TikTok", "pending")]
    (notification,) = case["police_notifications"]
    assert notification["notification_id"] == notified.json()["police_notification_id"]
    assert (notification["acknowledged"], notification["acknowledged_by"]) == (False, None)
    assert notification["sent"]["by"]["person_id"] == "skoleleder-bo"
    assert [h["event"] for h in case["history"]] == [
        "Reported",
        "ParentsInformed",
        "Assessed",
        "TakedownRequested",
        "PoliceNotified",
    ]
    checklist = {i["key"]: i for i in case["checklist"]}
    assert checklist["assess"]["status"] == "done"
    assert checklist["police_view"]["status"] == "waiting", "sent is not yet acknowledged"
    assert checklist["uncover"] == {
        "key": "uncover",
        "step": "vurder",
        "label_da": "Afdæk: hvem, hvad, hvor, hvor udbredt, alder",
        "label_en": (
            "Uncover who is involved, what happened, where, how far it spread, the victim's age"
        ),
        "responsible": "ressourceperson",
        "status": "due",
        "why": "Never act on assumptions.",
        "why_da": "Handl aldrig på formodninger.",
        "done": None,
        "since": None,
        "until": None,
        "assigned_to": None,
    }


def test_the_level_suggestion_can_be_asked_before_assessing(school: Any) -> None:
    _, http = school
    response = http.get(
        "/cases/level-suggestion",
        params={"reaction": "needs_help", "material": ["naked_body", "face_visible"]},
        headers=SCHOOL_STAFF,
    )
    assert response.json() == {"suggested_level": 2}, "seed 001: level 2 may show the face"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": ""}, "description"),
        ({"police_district": "atlantis"}, "police_district"),
        ({"offence_category": "bullying"}, "offence_category"),
        ({"victim_is_minor": "maybe"}, "victim_is_minor"),
        ({"institution": "x" * 201}, "institution"),
    ],
)
def test_a_malformed_report_is_refused_naming_the_field(
    school: Any, change: dict[str, Any], field: str
) -> None:
    running, http = school
    response = http.post("/cases", json=a_report(**change), headers=SCHOOL_STAFF)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    assert _stored_events(running) == 0


def test_a_report_missing_a_field_names_it(school: Any) -> None:
    _, http = school
    report = a_report()
    del report["municipality"]
    response = http.post("/cases", json=report, headers=SCHOOL_STAFF)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "municipality"]


def test_a_report_with_attached_material_is_refused_and_nothing_is_kept(school: Any) -> None:
    running, http = school
    report = a_report(image="data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ==")
    response = http.post("/cases", json=report, headers=SCHOOL_STAFF)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "image"]
    assert _stored_events(running) == 0


def test_an_unknown_case_is_404_and_a_malformed_id_names_the_field(school: Any) -> None:
    _, http = school
    missing = http.get("/cases/00000000-0000-4000-8000-000000000000", headers=SCHOOL_STAFF)
    assert missing.status_code == 404
    assert missing.json()["detail"]
    malformed = http.post("/cases/not-a-uuid/parents-informed", headers=SCHOOL_STAFF)
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["loc"] == ["path", "case_id"]


def test_a_refused_step_leaves_the_case_unchanged(school: Any) -> None:
    running, http = school
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)
    before = http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json()
    stored = _stored_events(running)

    again = http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)
    assert again.status_code == 409
    assert again.json() == {
        "detail": "The parents are already recorded as informed on this case.",
        "error": "ParentsAlreadyInformed",
        "detail_en": "The parents are already recorded as informed on this case.",
        "detail_da": "Det er allerede registreret på sagen, at forældrene er informeret.",
    }
    assert _stored_events(running) == stored
    assert http.get(f"/cases/{case_id}", headers=SCHOOL_STAFF).json() == before


def test_the_openapi_document_describes_every_endpoint(school: Any) -> None:
    _, http = school
    paths = http.get("/openapi.json").json()["paths"]
    assert set(paths) >= {
        "/cases",
        "/cases/{case_id}",
        "/cases/{case_id}/parents-informed",
        "/cases/{case_id}/takedown-requests",
        "/cases/{case_id}/police-notifications",
    }
    assert http.get("/docs").status_code == 200
