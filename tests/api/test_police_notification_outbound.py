"""What the school tells the police when it notifies them: enough to triage, nothing more."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from contracts.case_events import PoliceNotifiedV2, ProvisionV2
from contracts.registry import parse_event, parse_sealed
from contracts.sealed import case_transport_key
from infra.sealing import unseal
from infra.settings import ServiceName
from services.school.outbound import case_event_translator
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF
from tests.system import a_report

VALUE_JUMP_REASON = "Stedfaren er mistænkt og må ikke få det at vide endnu"
OVERRIDE_REASON = "Eleven er langt mere påvirket end materialet tilsiger"
WHO = "Klassekammerat Mikkel i 8.b"


def published_notifications(running: Built) -> list[tuple[PoliceNotifiedV2, bytes]]:
    school = running[0].app
    translate = case_event_translator(school)
    messages = [translate(n) for n in school.recorder.select_notifications(1, 100)]
    found = []
    for message in messages:
        if message is None:
            continue
        sealed = parse_sealed(message.value)
        if sealed.event_type == "PoliceNotified":
            key = school.data_keys.key(case_transport_key(sealed.case_id), create=False)
            opened = unseal(sealed, key)
            event = parse_event(opened)
            assert isinstance(event, PoliceNotifiedV2)
            found.append((event, opened))
    return found


def test_the_notification_carries_level_context_track_provisions_and_the_report(
    service: Callable[[ServiceName], Built],
) -> None:
    running = service("school")
    _, http = running
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])

    def post(path: str, body: object = None) -> None:
        answer = http.post(f"/cases/{case_id}/{path}", json=body, headers=SCHOOL_STAFF)
        assert answer.is_success, answer.text

    post("police-notifications")  # before the assessment: the police are told it is open
    post(
        "facts",
        {
            "involved": [{"role": "known_offender", "description": WHO}],
            "what_happened": "Billeder delt i en gruppe",
            "where": "Snapchat",
            "spread": "unknown",
        },
    )
    post("parents-not-yet-informed", {"reason": VALUE_JUMP_REASON, "reassess_by": "2030-01-01"})
    post(
        "assessment",
        {
            "material": ["naked_body", "face_visible"],
            "reaction": "violent",
            "context": "B",
            "provisions": ["§264d", "§281"],
            "track": "police_case",
            "level": 3,
            "reason": OVERRIDE_REASON,
        },
    )
    post("police-reports", {"filed_by": "parents", "provision": "§264d", "channel": "online"})
    post("police-notifications")

    (first, _), (second, opened) = published_notifications(running)
    assert (first.level, first.context, first.track) == (None, None, None)
    assert (first.provisions, first.police_report_filed) == ([], False)
    assert (second.level, second.context, second.track) == (3, "B", "police_case")
    assert second.provisions == [ProvisionV2.SHARING_PRIVATE_IMAGES, ProvisionV2.EXTORTION]
    assert (second.victim_is_minor, second.police_report_filed) == (True, True)
    text = opened.decode()
    for withheld in (VALUE_JUMP_REASON, OVERRIDE_REASON, WHO, "Mikkel", "Snapchat"):
        assert withheld not in text, f"{withheld!r} stays at the school"
