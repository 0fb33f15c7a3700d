"""Shared shape of what a service publishes: the envelope and the sealed Kafka message."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from contracts.deployments import kind_of
from contracts.envelope import IntegrationEvent
from contracts.sealed import case_transport_key
from infra.key_exchange import TransportKeys
from infra.outbox_relay import OutboundMessage
from infra.sealing import seal


def envelope(
    deployment: str, notification: Notification, *, case_id: UUID, occurred_at: datetime
) -> dict[str, Any]:
    """The fields that tie an integration event to the stored notification it came from,
    in the deployment that stored it (so two deployments' notification 5 are two events)."""
    return {
        "event_id": IntegrationEvent.make_event_id(deployment, notification.id),
        "source": kind_of(deployment),
        "source_position": notification.id,
        "case_id": case_id,
        "occurred_at": occurred_at,
    }


def sealed_message(
    contract: IntegrationEvent,
    keys: TransportKeys,
    *,
    deployment: str,
    key_id: str | None = None,
    create: bool = False,
) -> OutboundMessage:
    """Sealed with a transport key (the case's, unless ``key_id`` names another), keyed
    by case id so one case's events stay in order.

    Only the service the cases belong to ``create``s keys; the others seal with the
    key they were given, and ``KeyDestroyed`` once the case is erased.
    """
    key_id = key_id or case_transport_key(contract.case_id)
    key = keys.for_publishing(key_id, create=create)
    return OutboundMessage(
        key=str(contract.case_id),
        value=seal(contract, key_id=key_id, key=key, deployment=deployment)
        .model_dump_json()
        .encode(),
        headers={"samspil-event-type": type(contract).__name__},
    )
