"""How every subscriber of a service takes a message, whatever it handles.

No single message may stop the exchange: one larger than any Samspil message is not
read at all but dead-lettered as a reference and skipped; one whose handling fails
because of the message itself is tried a few times, with back-off, and then
dead-lettered; only an outage of something it depends on (the store, the broker, the
peer that hands out keys) makes it wait, for as long as the outage lasts, because
giving up then would lose it. Failures are logged as their type and place, never
their message, and no retry blocks the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from faststream.kafka import KafkaBroker, KafkaMessage

from infra.faults import is_transient
from infra.logging import error_fields
from infra.messaging import MAX_MESSAGE_BYTES, send_to_dead_letter

log = structlog.get_logger(__name__)

Handle = Callable[[bytes, KafkaMessage], Awaitable[Any]]

MAX_ATTEMPTS = 5
"""Tries of a message whose handling fails for a reason of its own, before it is set aside."""
FIRST_BACKOFF_SECONDS = 0.5
LONGEST_BACKOFF_SECONDS = 30.0


def origin_of(message: KafkaMessage) -> dict[str, str]:
    """Where a message came from, for dead-letter headers and log lines (never its content)."""
    record = message.raw_message
    assert not isinstance(record, tuple), "subscribers consume one message at a time"
    return {
        "samspil-origin-topic": str(record.topic),
        "samspil-origin-partition": str(record.partition),
        "samspil-origin-offset": str(record.offset),
    }


@dataclass
class Consumption:
    broker: KafkaBroker
    dead_letter_topic: str
    max_attempts: int = MAX_ATTEMPTS
    first_backoff: float = FIRST_BACKOFF_SECONDS
    _attempts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """Failed tries of the messages being retried (one per partition at most)."""

    async def take(self, raw: bytes, message: KafkaMessage, handle: Handle) -> None:
        origin = origin_of(message)
        where = (
            origin["samspil-origin-topic"],
            origin["samspil-origin-partition"],
            origin["samspil-origin-offset"],
        )
        if len(raw) > MAX_MESSAGE_BYTES:
            log.warning("inbound.too_large", size=len(raw), **_fields(origin))
            await self._set_aside(
                raw, message, f"{len(raw)} bytes, over the limit of {MAX_MESSAGE_BYTES}", origin
            )
            return
        try:
            await handle(raw, message)
        except Exception as error:
            attempt = self._attempts.pop(where, 0) + 1
            transient = is_transient(error)
            log.warning(
                "inbound.failed",
                attempt=attempt,
                will_retry=transient or attempt < self.max_attempts,
                **error_fields(error),
                **_fields(origin),
            )
            if not transient and attempt >= self.max_attempts:
                fault = error_fields(error)
                reason = f"{fault['error']} at {fault.get('where', '?')}, {attempt} attempts"
                await self._set_aside(raw, message, reason, origin)
                return
            self._attempts[where] = attempt
            await asyncio.sleep(self.backoff(attempt))
            await message.nack()  # read again from here: nothing after it is committed
            return
        self._attempts.pop(where, None)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before the next try: doubling, up to half a minute."""
        return float(min(self.first_backoff * 2 ** (attempt - 1), LONGEST_BACKOFF_SECONDS))

    async def _set_aside(
        self, raw: bytes, message: KafkaMessage, reason: str, origin: dict[str, str]
    ) -> None:
        record = message.raw_message
        key = None if isinstance(record, tuple) else record.key
        await send_to_dead_letter(
            self.broker, self.dead_letter_topic, raw=raw, key=key, reason=reason, origin=origin
        )


def _fields(origin: dict[str, str]) -> dict[str, str]:
    return {k.removeprefix("samspil-origin-"): v for k, v in origin.items()}
