"""The outbox relay: publishes a store's notification log to Kafka, in order.

The store is the outbox. The relay reads notifications after its recorded
position, turns each into at most one message, waits until the broker has
acknowledged all of them, and only then records the new position in the same
store. A crash in between publishes some messages twice; receivers drop
duplicates by their tracking records, so nothing is lost or applied twice.

An outage (of the store, the broker) is waited out, however long it lasts. A
notification whose translation fails for a reason of its own is tried a few times,
then set aside with its aggregate's later notifications (``infra.relay_set_aside``),
so one defect does not hold back the whole topic; the relay tries them again when
it next starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from uuid import UUID

import structlog
from eventsourcing.persistence import ApplicationRecorder, Notification

from infra.faults import is_transient
from infra.kafka_admin import KafkaTopics
from infra.keyring import KeyDestroyed
from infra.logging import CORRELATION_HEADER, error_fields
from infra.relay_position import RelayPosition, RelayPositions
from infra.relay_set_aside import RelaySetAside
from infra.store_workers import StoreWorkers

log = structlog.get_logger(__name__)

TOPIC_CHECK_SECONDS = 2.0
"""How often the relay checks that the broker still has the topic it published to."""
TRANSLATION_ATTEMPTS = 3
"""Tries of a notification whose translation fails for a reason of its own, before it is
set aside."""


@dataclass(frozen=True)
class OutboundMessage:
    key: str
    value: bytes
    headers: dict[str, str] = field(default_factory=dict)


Translate = Callable[[Notification], OutboundMessage | None]
"""Turns a stored notification into the message other services may see, or None."""

PublishBatch = Callable[[str, Sequence[OutboundMessage]], Awaitable[None]]
"""Publishes messages to a topic, returning only once the broker acknowledged all."""


class OutboxRelay:
    def __init__(
        self,
        *,
        recorder: ApplicationRecorder,
        workers: StoreWorkers,
        topic: str,
        translate: Translate,
        publish: PublishBatch,
        positions: RelayPositions,
        set_aside: RelaySetAside,
        topics: KafkaTopics,
        poll_seconds: float,
        batch_size: int = 200,
        correlation_of: Callable[[int], str | None] = lambda notification_id: None,
    ) -> None:
        self._correlation_of = correlation_of
        self._recorder = recorder
        self._workers = workers
        self._topic = topic
        self._translate = translate
        self._publish = publish
        self._positions = positions
        self._set_aside = set_aside
        self._held: dict[UUID, int] = {}
        """Aggregates with a notification set aside: the first one's id."""
        self._failed_tries: dict[int, int] = {}
        self._topics = topics
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._wake = asyncio.Event()
        self._topic_checked_at = -TOPIC_CHECK_SECONDS
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Ask the relay to look now; safe to call from any thread."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        failures = 0
        await self._retry_set_aside()
        while True:
            try:
                await self.publish_pending()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the broker or store is away: retry, never give up
                failures += 1
                self._topic_checked_at = -TOPIC_CHECK_SECONDS
                log.warning("relay.retrying", topic=self._topic, **error_fields(error))
                await asyncio.sleep(min(self._poll_seconds * 2**failures, 10.0))
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
            self._wake.clear()

    async def publish_pending(self) -> int:
        """Publish everything after the recorded position; returns how many messages."""
        published = 0
        position = await self._workers.run(self._current_position)
        while True:
            notifications = await self._workers.run(
                self._recorder.select_notifications,
                position.notification_id,
                self._batch_size,
                inclusive_of_start=False,
            )
            if not notifications:
                return published
            messages = await self._workers.run(self._translate_all, notifications)
            if messages:
                await self._publish(self._topic, messages)
            position = RelayPosition(notifications[-1].id, position.topic_id)
            await self._workers.run(self._positions.set, self._topic, position)
            published += len(messages)

    def _translate_all(self, notifications: Sequence[Notification]) -> list[OutboundMessage]:
        """In a worker thread: translating may read and decrypt aggregates."""
        messages = []
        for notification in notifications:
            first = self._held.get(_aggregate_of(notification))
            if first is not None:  # never ahead of an earlier message of its aggregate
                self._keep_aside(notification, f"behind notification {first}, set aside")
                continue
            try:
                message = self._translated(notification)
            except KeyDestroyed:  # an erased case: its content is gone, and stays unsent
                continue
            except Exception as error:
                if is_transient(error):
                    raise
                tries = self._failed_tries.get(notification.id, 0) + 1
                self._failed_tries[notification.id] = tries
                if tries < TRANSLATION_ATTEMPTS:
                    raise
                fault = error_fields(error)
                reason = f"{fault['error']} at {fault.get('where', '?')}, {tries} attempts"
                self._keep_aside(notification, reason)
                log.error(
                    "relay.set_aside",
                    topic=self._topic,
                    notification_id=notification.id,
                    **fault,
                )
                continue
            if message is not None:
                messages.append(message)
        return messages

    def _translated(self, notification: Notification) -> OutboundMessage | None:
        message = self._translate(notification)
        if message is not None:
            correlation_id = self._correlation_of(notification.id)
            if correlation_id:
                message = replace(
                    message, headers={**message.headers, CORRELATION_HEADER: correlation_id}
                )
        return message

    def _keep_aside(self, notification: Notification, reason: str) -> None:
        aggregate = _aggregate_of(notification)
        self._set_aside.keep(self._topic, notification.id, aggregate, reason)
        self._held.setdefault(aggregate, notification.id)
        self._failed_tries.pop(notification.id, None)

    async def _retry_set_aside(self) -> None:
        """Publish what was set aside, aggregate by aggregate, if it translates now; what
        still fails stays aside, with its aggregate's later notifications."""
        kept = await self._workers.run(self._set_aside.listed, self._topic)
        by_aggregate: dict[UUID, list[int]] = {}
        for item in kept:
            by_aggregate.setdefault(item.originator_id, []).append(item.notification_id)
        for originator_id, ids in by_aggregate.items():
            try:
                messages = await self._workers.run(self._translate_ids, ids)
            except Exception as error:
                self._held[originator_id] = ids[0]
                log.warning(
                    "relay.still_set_aside",
                    topic=self._topic,
                    count=len(ids),
                    **error_fields(error),
                )
                continue
            if messages:
                await self._publish(self._topic, messages)
            await self._workers.run(self._set_aside.release, self._topic, ids)
            log.info("relay.set_aside_published", topic=self._topic, count=len(ids))

    def _translate_ids(self, notification_ids: list[int]) -> list[OutboundMessage]:
        messages = []
        for notification_id in notification_ids:
            found = self._recorder.select_notifications(notification_id, 1)
            if not found or found[0].id != notification_id:
                continue
            with contextlib.suppress(KeyDestroyed):
                message = self._translated(found[0])
                if message is not None:
                    messages.append(message)
        return messages

    def _current_position(self) -> RelayPosition:
        position = self._positions.get(self._topic)
        if time.monotonic() - self._topic_checked_at < TOPIC_CHECK_SECONDS:
            return position
        topic_id = self._topics.topic_id(self._topic)
        self._topic_checked_at = time.monotonic()
        if position.topic_id != topic_id:
            if position.notification_id:
                log.warning(
                    "relay.topic_recreated_republishing",
                    topic=self._topic,
                    previously_published_up_to=position.notification_id,
                )
            position = RelayPosition(0, topic_id)
            self._positions.set(self._topic, position)
        return position


def _aggregate_of(notification: Notification) -> UUID:
    """Samspil's aggregates all have UUIDs; the library's type also admits strings."""
    originator = notification.originator_id
    return originator if isinstance(originator, UUID) else UUID(originator)
