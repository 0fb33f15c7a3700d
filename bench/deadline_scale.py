"""Finding and firing the next due deadline with 100,000 open cases, beside 1,000.

Each size is a real school store whose due index holds that many open clocks (the rows
a school's cases leave behind), plus one real case whose police notification is past
its deadline. Measured: the time to find the first due entry, the time to fire it
(record the missed deadline, enqueue its notices, follow the index), and the scheduler's
memory while doing so. The target is flat: the same at 100,000 as at 1,000.

    python -m bench.deadline_scale [--large 100000] [--small 1000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from bench.environment import bench_settings
from domain.actors import Actor, Role
from domain.geography import PoliceDistrict
from domain.offences import OffenceCategory
from infra.due_index import DueIndex, _micros
from infra.event_store import store_env
from services.kit.scheduler import Scheduler
from services.school.application import SchoolApplication
from services.school.deadlines import TIMED

TARGET_RATIO = 1.5
ROUNDS = 50
HEAD = Actor("skoleleder", Role.LEDELSE, "Skolen")


@dataclass(frozen=True)
class Scale:
    open_cases: int
    find_seconds: float
    """Median time to find the first due entry."""
    fire_seconds: float
    """Median time to fire one due deadline and follow what it recorded."""
    peak_bytes: int
    """The scheduler's peak Python memory while firing."""


@dataclass(frozen=True)
class DeadlineScaleResult:
    small: Scale
    large: Scale

    @property
    def find_ratio(self) -> float:
        return self.large.find_seconds / self.small.find_seconds

    @property
    def fire_ratio(self) -> float:
        return self.large.fire_seconds / self.small.fire_seconds

    @property
    def met(self) -> bool:
        return max(self.find_ratio, self.fire_ratio) <= TARGET_RATIO


def _fill(index: DueIndex, count: int, after: datetime) -> None:
    """``count`` open clocks, due over the next year (none of them due now)."""
    step = timedelta(days=365) / count
    rows = [("deadlines", str(uuid4()), _micros(after + step * (i + 1))) for i in range(count)]
    index._sql.executemany(  # the rows of a school with that many open cases
        "INSERT INTO {schema}samspil_due (name, subject, due_at) VALUES ({p}, {p}, {p})", rows
    )


def _overdue_case(app: SchoolApplication) -> None:
    case = app.report_case(
        institution="Skolen",
        municipality="Aarhus",
        police_district=PoliceDistrict.OESTJYLLAND,
        offence_category=OffenceCategory.GROOMING,
        victim_is_minor=False,
        description="En voksen skriver med en elev.",
        actor=HEAD,
    )
    app.act(case.id, lambda c: c.notify_police(actor=HEAD))


def measure(open_cases: int, rounds: int = ROUNDS) -> Scale:
    with tempfile.TemporaryDirectory() as directory:
        settings = bench_settings(Path(directory))
        app = SchoolApplication(store_env(settings, "school"), settings)
        try:
            now = datetime.now(UTC) + timedelta(days=30)  # every notification is overdue
            scheduler = Scheduler(app, TIMED, now=lambda: now)
            scheduler.follow()
            _fill(scheduler.index, open_cases, now)
            finds, fires, peak = [], [], 0
            for _ in range(rounds):
                _overdue_case(app)
                scheduler.follow()
                started = time.perf_counter()
                scheduler.index.first()
                finds.append(time.perf_counter() - started)
                tracemalloc.start()
                started = time.perf_counter()
                assert scheduler.run_due() == 1, "exactly the one overdue case fires"
                fires.append(time.perf_counter() - started)
                peak = max(peak, tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
            return Scale(open_cases, statistics.median(finds), statistics.median(fires), peak)
        finally:
            app.close()


def run(large: int = 100_000, small: int = 1_000) -> DeadlineScaleResult:
    return DeadlineScaleResult(measure(small), measure(large))


def describe(result: DeadlineScaleResult) -> str:
    lines = []
    for scale in (result.small, result.large):
        lines.append(
            f"  {scale.open_cases:>7,} open cases: find {scale.find_seconds * 1e6:.0f} µs,"
            f" fire {scale.fire_seconds * 1e3:.1f} ms, peak {scale.peak_bytes / 1e3:.0f} kB"
        )
    lines.append(
        f"  ratio {result.large.open_cases:,}/{result.small.open_cases:,}: find"
        f" {result.find_ratio:.2f}×, fire {result.fire_ratio:.2f}× (target ≤ {TARGET_RATIO}×)"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    args = parser.parse_args()
    print(describe(run(args.large, args.small)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
