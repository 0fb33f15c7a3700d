"""The "Umbrella" scale: one video, 1,004 sharers' cases, schools in 11 police districts.

The school and SSP services run in this process, built and started as ``samspil serve``
does, on an embedded broker; the school serves HTTP, so SSP fetches each case's
transport key from it as in production. Every case is reported at the school and the
video's MD5 recorded on it; the measure is the time from the first report until SSP's
one cluster holds every case, with the cluster's counts checked against what was fed.

Baseline, in the same run: the same number of cases reported without fingerprints,
until SSP has filed them all. The ratio is what linking adds to the pipeline.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.environment import bench_settings, serving
from domain.actors import Actor, Role
from domain.fingerprints import Fingerprint, FingerprintKind
from domain.geography import PoliceDistrict
from domain.incidents import IncidentCluster
from domain.offences import OffenceCategory
from infra.settings import Settings
from infra.tansu import EmbeddedBroker, free_port
from services.kit.service import RunningService, build
from services.run.blueprints import BLUEPRINTS
from services.ssp.application import ALL_CASES
from services.ssp.linking import MATERIAL_LISTING

VIDEO = Fingerprint(FingerprintKind.MD5, "9e107d9d372bb6826bd81d3542a419d6")
DISTRICTS = list(PoliceDistrict)[:11]
"""Charged in every police district but one."""
TIMEOUT_SECONDS = 900.0


@dataclass(frozen=True)
class Fed:
    """What was reported: the counts the cluster must show."""

    cases: int
    schools: int
    municipalities: int
    districts: int


@dataclass(frozen=True)
class ScaleResult:
    fed: Fed
    linking_seconds: float
    baseline_seconds: float
    cluster_cases: int
    cluster_schools: int
    cluster_municipalities: int
    cluster_districts: int

    @property
    def counts_correct(self) -> bool:
        return (
            self.cluster_cases,
            self.cluster_schools,
            self.cluster_municipalities,
            self.cluster_districts,
        ) == (self.fed.cases, self.fed.schools, self.fed.municipalities, self.fed.districts)


def _where(i: int) -> tuple[str, str, PoliceDistrict]:
    """Case ``i``'s school, municipality and district: 4 municipalities per district."""
    district = DISTRICTS[i % len(DISTRICTS)]
    municipality = f"Kommune {district.value}-{(i // len(DISTRICTS)) % 4}"
    school = f"Skole {i % 160}"
    return school, municipality, district


def fed(cases: int) -> Fed:
    places = [_where(i) for i in range(cases)]
    return Fed(
        cases=cases,
        schools=len({p[0] for p in places}),
        municipalities=len({p[1] for p in places}),
        districts=len({p[2] for p in places}),
    )


@contextlib.asynccontextmanager
async def _running(settings: Settings) -> AsyncIterator[tuple[Any, Any]]:
    school: RunningService[Any] = build(BLUEPRINTS["school"], settings)
    ssp: RunningService[Any] = build(BLUEPRINTS["ssp"], settings)
    async with (
        serving(school.http, settings.school_port),
        ssp.http.router.lifespan_context(ssp.http),
    ):
        yield school.app, ssp.app


def _feed(school: Any, cases: int, *, fingerprint: bool) -> None:
    for i in range(cases):
        institution, municipality, district = _where(i)
        actor = Actor(f"leder-{i % 160}", Role.LEDELSE, institution)
        case = school.report_case(
            institution=institution,
            municipality=municipality,
            police_district=district,
            offence_category=OffenceCategory.SHARING_WITHOUT_CONSENT,
            victim_is_minor=True,
            description="A video of two pupils is being shared.",
            actor=actor,
        )
        if fingerprint:
            school.act(
                case.id, lambda c, a=actor: c.record_fingerprints(fingerprints=[VIDEO], actor=a)
            )


def _filed(ssp: Any, cases: int) -> bool:
    return len(ssp.listing(ALL_CASES).ids) >= cases


def _cluster(ssp: Any) -> IncidentCluster | None:
    for case_id in ssp.listing(MATERIAL_LISTING).ids[:1]:
        case_file = ssp.get_or_none(case_id)
        if case_file is not None and case_file.cluster is not None:
            found: IncidentCluster = ssp.repository.get(case_file.cluster[0])
            return found
    return None


async def _timed(
    cases: int, *, fingerprint: bool, done: Callable[[Any], bool]
) -> tuple[float, Any]:
    with tempfile.TemporaryDirectory(prefix="samspil-bench-") as tmp, EmbeddedBroker() as broker:
        settings = bench_settings(
            Path(tmp),
            kafka_bootstrap=broker.bootstrap,
            kafka_idempotent_producer=False,
            kafka_fetch_max_wait_ms=10,
            relay_poll_seconds=0.05,
            school_port=free_port(),
        )
        async with _running(settings) as (school, ssp):
            started = time.perf_counter()
            feeding = asyncio.create_task(
                asyncio.to_thread(_feed, school, cases, fingerprint=fingerprint)
            )
            async with asyncio.timeout(TIMEOUT_SECONDS):
                while not await asyncio.to_thread(done, ssp):
                    await asyncio.sleep(0.2)
            await feeding
            elapsed = time.perf_counter() - started
            cluster = await asyncio.to_thread(_cluster, ssp) if fingerprint else None
            return elapsed, cluster


async def link_all(cases: int) -> tuple[float, IncidentCluster]:
    """Feed ``cases`` cases of one video; the time until SSP's cluster holds them all."""

    def all_linked(ssp: Any) -> bool:
        cluster = _cluster(ssp)
        return cluster is not None and len(cluster.members) >= cases

    linking, cluster = await _timed(cases, fingerprint=True, done=all_linked)
    assert cluster is not None
    return linking, cluster


async def run(*, cases: int = 1004) -> ScaleResult:
    fed_cases = fed(cases)
    baseline, _ = await _timed(cases, fingerprint=False, done=lambda ssp: _filed(ssp, cases))
    linking, cluster = await link_all(cases)
    return ScaleResult(
        fed=fed_cases,
        linking_seconds=linking,
        baseline_seconds=baseline,
        cluster_cases=len(cluster.members),
        cluster_schools=cluster.schools,
        cluster_municipalities=cluster.municipalities,
        cluster_districts=len(cluster.first_in_each_district()),
    )
