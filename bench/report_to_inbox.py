"""How long a school's police notification takes to reach the police district's inbox.

The school and police-liaison services run in this process, built and started
exactly as ``samspil serve`` does (store, relay, Kafka router, lifespan), against
an embedded broker; the school serves HTTP, so each new case's transport key is
fetched from it as in production (one key exchange per case, included in the
time). The commands and reads run in worker threads, as FastAPI runs the
services' synchronous endpoints, so the event loop that drives the relay and the
consumer is never blocked by the benchmark itself.

Three kinds of sample are interleaved round by round, in rotating order, so all
three see the same broker, the same store sizes and the same machine load:

* ``raw``: an aiokafka produce→consume round trip on a fresh topic, with the
  producer and consumer settings the services use and the consumer already
  waiting, as the services' subscribers are. It is the floor: what the broker
  and the client library cost before Samspil does anything. On the embedded
  broker it is bimodal: a message that arrives while the consumer's fetch is
  parked at the broker waits about half of ``fetch_max_wait_ms``,
  otherwise it arrives in ~2 ms.
* ``inbox``: report a case, notify the police, then poll ``inbox(district)``
  every millisecond until it lists the notification: what a client polling the
  inbox would see. A read that takes longer than that polls back to back.
* ``stored``: the same, polling a point read of the notification instead. The
  notification and its inbox entry are written in one transaction, so this is
  the pipeline's own latency, without the cost of reading the inbox each time.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition

from bench.environment import bench_settings, serving
from bench.stats import Summary
from domain.actors import Actor, Role
from domain.geography import PoliceDistrict
from domain.offences import OffenceCategory
from infra.kafka_admin import KafkaTopics
from infra.settings import Settings
from infra.tansu import EmbeddedBroker, free_port
from services.kit.service import RunningService, build
from services.police_liaison.application import PoliceLiaisonApplication
from services.run.blueprints import BLUEPRINTS
from services.school.application import SchoolApplication

TARGET_P99_SECONDS = 0.050
"""A notification must be in the police inbox within this, 99 times in 100, on loopback."""
FLAT_RATIO = 1.2
"""The inbox p50 in the run's last quarter may be at most this much of the first quarter's:
the latency must not grow with the inbox."""

POLL_SECONDS = 0.001
SETTLE_SECONDS = 0.005
SETTLE_JITTER_SECONDS = 0.050
"""Pause between samples: long enough that each starts with the previous one handled, and
randomly longer by up to one fetch wait, so samples do not fall into step with the consumers'
fetch cycle and all land at random points of it."""
SAMPLE_TIMEOUT_SECONDS = 30.0

SEED = 2024
"""Fixed, so two runs pause the same way between samples."""

CONSUMER_FETCH_MAX_WAIT_MS = 10
"""As ``samspil up`` sets for the embedded broker, for the services and the baseline alike."""
RAW_PAYLOAD_BYTES = 800
"""About the size of a ``PoliceNotifiedV1`` message."""

DISTRICT = PoliceDistrict.NORDJYLLAND
SCHOOL_ACTOR = Actor("studievejleder-bench", Role.RESSOURCEPERSON, "Benchmark Gymnasium")

School = RunningService[SchoolApplication]
Police = RunningService[PoliceLiaisonApplication]


@dataclass(frozen=True)
class InboxResult:
    raw: Summary
    inbox: Summary
    stored: Summary
    inbox_first_quarter_p50: float
    inbox_last_quarter_p50: float
    inbox_size: int
    inbox_read_seconds: float
    """One ``inbox(district)`` call at the end, when the inbox holds ``inbox_size`` items."""

    @property
    def met(self) -> bool:
        return self.inbox.p99 <= TARGET_P99_SECONDS

    @property
    def growth(self) -> float:
        """Last quarter's inbox p50 over the first quarter's."""
        return self.inbox_last_quarter_p50 / self.inbox_first_quarter_p50

    @property
    def flat(self) -> bool:
        return self.growth <= FLAT_RATIO


class RawRoundTrip:
    """A bare aiokafka producer and consumer on a topic of their own."""

    def __init__(self, bootstrap: str) -> None:
        self._topic = f"samspil-bench-raw-{uuid4().hex[:12]}"
        self._bootstrap = bootstrap
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap, acks="all", enable_idempotence=False
        )
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=CONSUMER_FETCH_MAX_WAIT_MS,
        )
        self._partition = TopicPartition(self._topic, 0)

    async def __aenter__(self) -> RawRoundTrip:
        topics = KafkaTopics(self._bootstrap, partitions=1, replication_factor=1)
        try:
            await asyncio.to_thread(topics.ensure, [self._topic])
        finally:
            topics.close()
        await self._producer.start()
        await self._consumer.start()
        self._consumer.assign([self._partition])
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()
        await self._producer.stop()

    async def sample(self) -> float:
        """Seconds from handing a message to the producer until the consumer has it."""
        nonce = uuid4().bytes
        payload = nonce + bytes(RAW_PAYLOAD_BYTES - len(nonce))
        receipt = asyncio.create_task(self._receive(nonce))
        # Let the receiver park in getone() first: the services' subscribers always wait
        # there, and whether a fetch is already parked at the broker decides the latency.
        await asyncio.sleep(0)
        started = time.perf_counter()
        try:
            await self._producer.send(self._topic, payload, partition=0)
            async with asyncio.timeout(SAMPLE_TIMEOUT_SECONDS):
                received_at = await receipt
        finally:
            receipt.cancel()
        return received_at - started

    async def _receive(self, nonce: bytes) -> float:
        while True:
            record = await self._consumer.getone(self._partition)
            if record.value is not None and record.value.startswith(nonce):
                return time.perf_counter()


async def _notification_latency(
    school: School, until_visible: Callable[[UUID], Awaitable[bool]]
) -> float:
    """Seconds from the school reporting a case to ``until_visible`` seeing its notification."""
    started = time.perf_counter()
    case = await asyncio.to_thread(
        school.app.report_case,
        institution="Benchmark Gymnasium",
        municipality="Hjørring",
        police_district=DISTRICT,
        offence_category=OffenceCategory.SHARING_WITHOUT_CONSENT,
        victim_is_minor=True,
        description="A pupil's intimate image is being shared in a group chat.",
        actor=SCHOOL_ACTOR,
    )
    _, notification_id = await asyncio.to_thread(school.app.notify_police, case.id, SCHOOL_ACTOR)
    async with asyncio.timeout(SAMPLE_TIMEOUT_SECONDS):
        while not await until_visible(notification_id):
            await asyncio.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def _probes(police: Police) -> dict[str, Callable[[UUID], Awaitable[bool]]]:
    async def in_inbox(notification_id: UUID) -> bool:
        inbox = await asyncio.to_thread(police.app.inbox, DISTRICT)
        return any(item.id == notification_id for item in inbox.items)

    async def stored(notification_id: UUID) -> bool:
        found = await asyncio.to_thread(police.app.get_or_none, notification_id)
        return found is not None

    return {"inbox": in_inbox, "stored": stored}


@contextlib.asynccontextmanager
async def _running(settings: Settings) -> AsyncIterator[tuple[School, Police]]:
    """Both services, started through their own FastAPI lifespans and stopped the same way."""
    school: School = build(BLUEPRINTS["school"], settings)
    police: Police = build(BLUEPRINTS["police_liaison"], settings)
    async with (
        serving(school.http, settings.school_port),
        police.http.router.lifespan_context(police.http),
    ):
        yield school, police


async def run(*, samples: int = 200, warmup: int = 10) -> InboxResult:
    """Interleave ``samples`` rounds of raw, inbox and stored samples after ``warmup`` rounds."""
    with tempfile.TemporaryDirectory(prefix="samspil-bench-") as tmp, EmbeddedBroker() as broker:
        settings = bench_settings(
            Path(tmp),
            kafka_bootstrap=broker.bootstrap,
            kafka_idempotent_producer=False,
            kafka_fetch_max_wait_ms=CONSUMER_FETCH_MAX_WAIT_MS,
            police_districts=[],
            school_port=free_port(),
        )
        async with _running(settings) as (school, police), RawRoundTrip(broker.bootstrap) as raw:
            probes = _probes(police)
            jitter = random.Random(SEED)
            kinds: list[tuple[str, Callable[[], Awaitable[float]]]] = [
                ("raw", raw.sample),
                ("inbox", lambda: _notification_latency(school, probes["inbox"])),
                ("stored", lambda: _notification_latency(school, probes["stored"])),
            ]
            timings: dict[str, list[float]] = {name: [] for name, _ in kinds}
            for round_number in range(warmup + samples):
                shift = round_number % len(kinds)
                for name, sample in kinds[shift:] + kinds[:shift]:
                    elapsed = await sample()
                    if round_number >= warmup:
                        timings[name].append(elapsed)
                    await asyncio.sleep(SETTLE_SECONDS + jitter.uniform(0, SETTLE_JITTER_SECONDS))

            read_started = time.perf_counter()
            inbox = await asyncio.to_thread(police.app.inbox, DISTRICT)
            inbox_read_seconds = time.perf_counter() - read_started

    quarter = max(1, samples // 4)
    return InboxResult(
        raw=Summary.of(timings["raw"]),
        inbox=Summary.of(timings["inbox"]),
        stored=Summary.of(timings["stored"]),
        inbox_first_quarter_p50=Summary.of(timings["inbox"][:quarter]).p50,
        inbox_last_quarter_p50=Summary.of(timings["inbox"][-quarter:]).p50,
        inbox_size=inbox.total,
        inbox_read_seconds=inbox_read_seconds,
    )
