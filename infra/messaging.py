"""Kafka through faststream: the broker, batch publishing and the dead-letter topic."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

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


async def send_to_dead_letter(
    broker: KafkaBroker,
    topic: str,
    *,
    raw: bytes,
    key: bytes | None,
    reason: str,
    origin: dict[str, str],
) -> None:
    """Keep a refused message with the reason, so an operator can inspect and replay it."""
    await broker.publish(
        raw,
        topic,
        key=key,
        headers={"samspil-dead-letter-reason": reason[:2000], **origin},
    )
