"""Through the school's API, the checklist shows as done only what was done.

Each test is one of the moments a professional saw the card claim too much: a police
notification shown as done before the police answered, a deferral shown as
involvement, a refused takedown shown as done, one confirmation closing three deletion
requests, a case closed under a police evidence hold, a release after closing that
asked nothing of anyone, a reopened case with every step still done.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from eventsourcing.persistence import Tracking

from contracts.envelope import ActorV1, IntegrationEvent
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from domain.actors import Role
from tests.identities import SCHOOL_STAFF
from tests.system import a_report

OFFICER = ActorV1(person_id="betjent-ole", role=Role.POLITI, organisation="koebenhavn")
LEVEL_3 = {
    "material": ["naked_body", "face_visible"],
    "reaction": "out_of_control",
    "context": "B",
    "provisions": ["§264d"],
    "track": "pedagogical",
}
LEVEL_2 = {**LEVEL_3, "material": ["naked_body"], "reaction": "needs_help"}


class School:
    """One case at the school, driven through its API (and the police's messages)."""

    def __init__(self, service: Any, *, minor: bool = True) -> None:
        self.running, self.http = service("school")
        created = self.http.post(
            "/cases", json=a_report(victim_is_minor=minor), headers=SCHOOL_STAFF
        )
        self.case_id = created.json()["case_id"]
        self.police_position = 0

    def do(self, path: str, body: dict[str, Any] | None = None, expect: int = 200) -> Any:
        response = self.http.post(f"/cases/{self.case_id}/{path}", json=body, headers=SCHOOL_STAFF)
        assert response.status_code == expect, response.text
        return response.json()

    def item(self, key: str) -> dict[str, Any]:
        case = self.http.get(f"/cases/{self.case_id}", headers=SCHOOL_STAFF).json()
        (found,) = [i for i in case["checklist"] if i["key"] == key]
        return dict(found)

    def keys(self) -> set[str]:
        case = self.http.get(f"/cases/{self.case_id}", headers=SCHOOL_STAFF).json()
        return {i["key"] for i in case["checklist"]}

    def from_police(self, build: type[IntegrationEvent], **fields: Any) -> None:
        self.police_position += 1
        event = build(
            event_id=IntegrationEvent.make_event_id("police_liaison", self.police_position),
            source="police_liaison",
            source_position=self.police_position,
            case_id=uuid.UUID(self.case_id),
            occurred_at=datetime.now(UTC),
            actor=OFFICER,
            police_district="koebenhavn",
            **fields,
        )
        app = self.running.app
        handler = (
            app.on_police_acknowledged
            if build is PoliceNotificationAcknowledgedV1
            else app.on_evidence_decision
        )
        app.save_tracked(Tracking("police_liaison", self.police_position), *handler(event))


def test_the_police_contact_waits_until_the_police_acknowledge(service: Any) -> None:
    school = School(service)
    school.do("parents-informed")
    school.do("assessment", LEVEL_3)
    sent = school.do("police-notifications", expect=201)["police_notification_id"]
    waiting = school.item("police_view")
    assert waiting["status"] == "waiting" and waiting["since"]
    assert waiting["why"] == "Sent to the police; not yet acknowledged."
    school.from_police(PoliceNotificationAcknowledgedV1, police_notification_id=sent)
    done = school.item("police_view")
    assert done["status"] == "done" and done["done"]["by"]["person_id"] == "betjent-ole"


def test_a_deferral_is_deferred_until_its_date_and_then_due_again(service: Any) -> None:
    school = School(service)
    today = school.running.app.today()
    by = today + timedelta(days=2)
    school.do("parents-not-yet-informed", {"reason": "Risk at home.", "reassess_by": str(by)})
    deferred = school.item("involve_parents")
    assert (deferred["status"], deferred["until"]) == ("deferred", str(by))
    school.running.app.today = lambda: by  # type: ignore[method-assign]
    due = school.item("involve_parents")
    assert due["status"] == "due" and str(by) in due["why"]


def test_a_refused_takedown_is_not_done_and_points_to_datatilsynet(service: Any) -> None:
    school = School(service)
    school.do("parents-informed")
    school.do("assessment", LEVEL_2)
    school.do("takedown-requests", {"platform": "Instagram"})
    assert school.item("takedown:Instagram")["status"] == "waiting"
    school.do("takedown-outcomes", {"platform": "instagram", "outcome": "refused"})
    refused = school.item("takedown:Instagram")
    assert refused["status"] == "due" and "complain to Datatilsynet" in refused["why"]
    assert school.item("complaint:Instagram")["status"] == "due"
    school.do("datatilsynet-complaints", {"platform": "Instagram"})
    assert school.item("complaint:Instagram")["status"] == "waiting"
    school.do("datatilsynet-decisions", {"platform": "Instagram", "outcome": "rejected"})
    assert school.item("complaint:Instagram")["status"] == "done"
    assert school.item("takedown:Instagram")["status"] == "due"


def test_three_deletion_requests_need_three_confirmations(service: Any) -> None:
    school = School(service)
    school.do("parents-informed")
    school.do("assessment", LEVEL_2)
    asked = [
        school.do("deletion-requests", {"from_whom": who}, expect=201)["request_id"]
        for who in ("classmate in 8.b", "her cousin", "a boy in 9.a")
    ]
    school.do(
        "deletion-confirmations",
        {"request_id": asked[0], "proof": "shown_in_person", "shared_with_count": 3},
    )
    assert [school.item(f"deletion:{r}")["status"] for r in asked] == ["done", "waiting", "waiting"]


def test_closing_names_the_open_steps_and_the_police_hold_keeps_it_open(service: Any) -> None:
    school = School(service)
    school.do("parents-informed")
    school.do("assessment", LEVEL_3)
    sent = school.do("police-notifications", expect=201)["police_notification_id"]
    school.from_police(EvidenceDecisionV1, police_notification_id=sent, decision="hold")
    assert school.item("close")["status"] == "blocked"
    held = school.do("close", {"outcome": "resolved", "reason": "x"}, expect=409)
    assert held["error"] == "EvidenceHeldByPolice"
    school.from_police(EvidenceDecisionV1, police_notification_id=sent, decision="release")
    unexplained = school.do("close", {"outcome": "resolved"}, expect=409)
    assert unexplained["error"] == "ReasonRequired"
    closed = school.do("close", {"outcome": "resolved", "reason": "The pupil moved."})
    (event,) = [e for e in closed["history"] if e["event"] == "Closed"]
    assert "uncover" in event["details"]["left_open"]


def test_a_release_after_closing_asks_for_the_takedown(service: Any) -> None:
    school = School(service)
    school.do("parents-informed")
    school.do("assessment", LEVEL_3)
    sent = school.do("police-notifications", expect=201)["police_notification_id"]
    school.from_police(EvidenceDecisionV1, police_notification_id=sent, decision="hold")
    school.do("police-takeover")
    school.do("close", {"outcome": "transferred_to_police", "reason": "The police took over."})
    assert school.item("reopen")["status"] == "recommended"
    school.from_police(EvidenceDecisionV1, police_notification_id=sent, decision="release")
    release = school.item("arrived:0:evidence_released")
    assert release["status"] == "due" and "have it removed" in release["label_en"]
    assert school.item("reopen")["status"] == "due"


def test_reopening_because_the_image_resurfaced_makes_document_and_stop_due(service: Any) -> None:
    school = School(service)
    school.do("parents-informed")
    school.do("assessment", LEVEL_2)
    school.do(
        "facts",
        {"involved": [], "what_happened": "x", "where": "y", "spread": "public_online"},
    )
    school.do("evidence", {"kind": "screenshot", "held_by": "victim"})
    school.do("takedown-requests", {"platform": "TikTok"})
    school.do("takedown-outcomes", {"platform": "TikTok", "outcome": "removed"})
    assert school.item("keep_evidence")["status"] == "done"
    school.do("close", {"outcome": "resolved", "reason": "Removed."})
    school.do("reopen", {"reason": "Billedet er dukket op igen.", "because": "material_resurfaced"})
    assert school.item("keep_evidence")["status"] == "due"
    assert school.item("request_takedown")["status"] == "due"
    assert school.item("uncover")["status"] == "done"


def test_evidence_is_documented_before_the_parents_are_told(service: Any) -> None:
    school = School(service)
    school.do("evidence", {"kind": "message", "held_by": "victim"})
    school.do(
        "logbook",
        {
            "who": "the pupil",
            "what": "a threat",
            "where": "Snapchat",
            "when": "2026-11-30T21:00:00Z",
        },
    )
    assert school.item("keep_evidence")["status"] == "done"
    assert school.item("involve_parents")["status"] == "due"


def test_help_items_appear_for_the_level_and_disappear_where_they_do_not_apply(
    service: Any,
) -> None:
    school = School(service, minor=False)
    school.do("assessment", LEVEL_2)
    school.do(
        "facts",
        {
            "involved": [{"role": "unknown_offender", "description": "a profile abroad"}],
            "what_happened": "Threats to share a nude image.",
            "where": "Instagram",
            "spread": "not_shared",
        },
    )
    keys = school.keys()
    assert "help:supportive_talks" in keys and "conflict_mediation" not in keys
    assert not {"involve_parents", "parent_updates_agreed"} & keys
    school.do("help", {"item": "supportive_talks", "note": "First talk held."})
    talks = school.item("help:supportive_talks")
    assert talks["status"] == "done" and talks["done"]["by"]["person_id"] == "skoleleder-bo"
