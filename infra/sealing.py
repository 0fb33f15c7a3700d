"""Sealing integration events for Kafka with a transport key (AES-GCM).

See ``contracts.sealed`` for what stays in clear. Unsealing checks that the event
inside says what the clear fields say, so a sealed event cannot pose as another.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from contracts.deployments import kind_of
from contracts.envelope import IntegrationEvent
from contracts.sealed import SealedEvent, SealedEventV3

_PLACEHOLDER = "A" * 24


class SealBroken(Exception):
    """The sealed event does not open with its key, or its inside contradicts its outside."""


def seal(
    event: IntegrationEvent,
    *,
    key_id: str,
    key: bytes,
    deployment: str | None = None,
    audience: Sequence[str] = (),
    key_holder: str | None = None,
) -> SealedEventV3:
    """Sealed for Kafka, naming the deployment that publishes it (by default the one
    deployment of the event's kind) and whom it is for (empty: every reader)."""
    nonce = os.urandom(12)
    header = SealedEventV3(
        deployment=deployment or event.source,
        audience=tuple(audience),
        key_holder=key_holder,
        event_type=getattr(event, "event_type"),  # noqa: B009 - every published contract has one
        schema_version=getattr(event, "schema_version"),  # noqa: B009
        event_id=event.event_id,
        source=event.source,
        source_position=event.source_position,
        case_id=event.case_id,
        key_id=key_id,
        nonce=base64.b64encode(nonce).decode(),
        ciphertext=_PLACEHOLDER,
    )
    sealed = AESGCM(key).encrypt(nonce, event.model_dump_json().encode(), header.associated_data())
    return header.model_copy(update={"ciphertext": base64.b64encode(sealed).decode()})


def unseal(sealed: SealedEvent, key: bytes) -> bytes:
    """The event's JSON; raises ``SealBroken`` if the key or any clear field is wrong."""
    try:
        return AESGCM(key).decrypt(
            base64.b64decode(sealed.nonce),
            base64.b64decode(sealed.ciphertext),
            sealed.associated_data(),
        )
    except (InvalidTag, ValueError) as error:
        raise SealBroken("the sealed event does not open with its transport key") from error


def check_inside(sealed: SealedEvent, event: IntegrationEvent) -> None:
    """The clear fields must name the event inside, and the deployment must be of the
    event's kind (and the one an event naming its publisher names); raises
    ``SealBroken`` otherwise."""
    outside = (
        sealed.event_type,
        sealed.schema_version,
        sealed.event_id,
        sealed.source,
        kind_of(sealed.origin),
        sealed.source_position,
        sealed.case_id,
    )
    inside = (
        getattr(event, "event_type", None),
        getattr(event, "schema_version", None),
        event.event_id,
        event.source,
        event.source,
        event.source_position,
        event.case_id,
    )
    if outside != inside:
        raise SealBroken("the sealed event's clear fields do not match the event inside")
    claimed = getattr(event, "published_by", None)
    if claimed is not None and claimed != sealed.origin:
        raise SealBroken(f"the event inside says {claimed} published it, not {sealed.origin}")
