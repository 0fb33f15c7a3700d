"""Exactly-once consumption of integration events.

For each message: validate the sealed envelope, skip it if it is of a type this
service does not handle, about a case the subscription says is none of its concern,
or if its upstream (service, notification id) is already tracked, open it with the
case's transport key (asking the school for it the first time), validate the event
inside against the published contracts, let the service turn it into aggregate
changes, and store those with the tracking record in one transaction. A message that
fails validation, does not open, or that the domain refuses, goes to the service's
dead-letter topic with the reason; the consumer carries on. Only an opened message
is tracked: its (service, notification id) is then proven by the seal. One whose
case was erased meanwhile is skipped. If the school cannot be asked just now, the
message is retried later.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Tracking
from faststream.kafka import KafkaBroker, KafkaMessage
from pydantic import ValidationError

from contracts.envelope import IntegrationEvent
from contracts.registry import contract_named, parse_event, parse_sealed
from contracts.sealed import SealedEvent, audience_of, key_holder_of
from domain.errors import DomainError
from infra.key_exchange import KeyRefused
from infra.keyring import KeyDestroyed
from infra.logging import CORRELATION_HEADER, accepted_correlation_id
from infra.messaging import send_to_dead_letter
from infra.sealing import SealBroken, check_inside, unseal
from services.kit.application import ServiceApplication
from services.kit.consumption import origin_of
from services.kit.leadership import OneAtATime
from services.kit.writers import CONFLICT_RETRIES, retry_pause

log = structlog.get_logger(__name__)

Handler = Callable[[Any], Sequence[Aggregate]]
"""Turns one integration event into the aggregates it changed (not yet saved)."""

CaseFilter = Callable[[UUID], bool]
"""Whether a case, by its id, concerns this service: asked before a message is opened."""


class NotHeld(list[Aggregate]):
    """A handler's answer to a message about a record the service does not hold (yet).

    Nothing is applied, and the message is not tracked: a copy that arrives after the
    record does (the relay publishes its stream again after a broker lost its data,
    behind a batch that reached the new broker early) is then applied, not dropped as a
    duplicate."""


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"
    ERASED = "erased"


@dataclass(frozen=True)
class Inbound:
    app: ServiceApplication
    handlers: Mapping[type[IntegrationEvent], Handler]
    broker: KafkaBroker
    dead_letter_topic: str
    concerns: Mapping[type[IntegrationEvent], CaseFilter] = field(default_factory=dict)
    one_at_a_time: frozenset[type[IntegrationEvent]] = frozenset()
    turns: OneAtATime | None = None

    async def receive(self, raw: bytes, message: KafkaMessage) -> Outcome:
        """Handle one message under the correlation id of the request that caused it."""
        correlation_id = accepted_correlation_id((message.headers or {}).get(CORRELATION_HEADER))
        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id):
            return await self._receive(raw, message)

    async def _receive(self, raw: bytes, message: KafkaMessage) -> Outcome:
        origin = origin_of(message)
        record = message.raw_message
        assert not isinstance(record, tuple)
        key = record.key
        try:
            sealed = parse_sealed(raw)
        except ValidationError as error:
            return await self._dead_letter(raw, key, _validation_reason(error), origin)
        contract = contract_named(sealed.event_type, sealed.schema_version)
        if contract is None:
            reason = f"{sealed.event_type}.v{sealed.schema_version} names no published contract"
            return await self._dead_letter(raw, key, reason, origin)

        if contract not in self.handlers:  # not for us: never opened
            return Outcome.IGNORED
        if not self.app.serves.takes(audience_of(sealed), deployment=self.app.deployment):
            return Outcome.IGNORED  # addressed to other deployments: never opened either
        concerns = self.concerns.get(contract)
        if concerns is not None and not await self.app.workers.run(concerns, sealed.case_id):
            return Outcome.IGNORED  # a case this service holds nothing of: never opened either
        tracking = Tracking(sealed.origin, sealed.source_position)  # each deployment on its own
        if await self.app.workers.run(self.app.is_applied, tracking):
            return Outcome.DUPLICATE
        # Until the seal opens, nothing outside it is trusted: a forged or corrupt message
        # is never tracked, so it cannot mark a genuine event as already applied.
        try:
            event = await self._open(sealed)
        except KeyDestroyed:  # the case was erased meanwhile: there is nothing left to apply
            log.info("inbound.case_erased", source=sealed.origin, position=sealed.source_position)
            return Outcome.ERASED
        except (KeyRefused, SealBroken) as error:
            return await self._dead_letter(raw, key, f"{type(error).__name__}: {error}", origin)
        except ValidationError as error:
            return await self._dead_letter(raw, key, _validation_reason(error), origin)

        if contract in self.one_at_a_time and self.turns is not None:
            async with self.turns.turn():  # after every replica's step before it was saved
                return await self._apply(contract, event, tracking, raw, key, origin)
        return await self._apply(contract, event, tracking, raw, key, origin)

    async def _apply(
        self,
        contract: type[IntegrationEvent],
        event: IntegrationEvent,
        tracking: Tracking,
        raw: bytes,
        key: bytes | None,
        origin: dict[str, str],
    ) -> Outcome:
        """Let the handler change aggregates, and save them with the tracking record."""
        handler = self.handlers[contract]
        for attempt in range(1, CONFLICT_RETRIES + 1):
            try:
                aggregates = await self.app.workers.run(handler, event)
            except (DomainError, AggregateNotFoundError, KeyDestroyed) as error:
                await self._dead_letter(raw, key, f"{type(error).__name__}: {error}", origin)
                await self.app.workers.run(self.app.save_tracked, tracking)
                return Outcome.DEAD_LETTERED
            if isinstance(aggregates, NotHeld):
                log.info(
                    "inbound.not_held",
                    source=tracking.application_name,
                    position=tracking.notification_id,
                )
                return Outcome.IGNORED
            try:
                await self.app.workers.run(self.app.save_tracked, tracking, *aggregates)
                break
            except IntegrityError:
                if await self.app.workers.run(self.app.was_applied, tracking):
                    return Outcome.DUPLICATE
                if attempt == CONFLICT_RETRIES:
                    raise  # the message is redelivered later
                # Someone else wrote the same aggregate meanwhile: apply to the fresh state.
                await asyncio.sleep(retry_pause(attempt))
        log.info(
            "inbound.applied",
            event_type=type(event).__name__,
            source=tracking.application_name,
            source_position=event.source_position,
        )
        return Outcome.APPLIED if aggregates else Outcome.IGNORED

    async def _open(self, sealed: SealedEvent) -> IntegrationEvent:
        """The event inside; a missing transport key is fetched from the deployment that
        published it (``KeyUnavailable``: retry)."""
        transport_key = await self.app.transport_keys.for_reading(
            sealed.key_id, key_holder_of(sealed)
        )
        event = parse_event(unseal(sealed, transport_key))
        check_inside(sealed, event)
        return event

    async def _dead_letter(
        self, raw: bytes, key: bytes | None, reason: str, origin: dict[str, str]
    ) -> Outcome:
        log.warning("inbound.dead_lettered", reason=reason.split(":", 1)[0], **origin)
        await send_to_dead_letter(
            self.broker, self.dead_letter_topic, raw=raw, key=key, reason=reason, origin=origin
        )
        return Outcome.DEAD_LETTERED


def _validation_reason(error: ValidationError) -> str:
    """Name each bad field without echoing its value (it may be case content)."""
    problems = [
        f"{'.'.join(str(part) for part in e['loc']) or '(message)'}: {e['msg']}"
        for e in error.errors(include_input=False)
    ]
    return "invalid integration event: " + "; ".join(problems)
