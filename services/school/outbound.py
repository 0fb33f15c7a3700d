"""What of a case the school publishes, as versioned integration events.

Only these events leave the school; everything else in the case stream stays in
the school's own store.
"""

from __future__ import annotations

from typing import cast

from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import Notification

from contracts.case_events import (
    CaseReportedV1,
    ParentsInformedV1,
    PoliceNotifiedV1,
    TakedownRequestedV1,
)
from contracts.envelope import ActorV1, IntegrationEvent
from domain.case import Case
from infra.outbox_relay import OutboundMessage, Translate
from services.kit.outbound import envelope, message
from services.school.application import SchoolApplication


def case_event_translator(app: SchoolApplication) -> Translate:
    def translate(notification: Notification) -> OutboundMessage | None:
        event = cast(DomainEvent, app.mapper.to_domain_event(notification))
        common = envelope(
            "school", notification, case_id=event.originator_id, occurred_at=event.timestamp
        )
        contract: IntegrationEvent
        if isinstance(event, Case.Reported):
            contract = CaseReportedV1(
                **common,
                actor=ActorV1.of(event.actor),
                institution=event.institution,
                municipality=event.municipality,
                police_district=event.police_district,
                offence_category=event.offence_category,
                victim_is_minor=event.victim_is_minor,
            )
        elif isinstance(event, Case.ParentsInformed):
            contract = ParentsInformedV1(**common, actor=ActorV1.of(event.actor))
        elif isinstance(event, Case.TakedownRequested):
            contract = TakedownRequestedV1(
                **common, actor=ActorV1.of(event.actor), platform=event.platform
            )
        elif isinstance(event, Case.PoliceNotified):
            case: Case = app.repository.get(event.originator_id, version=event.originator_version)
            contract = PoliceNotifiedV1(
                **common,
                actor=ActorV1.of(event.actor),
                police_notification_id=event.notification_id,
                police_district=case.police_district,
                institution=case.institution,
                municipality=case.municipality,
                offence_category=case.offence_category,
                victim_is_minor=case.victim_is_minor,
                case_description=case.description,
            )
        else:
            return None
        return message(contract)

    return translate
