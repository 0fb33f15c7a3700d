"""Chaos: events through the three services while kill -9s hit them and the broker.

The system runs as ``samspil up`` runs it: the embedded broker and the three services as
processes of their own, kept running by the same ``Supervisor``. The load
(``bench/chaos_load.py``) walks cases through the school, the police liaison and SSP over
HTTP, and a killer sends SIGKILL to a random one of the three services or the broker at
random points of the load, one at a time: after each kill it waits until the supervisor
has the process back and answering, and until everything accepted before then has
arrived everywhere it should (time to recover). The load is paced so that the kills
spread over all of it.

At the end, with everything settled and the system stopped, each store is read directly
and every accepted command is looked for where it was accepted and where it should have
arrived: found everywhere is delivered, missing anywhere is lost, found more than once
anywhere (two inbox entries, a notification applied twice to SSP's case file, two
acknowledgements on the school's case) is duplicated. Target: 0 lost, 0 duplicated.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from bench.chaos_count import Count, count_in_stores
from bench.chaos_load import (
    LOAD_SCHOOL,
    PROBE_SCHOOL,
    Agencies,
    Ledger,
    Load,
    School,
    Stopped,
)
from bench.stats import percentile, render_table, verdict
from infra.auth import local_issuer
from infra.settings import SERVICES, Settings
from infra.tansu import EmbeddedBroker, free_port
from services.run.launcher import system_env
from services.run.supervisor import BROKER, Supervisor

TARGETS: tuple[str, ...] = (*SERVICES, BROKER)
SEED = 2025
"""Fixed, so two runs kill the same targets at the same points of the load."""
SLACK_EVENTS = 40
"""How far the load may run past the next kill's point before it waits for the kill."""
RECOVERY_TIMEOUT_SECONDS = 180.0
"""Longest wait for one kill's recovery; past it the kill counts as not recovered."""
SETTLE_TIMEOUT_SECONDS = 180.0
"""Longest wait at the end for everything to arrive; what has not by then is lost."""


@dataclass(frozen=True)
class Recovery:
    target: str
    at_event: int
    """How many commands had been accepted when it was killed."""
    to_healthy: float
    """From the kill until the supervisor has it back and answering."""
    to_caught_up: float
    """From the kill until everything accepted before it was back has arrived everywhere,
    and a case sent after it came back has gone all the way round."""


@dataclass(frozen=True)
class ChaosResult:
    events: int
    kills: int
    accepted: int
    unanswered: int
    never_acknowledged: int
    """Notifications that never reached the police inbox, so the police never answered."""
    settled: bool
    count: Count
    recoveries: tuple[Recovery, ...]
    restarts_announced: int
    seconds: float

    @property
    def met(self) -> bool:
        return (
            self.settled
            and self.accepted == self.events
            and self.count.lost == 0
            and self.count.duplicated == 0
            and len(self.recoveries) == self.kills
            and all(math.isfinite(r.to_caught_up) for r in self.recoveries)
        )


class Killer:
    """SIGKILLs random targets at random points of the load, one at a time, and times how
    long each takes to recover. ``may_continue`` paces the load to the kills."""

    def __init__(
        self,
        supervisor: Supervisor,
        ledger: Ledger,
        probe: Callable[[threading.Event], Agencies],
        *,
        kills: int,
        events: int,
        seed: int,
        targets: Sequence[str] = TARGETS,
    ) -> None:
        self._supervisor = supervisor
        self._ledger = ledger
        self._stop = threading.Event()
        self._probe = probe(self._stop)
        self._targets = list(targets)
        self._since = 0.0
        """Commands accepted before this were settled (or given up) at an earlier kill."""
        self._rng = random.Random(seed)
        self._points = sorted(self._rng.uniform(0.02, 0.98) * events for _ in range(kills))
        self._next = 0
        self.recoveries: list[Recovery] = []
        self._thread = threading.Thread(target=self._run, name="killer", daemon=True)

    def may_continue(self) -> bool:
        if self._next >= len(self._points):
            return True
        return self._ledger.accepted < self._points[self._next] + SLACK_EVENTS

    def start(self) -> None:
        self._thread.start()

    def join(self) -> None:
        self._thread.join()
        self._probe.close()

    def abandon(self) -> None:
        self._stop.set()
        self._next = len(self._points)

    def _run(self) -> None:
        try:
            while self._next < len(self._points) and not self._stop.is_set():
                if self._ledger.accepted < self._points[self._next]:
                    self._stop.wait(0.05)
                    continue
                self._kill(self._rng.choice(self._targets))
        finally:
            self.abandon()  # whatever happened, the load must not wait for kills any more

    def _kill(self, target: str) -> None:
        pid = _wait_for(lambda: self._supervisor.pids().get(target), 60.0)
        at_event = self._ledger.accepted
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        self._next += 1  # the load may run on towards the next kill meanwhile

        def back() -> bool:
            return self._supervisor.is_up(target) and self._supervisor.pids().get(target) != pid

        healthy_at = caught_up_at = math.inf
        with contextlib.suppress(TimeoutError, Stopped):
            _wait_for(back, RECOVERY_TIMEOUT_SECONDS)
            healthy_at = time.monotonic()
            self._probe.round_trip(RECOVERY_TIMEOUT_SECONDS)
            since = self._since

            def caught_up() -> bool:
                return self._ledger.caught_up(healthy_at, since)

            _wait_for(caught_up, RECOVERY_TIMEOUT_SECONDS)
            caught_up_at = time.monotonic()
        # What has not arrived by now is not waited for again at the next kill: it is
        # counted at the end (as lost, if it never arrives).
        self._since = min(healthy_at, time.monotonic())
        recovery = Recovery(target, at_event, healthy_at - killed_at, caught_up_at - killed_at)
        self.recoveries.append(recovery)
        print(
            f"  kill {len(self.recoveries)}/{len(self._points)} at event {at_event:,}:"
            f" {target} — back after {recovery.to_healthy:.1f} s,"
            f" caught up after {recovery.to_caught_up:.1f} s",
            flush=True,
        )


def _wait_for(probe: Callable[[], Any], timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := probe()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not recovered within {timeout:.0f} s")
        time.sleep(0.05)
    return found


def _settings(data_dir: Path) -> Settings:
    """Embedded SQLite stores and the local issuer, whatever the machine's environment."""
    return Settings(
        _env_file=None,
        data_dir=data_dir,
        database_url="",
        http_host="127.0.0.1",
        school_port=free_port(),
        ssp_port=free_port(),
        police_liaison_port=free_port(),
    )


def _env(settings: Settings, broker: EmbeddedBroker) -> dict[str, str]:
    """``samspil up``'s environment for the services, without the caller's ``SAMSPIL_*``
    (a ``SAMSPIL_DATABASE_URL`` must not send the benchmark to another database); the
    settings that a ``.env`` file could still supply are given explicitly."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SAMSPIL_")}
    env = system_env(settings, broker, base)
    env.update(
        SAMSPIL_DATABASE_URL="",
        SAMSPIL_CIPHER_KEY="",
        SAMSPIL_AUTH_JWKS_URL="",
        SAMSPIL_AUTH_PUBLIC_KEY_FILE="",
        SAMSPIL_HTTP_HOST=settings.http_host,
        SAMSPIL_SCHOOL_PORT=str(settings.school_port),
        SAMSPIL_SSP_PORT=str(settings.ssp_port),
        SAMSPIL_POLICE_LIAISON_PORT=str(settings.police_liaison_port),
    )
    return env


@contextlib.contextmanager
def _running(settings: Settings, say: Callable[[str], None]) -> Iterator[Supervisor]:
    """Broker and services as ``samspil up`` starts them, supervised in a thread."""
    local_issuer(settings)
    (settings.data_dir / "logs").mkdir(parents=True, exist_ok=True)
    broker = EmbeddedBroker(log_file=settings.data_dir / "logs" / "broker.log")
    broker.start()
    supervisor = Supervisor(settings, _env(settings, broker), broker, say=say)
    stop = threading.Event()
    watcher = threading.Thread(target=supervisor.watch, args=(stop,), name="supervisor")
    try:
        supervisor.start()
        watcher.start()
        yield supervisor
    finally:
        stop.set()
        try:
            if watcher.is_alive():
                watcher.join()
        finally:
            supervisor.close()


def _tokens(settings: Settings, school: School) -> dict[str, dict[str, str]]:
    """Bearer headers for the school's management, its SSP consultant and its police."""
    issuer = local_issuer(settings)
    who = {
        "school": ("skoleleder-chaos", "ledelse", school.institution),
        "ssp": ("ssp-konsulent-chaos", "ssp_konsulent", school.municipality),
        "police_liaison": ("betjent-chaos", "politi", school.district),
    }
    lifetime = timedelta(hours=8)
    return {
        service: {
            "Authorization": "Bearer "
            + issuer.token(settings, person=p, role=r, organisation=o, lifetime=lifetime)
        }
        for service, (p, r, o) in who.items()
    }


def run(
    *, events: int = 10_000, kills: int = 50, seed: int = SEED, targets: Sequence[str] = TARGETS
) -> ChaosResult:
    started = time.monotonic()
    announced: list[str] = []

    def announce(line: str) -> None:
        """Keep what the supervisor says; show it when it is more than a routine restart."""
        announced.append(line)
        if not (" is back, " in line or "(killed by SIGKILL); restarting it" in line):
            print(f"    supervisor: {line}", flush=True)

    ledger = Ledger()
    with tempfile.TemporaryDirectory(prefix="samspil-chaos-") as tmp:
        settings = _settings(Path(tmp) / "data")
        with _running(settings, announce) as supervisor:
            urls: dict[str, str] = {s.name: s.url for s in supervisor.services}
            probe_tokens = _tokens(settings, PROBE_SCHOOL)

            def probe(stop: threading.Event) -> Agencies:
                return Agencies(urls, probe_tokens, PROBE_SCHOOL, stop)

            killer = Killer(
                supervisor, ledger, probe, kills=kills, events=events, seed=seed, targets=targets
            )
            tokens = _tokens(settings, LOAD_SCHOOL)
            load = Load(events, urls, tokens, ledger, may_continue=killer.may_continue)
            killer.start()
            load.start()
            try:
                load.wait_sent()
                killer.join()
                settled = load.wait_delivered(SETTLE_TIMEOUT_SECONDS)
            finally:
                killer.abandon()
                load.stop()
        count = count_in_stores(settings, ledger)
    return ChaosResult(
        events=events,
        kills=kills,
        accepted=ledger.accepted,
        unanswered=sum(ledger.unanswered.values()),
        never_acknowledged=load.never_acknowledged,
        settled=settled,
        count=count,
        recoveries=tuple(killer.recoveries),
        restarts_announced=sum(" is back, " in line for line in announced),
        seconds=time.monotonic() - started,
    )


def _seconds(samples: Sequence[float]) -> str:
    if not samples:
        return "—"
    ordered = sorted(samples)
    return f"{percentile(ordered, 0.5):.1f} s / {ordered[-1]:.1f} s"


def rows(result: ChaosResult) -> list[list[str]]:
    """The summary table's rows: metric, measured, baseline, ratio, target, verdict."""
    count, recoveries = result.count, result.recoveries
    healthy = _seconds([r.to_healthy for r in recoveries])
    caught_up = _seconds([r.to_caught_up for r in recoveries])
    accepted = f"{result.accepted:,} of {result.events:,}"
    return [
        ["chaos accepted", accepted, "", "", "all", verdict(result.accepted == result.events)],
        ["chaos delivered", f"{count.delivered:,}", "", "", "", ""],
        ["chaos lost", f"{count.lost:,}", "", "", "0", verdict(count.lost == 0 and result.settled)],
        ["chaos duplicated", f"{count.duplicated:,}", "", "", "0", verdict(count.duplicated == 0)],
        ["chaos kill→back p50/max", healthy, "", "", "", ""],
        ["chaos kill→caught up p50/max", caught_up, "", "", "", ""],
    ]


def describe(result: ChaosResult) -> str:
    kills = Counter(r.target for r in result.recoveries)
    by_target = ", ".join(f"{kills[t]} {t}" for t in TARGETS)
    missing = "".join(
        f"\n  lost: {n} × {where} has no trace of it" for where, n in result.count.missing
    )
    return (
        f"  {len(result.recoveries)} of {result.kills} kills ({by_target}),"
        f" {result.restarts_announced} restarts"
        f" announced; {result.accepted:,} commands accepted, {result.unanswered} requests"
        f" unanswered and sent again, {result.count.unknown_to_load} cases recorded without an"
        f" answer; {result.never_acknowledged} notifications never reached the police;"
        f" {'settled' if result.settled else 'NOT settled'};"
        f" {result.seconds:.0f} s in all"
    ) + missing


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # stop the system it started, as Ctrl-C does
    parser = argparse.ArgumentParser(prog="python -m bench.chaos", description=__doc__)
    parser.add_argument("--events", type=int, default=10_000, help="commands (default 10,000)")
    parser.add_argument("--kills", type=int, default=50, help="kill -9s (default 50)")
    parser.add_argument(
        "--targets",
        nargs="+",
        choices=TARGETS,
        default=list(TARGETS),
        help="what the kills hit (default: all three services and the broker)",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    print(
        f"Chaos: {args.events:,} events while {args.kills} kill -9s hit {', '.join(args.targets)}"
    )
    result = run(events=args.events, kills=args.kills, targets=args.targets)
    print(describe(result) + "\n")
    header = ["metric", "measured", "baseline", "ratio", "target", "verdict"]
    print(render_table(header, rows(result)))
    return 0 if result.met else 1


if __name__ == "__main__":
    sys.exit(main())
