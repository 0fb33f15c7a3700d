"""What the police liaison publishes back to schools: acknowledgements, evidence decisions."""

from __future__ import annotations

from eventsourcing.persistence import Notification

from contracts.envelope import ActorV1, IntegrationEvent
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from domain.police_inbox import PoliceNotification
from infra.outbox_relay import OutboundMessage, Translate
from services.kit.outbound import audience, case_owner, envelope, sealed_message
from services.police_liaison.application import PoliceLiaisonApplication

PUBLISHED = (
    PoliceNotification.Acknowledged,
    PoliceNotification.EvidenceHoldSet,
    PoliceNotification.EvidenceReleased,
)


def police_event_translator(app: PoliceLiaisonApplication) -> Translate:
    deployment = app.settings.deployment(app.name)

    def translate(notification: Notification) -> OutboundMessage | None:
        event = app.mapper.to_domain_event(notification)
        if not isinstance(event, PUBLISHED):
            return None
        item: PoliceNotification = app.repository.get(
            event.originator_id, version=event.originator_version
        )
        common = {
            **envelope(
                deployment, notification, case_id=item.case_id, occurred_at=event.timestamp
            ),
            "actor": ActorV1.of(event.actor),
            "police_notification_id": item.notification_id,
            "police_district": item.police_district,
        }
        contract: IntegrationEvent
        if isinstance(event, PoliceNotification.Acknowledged):
            contract = PoliceNotificationAcknowledgedV1(**common)
        else:
            decision = (
                "hold" if isinstance(event, PoliceNotification.EvidenceHoldSet) else "release"
            )
            contract = EvidenceDecisionV1(**common, decision=decision)
        # Sealed with the transport key the school shared for this case, and for it.
        owner = case_owner(app.transport_keys, item.case_id)
        return sealed_message(
            contract,
            app.transport_keys,
            deployment=deployment,
            audience=audience(municipality=item.municipality, deployment=owner),
        )

    return translate
