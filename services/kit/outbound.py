"""Shared shape of what a service publishes: the envelope and the sealed Kafka message."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from contracts.deployments import kind_of
from contracts.directory import deployment_tag, district_tag, municipality_tag
from contracts.envelope import IntegrationEvent
from contracts.sealed import case_transport_key
from domain.geography import PoliceDistrict
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
    audience: Sequence[str] = (),
) -> OutboundMessage:
    """Sealed with a transport key (the case's, unless ``key_id`` names another), keyed
    by case id so one case's events stay in order.

    Only the service the cases belong to ``create``s keys; the others seal with the
    key they were given (naming in clear who handed it over, so a receiver that never
    saw the case knows whom to ask), and ``KeyDestroyed`` once the case is erased.
    ``audience`` names whom it is for: every other deployment skips it unopened.
    """
    key_id = key_id or case_transport_key(contract.case_id)
    key = keys.for_publishing(key_id, create=create)
    return OutboundMessage(
        key=str(contract.case_id),
        value=seal(
            contract,
            key_id=key_id,
            key=key,
            deployment=deployment,
            audience=audience,
            key_holder=None if create else keys.holder_of(key_id),
        )
        .model_dump_json()
        .encode(),
        headers={"samspil-event-type": type(contract).__name__},
    )


def audience(
    *,
    municipality: str | None = None,
    district: PoliceDistrict | None = None,
    deployment: str | None = None,
) -> tuple[str, ...]:
    """The tags of whom a case's message is for: the deployments serving its municipality
    or its police district, and the deployment the case belongs to."""
    tags = []
    if municipality:
        tags.append(municipality_tag(municipality))
    if district is not None:
        tags.append(district_tag(district))
    if deployment:
        tags.append(deployment_tag(deployment))
    return tuple(tags)


def case_owner(keys: TransportKeys, case_id: UUID) -> str | None:
    """The deployment whose case it is: the one that handed over the case's key (None
    when the key is this deployment's own)."""
    return keys.holder_of(case_transport_key(case_id))
