"""Integration events as a school would publish them, sealed as they cross Kafka."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from contracts.case_events import CaseReportedV1, PoliceNotifiedV1
from contracts.envelope import ActorV1, IntegrationEvent
from contracts.sealed import case_transport_key
from domain.actors import Role
from infra.sealing import seal

TEACHER = ActorV1(person_id="laerer-anna", role=Role.RESSOURCEPERSON, organisation="Skolen")


def envelope(position: int, case_id: uuid.UUID) -> dict[str, Any]:
    return {
        "event_id": IntegrationEvent.make_event_id("school", position),
        "source": "school",
        "source_position": position,
        "case_id": case_id,
        "occurred_at": datetime.now(UTC),
        "actor": TEACHER,
    }


def reported(position: int, case_id: uuid.UUID, municipality: str = "Aarhus") -> CaseReportedV1:
    return CaseReportedV1(
        **envelope(position, case_id),
        institution="Skolen",
        municipality=municipality,
        police_district="oestjylland",
        offence_category="grooming",
        victim_is_minor=True,
    )


def notified(position: int, case_id: uuid.UUID, notification_id: uuid.UUID) -> PoliceNotifiedV1:
    return PoliceNotifiedV1(
        **envelope(position, case_id),
        police_notification_id=notification_id,
        police_district="oestjylland",
        institution="Skolen",
        municipality="Aarhus",
        offence_category="grooming",
        victim_is_minor=True,
        case_description="Pupil groomed by an adult online.",
    )


def wire(event: IntegrationEvent, receiver: Any) -> bytes:
    """The event as it crosses Kafka: sealed with its case's transport key, which the
    receiver holds already (as after a key exchange with the school)."""
    key_id = case_transport_key(event.case_id)
    key = receiver.data_keys.key(key_id, create=True)
    return seal(event, key_id=key_id, key=key).model_dump_json().encode()
