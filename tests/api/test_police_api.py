"""The police inbox answers per district, and acknowledges each notification once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from eventsourcing.persistence import Tracking

from contracts.case_events import CaseErasedV2
from contracts.envelope import ActorV2
from tests.identities import OTHER_POLICE, bearer
from tests.messages import envelope, notified

EAST_JUTLAND_OFFICER = bearer("betjent-sofie", "politi", "Østjyllands Politi")


def _receive(police: Any, position: int) -> str:
    notification_id = uuid.uuid4()
    event = notified(position, uuid.uuid4(), notification_id)
    police.app.save_tracked(Tracking("school", position), *police.app.on_police_notified(event))
    return str(notification_id)


def test_a_notification_is_acknowledged_once_and_shows_who_did_it(service: Any) -> None:
    police, http = service("police_liaison")
    notification_id = _receive(police, 1)
    url = f"/districts/oestjylland/inbox/{notification_id}"

    first = http.post(f"{url}/acknowledge", headers=EAST_JUTLAND_OFFICER)
    assert first.status_code == 200
    assert first.json()["acknowledged_by"] == {
        "person_id": "betjent-sofie",
        "role": "politi",
        "organisation": "Østjyllands Politi",
    }
    stored = police.app.recorder.max_notification_id()

    second = http.post(f"{url}/acknowledge", headers=EAST_JUTLAND_OFFICER)
    assert second.status_code == 409
    assert second.json()["error"] == "PoliceNotificationAlreadyAcknowledged"
    assert police.app.recorder.max_notification_id() == stored


def test_another_districts_notification_is_not_found(service: Any) -> None:
    police, http = service("police_liaison")
    notification_id = _receive(police, 1)
    own = f"/districts/oestjylland/inbox/{notification_id}"
    assert http.get(own, headers=EAST_JUTLAND_OFFICER).status_code == 200
    assert http.get(own, headers=OTHER_POLICE).status_code == 404
    assert http.get("/districts/oestjylland/inbox", headers=OTHER_POLICE).status_code == 404
    elsewhere = http.get(f"/districts/fyn/inbox/{notification_id}", headers=OTHER_POLICE)
    assert elsewhere.status_code == 404
    assert http.get("/districts/fyn/inbox", headers=OTHER_POLICE).json()["notifications"] == []
    refused = http.post(f"{own}/acknowledge", headers=OTHER_POLICE)
    assert refused.status_code == 404
    assert police.app.get_or_none(uuid.UUID(notification_id)).acknowledged_by is None


def test_an_unknown_district_is_refused_naming_the_field(service: Any) -> None:
    _, http = service("police_liaison")
    response = http.get("/districts/atlantis/inbox", headers=EAST_JUTLAND_OFFICER)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "police_district"]


def test_an_erased_cases_notification_answers_410_to_its_district_and_404_to_others(
    service: Any,
) -> None:
    police, http = service("police_liaison")
    notification_id = uuid.uuid4()
    event = notified(1, uuid.uuid4(), notification_id)
    police.app.save_tracked(Tracking("school", 1), *police.app.on_police_notified(event))
    erased = CaseErasedV2(
        **{
            **envelope(2, event.case_id),
            "actor": ActorV2(person_id="dpo", role="databeskyttelse", organisation="Aarhus"),
        }
    )
    police.app.save_tracked(Tracking("school", 2), *police.app.on_case_erased(erased))
    stored = police.app.recorder.max_notification_id()
    url = f"/districts/oestjylland/inbox/{notification_id}"
    unknown = f"/districts/oestjylland/inbox/{uuid.uuid4()}"

    for method, path in [("GET", ""), *(("POST", f"/{a}") for a in ACTIONS)]:
        own = http.request(method, url + path, headers=EAST_JUTLAND_OFFICER)
        assert own.status_code == 410, f"{method} {path}: {own.text}"
        assert own.json()["reason"] == "erased by the school"
        other = http.request(method, url + path, headers=OTHER_POLICE)
        never = http.request(method, unknown + path, headers=OTHER_POLICE)
        assert (other.status_code, other.json()) == (404, never.json()), "as if unknown"
    assert police.app.recorder.max_notification_id() > stored  # the refusals are logged
    inbox = http.get("/districts/oestjylland/inbox", headers=EAST_JUTLAND_OFFICER).json()
    assert inbox["notifications"] == []


ACTIONS = ("acknowledge", "evidence-hold", "evidence-release")


def test_overdue_acknowledgements_come_first_in_the_inbox(service: Any) -> None:
    police, http = service("police_liaison")
    old_id = uuid.uuid4()
    old = notified(1, uuid.uuid4(), old_id).model_copy(
        update={"occurred_at": datetime.now(UTC) - timedelta(days=10)}
    )
    police.app.save_tracked(Tracking("school", 1), *police.app.on_police_notified(old))
    fresh = _receive(police, 2)
    inbox = http.get("/districts/oestjylland/inbox", headers=EAST_JUTLAND_OFFICER).json()
    ids = [n["notification_id"] for n in inbox["notifications"]]
    assert ids == [str(old_id), fresh], "the overdue one first, though it is older"
    first, second = inbox["notifications"]
    assert first["overdue"] is True and second["overdue"] is False
    assert second["acknowledge_by"] > second["notified_at"]
