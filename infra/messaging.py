"""Kafka through faststream: the broker, batch publishing and the dead-letter topic."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence

from aiokafka.errors import KafkaError
from faststream.kafka import KafkaBroker

from infra.outbox_relay import OutboundMessage
from infra.settings import Settings


def make_broker(settings: Settings, client_id: str) -> KafkaBroker:
    """Idempotence is a setting: real Kafka supports it, the embedded broker refuses it."""
    return KafkaBroker(
        settings.kafka_bootstrap,
        client_id=client_id,
        enable_idempotence=settings.kafka_idempotent_producer,
        acks="all",
        log_level=logging.DEBUG,  # one line per message is noise; failures are logged by us
        logger=logging.getLogger("samspil.kafka"),  # through the safe root handler, not its own
    )


class BatchPublisher:
    """Queues messages in order, then waits until the broker acknowledged every one."""

    def __init__(self, broker: KafkaBroker) -> None:
        self._broker = broker

    async def __call__(self, topic: str, messages: Sequence[OutboundMessage]) -> None:
        pending = [
            await self._broker.publish(
                message.value,
                topic,
                key=message.key.encode(),
                headers=message.headers,
                no_confirm=True,
            )
            for message in messages
        ]
        await asyncio.gather(*pending)


MAX_MESSAGE_BYTES = 256 * 1024
"""Far above any Samspil message (a sealed case event is a few kilobytes). A larger one is
not read at all: it is dead-lettered as a reference and skipped."""

REASON_HEADER = "samspil-dead-letter-reason"
KIND_HEADER = "samspil-dead-letter-kind"


async def send_to_dead_letter(
    broker: KafkaBroker,
    topic: str,
    *,
    raw: bytes,
    key: bytes | None,
    reason: str,
    origin: dict[str, str],
) -> None:
    """Keep a refused message with the reason, so an operator can inspect and replay it.

    A message too large to keep, or one the broker will not take back, is kept as a
    reference instead — where it is (topic, partition, offset), its size and the reason —
    so that refusing it can never fail and stop the consumer. Only if even the reference
    cannot be published does this raise (the broker is away: the message is retried).
    """
    headers = {REASON_HEADER: reason[:2000], **origin}
    if len(raw) <= MAX_MESSAGE_BYTES:
        try:
            await broker.publish(raw, topic, key=key, headers={**headers, KIND_HEADER: "message"})
            return
        except KafkaError as error:
            headers[REASON_HEADER] = f"{reason[:1800]}; kept as a reference: {type(error).__name__}"
    reference = {
        "reference": {k.removeprefix("samspil-origin-"): v for k, v in origin.items()},
        "size": len(raw),
        "reason": headers[REASON_HEADER],
    }
    await broker.publish(
        json.dumps(reference).encode(),
        topic,
        key=key,
        headers={**headers, KIND_HEADER: "reference", "samspil-origin-size": str(len(raw))},
    )
