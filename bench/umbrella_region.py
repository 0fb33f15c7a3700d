"""The "Umbrella" case across deployments: one video, 1,004 cases at 160 schools, in
eleven municipalities that each run their own school and SSP deployment, in eleven
police districts, linked by the content-blind matching deployment.

Every deployment is built and started as ``samspil serve`` builds it, in this process,
on one embedded broker, each with its own store and keys, trusting its peers only
through directory entries signed for the run (``services.run.topology``); the schools
and SSPs serve HTTP, so keys are asked for and granted as in production. One police
deployment serves the eleven districts (eleven more processes' worth of consumers
would measure the machine, not Samspil). The measure is the time from the first report
until every SSP knows the one incident of all the cases, every school's last case is
told it is linked across the eleven municipalities, and each district is alerted;
each hop's time is printed, so the slow one shows.

Baseline, in the same run: a bare aiokafka producer and consumer moving as many
messages through the same kind of broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
import unicodedata
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition

from bench.environment import bench_settings, serving
from domain.actors import Actor, Role
from domain.coordination import SspCaseFile
from domain.fingerprints import Fingerprint, FingerprintKind
from domain.geography import PoliceDistrict
from domain.matching import NationalIncident, OfferedMaterial
from domain.municipalities import municipalities_in
from domain.offences import OffenceCategory
from infra.kafka_admin import KafkaTopics
from infra.tansu import EmbeddedBroker, free_port
from services.kit.service import RunningService, build
from services.matching.application import OFFERED
from services.police_liaison.application import alerts_name
from services.run.blueprints import BLUEPRINTS
from services.run.topology import Topology, TopologyDeployment, members
from services.ssp.application import ALL_CASES

VIDEO = Fingerprint(FingerprintKind.MD5, "7215ee9c7d9dc229d2921a40e899ec5f")
DISTRICTS = list(PoliceDistrict)[:11]
"""Charged in every police district but one."""
SCHOOLS = 160
TARGET_SECONDS = 10.0
FETCH_MAX_WAIT_MS = 100
"""The embedded broker answers a fetch only when its wait is up, so two dozen services
each polling every 10 ms (as one of each does) would measure their polling alone."""
TIMEOUT_SECONDS = 900.0
HOPS = (
    "reported",
    "filed at each SSP",
    "matched into one incident",
    "each SSP told",
    "each school told",
    "each district alerted",
)


@dataclass
class RegionResult:
    cases: int
    municipalities: int
    hops: dict[str, float] = field(default_factory=dict)
    """Seconds from the first report until each hop was done for every case."""
    raw_seconds: float = 0.0
    incident_cases: int = 0

    @property
    def total(self) -> float:
        return max(self.hops.values(), default=0.0)

    @property
    def finished(self) -> bool:
        return all(hop in self.hops for hop in HOPS)

    @property
    def met(self) -> bool:
        return self.finished and self.total < TARGET_SECONDS and self.incident_cases == self.cases


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.replace("æ", "ae").replace("ø", "oe"))
    plain = plain.replace("å", "aa").encode("ascii", "ignore").decode().casefold()
    return "".join(c if c.isalnum() else "-" for c in plain).strip("-")


def region_topology(districts: list[PoliceDistrict]) -> tuple[Topology, list[str]]:
    """One municipality per district, each with its school and SSP deployment."""
    towns = [municipalities_in(d)[0].name for d in districts]
    deployments = [
        TopologyDeployment(id=f"{kind}.{_slug(town)}", port=free_port(), municipalities=(town,))
        for town in towns
        for kind in ("school", "ssp")
    ]
    deployments.append(
        TopologyDeployment(id="police.region", port=free_port(), police_districts=tuple(districts))
    )
    deployments.append(TopologyDeployment(id="match.national", port=free_port()))
    return Topology(name="Umbrella", deployment=tuple(deployments)), towns


@contextlib.asynccontextmanager
async def _region(
    topology: Topology, data_dir: Path, bootstrap: str
) -> AsyncIterator[dict[str, RunningService[Any]]]:
    base = bench_settings(
        data_dir,
        kafka_bootstrap=bootstrap,
        kafka_idempotent_producer=False,
        kafka_fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
        relay_poll_seconds=0.2,
    )
    built = {
        m.deployment.id: build(BLUEPRINTS[m.deployment.kind], m.settings)
        for m in members(topology, base, {})
    }
    starting: list[contextlib.AbstractAsyncContextManager[Any]] = []
    for deployment in topology.deployment:
        running = built[deployment.id]
        if deployment.kind in ("school", "ssp"):  # they hand out keys over HTTP
            starting.append(serving(running.http, deployment.port))
        else:
            starting.append(running.http.router.lifespan_context(running.http))
    async with contextlib.AsyncExitStack() as stack:
        await _all_at_once(stack, starting)
        yield built


async def _all_at_once(
    stack: contextlib.AsyncExitStack, starting: list[contextlib.AbstractAsyncContextManager[Any]]
) -> None:
    """Start every deployment at once, as a region's hosts would: each consumer's first
    join of its group waits out the broker's rebalance delay, one deployment after another
    would add those waits up. Whatever started is stopped again when one fails."""
    entered = await asyncio.gather(*(cm.__aenter__() for cm in starting), return_exceptions=True)
    for cm, outcome in zip(starting, entered, strict=True):
        if not isinstance(outcome, BaseException):
            stack.push_async_exit(cm)
    for outcome in entered:
        if isinstance(outcome, BaseException):
            raise outcome


def _feed(
    schools: list[Any], towns: list[str], districts: list[PoliceDistrict], cases: int
) -> list[Any]:
    """Report every case at its municipality's school deployment; the first case of each
    is notified to the police, so every municipality's part of the incident is serious."""
    reported: list[Any] = []
    for i in range(cases):
        school_index = i % SCHOOLS
        where = school_index % len(towns)
        institution = f"Skole {school_index}"
        actor = Actor(f"leder-{school_index}", Role.LEDELSE, institution)
        app = schools[where]
        case = app.report_case(
            institution=institution,
            municipality=towns[where],
            police_district=districts[where],
            offence_category=OffenceCategory.SHARING_WITHOUT_CONSENT,
            victim_is_minor=True,
            description="A video of two pupils is being shared.",
            actor=actor,
        )
        app.act(case.id, lambda c, a=actor: c.record_fingerprints(fingerprints=[VIDEO], actor=a))
        if i < len(towns):
            app.notify_police(case.id, actor)
        reported.append((app, case.id))
    return reported


def _cluster_of(ssp: Any) -> Any:
    for case_id in ssp.listing(ALL_CASES).ids[:1]:
        found = ssp.get_or_none(case_id)
        if isinstance(found, SspCaseFile) and found.cluster is not None:
            return ssp.repository.get(found.cluster[0])
    return None


def _incident_cases(matching: Any) -> int:
    ids = matching.listing(OFFERED).ids[:1]
    for case_id in ids:
        material = matching.get_or_none(case_id)
        if isinstance(material, OfferedMaterial) and material.incident is not None:
            incident: NationalIncident = matching.repository.get(material.incident)
            return len(incident.members)
    return 0


def _probes(
    built: dict[str, RunningService[Any]],
    towns: list[str],
    districts: list[PoliceDistrict],
    cases: int,
    fed: list[Any],
) -> dict[str, Callable[[], bool]]:
    ssps = [built[f"ssp.{_slug(t)}"].app for t in towns]
    matching = built["match.national"].app
    police = built["police.region"].app
    share = [
        sum(1 for i in range(cases) if (i % SCHOOLS) % len(towns) == w) for w in range(len(towns))
    ]

    def filed() -> bool:
        return all(len(s.listing(ALL_CASES).ids) >= n for s, n in zip(ssps, share, strict=True))

    def told() -> bool:
        for ssp in ssps:
            cluster = _cluster_of(ssp)
            if cluster is None or cluster.national is None or cluster.national[1].cases < cases:
                return False
        return True

    def schools_told() -> bool:
        last = {id(app): (app, case_id) for app, case_id in fed}
        for app, case_id in last.values():
            incident = app.get_case(case_id).incident
            if incident is None or incident.municipalities < len(towns):
                return False
        return True

    def alerted() -> bool:
        return all(police.listing(alerts_name(d)).ids for d in districts)

    return {
        "filed at each SSP": filed,
        "matched into one incident": lambda: _incident_cases(matching) >= cases,
        "each SSP told": told,
        "each school told": schools_told,
        "each district alerted": alerted,
    }


async def _raw(bootstrap: str, messages: int) -> float:
    """Seconds for a bare aiokafka producer and consumer to move ``messages`` messages."""
    topic = f"samspil-bench-raw-{uuid4().hex[:12]}"
    topics = KafkaTopics(bootstrap, partitions=1, replication_factor=1)
    try:
        await asyncio.to_thread(topics.ensure, [topic])
    finally:
        topics.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, auto_offset_reset="earliest", fetch_max_wait_ms=10
    )
    await producer.start()
    await consumer.start()
    consumer.assign([TopicPartition(topic, 0)])
    try:
        started = time.perf_counter()
        for i in range(messages):
            await producer.send(topic, i.to_bytes(4, "big") + bytes(1000), partition=0)
        await producer.flush()
        seen = 0
        while seen < messages:
            batches = await consumer.getmany(timeout_ms=1000)
            seen += sum(len(records) for records in batches.values())
        return time.perf_counter() - started
    finally:
        await consumer.stop()
        await producer.stop()


async def run(*, cases: int = 1004, municipalities: int = len(DISTRICTS)) -> RegionResult:
    """``municipalities``: fewer than eleven, one per police district, for a shorter run."""
    districts = DISTRICTS[: max(1, min(municipalities, len(DISTRICTS)))]
    topology, towns = region_topology(districts)
    result = RegionResult(cases=cases, municipalities=len(towns))
    with (
        tempfile.TemporaryDirectory(prefix="samspil-bench-") as tmp,
        EmbeddedBroker() as broker,
    ):
        result.raw_seconds = await _raw(broker.bootstrap, cases)
        async with _region(topology, Path(tmp), broker.bootstrap) as built:
            schools = [built[f"school.{_slug(t)}"].app for t in towns]
            started = time.perf_counter()
            fed = await asyncio.to_thread(_feed, schools, towns, districts, cases)
            result.hops["reported"] = time.perf_counter() - started
            probes = _probes(built, towns, districts, cases, fed)
            with contextlib.suppress(TimeoutError):  # the hops not reached say so
                async with asyncio.timeout(TIMEOUT_SECONDS):
                    for hop, done in probes.items():
                        while not await asyncio.to_thread(done):
                            await asyncio.sleep(0.1)
                        result.hops[hop] = time.perf_counter() - started
            result.incident_cases = await asyncio.to_thread(
                _incident_cases, built["match.national"].app
            )
    return result


def describe(result: RegionResult) -> str:
    lines = [
        f"  {hop:<28} {result.hops[hop]:7.1f} s after the first report"
        if hop in result.hops
        else f"  {hop:<28} not done within {TIMEOUT_SECONDS:.0f} s"
        for hop in HOPS
    ]
    total = f"{result.total:.1f} s" if result.finished else f"over {TIMEOUT_SECONDS:.0f} s"
    lines.append(
        f"  one incident of {result.incident_cases} of {result.cases} cases in"
        f" {result.municipalities} municipalities: {total} (target < {TARGET_SECONDS:.0f} s);"
        f" raw aiokafka, {result.cases} messages: {result.raw_seconds:.2f} s"
    )
    return "\n".join(lines)
