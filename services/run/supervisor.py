"""Keeps ``samspil up`` running: a service, or the embedded broker, that dies is started again.

Each service is a process with a store of its own, so one that crashes takes nothing from
the others: they carry on. The restarted one catches up by itself: its relay resumes from
the position recorded in its store, its consumer groups from their committed offsets, and
tracking records make whatever is delivered twice harmless. The embedded broker keeps
nothing, so it comes back empty on the same port, and the supervisor creates Samspil's
topics on it again: the services create them only when they start, and the relays only
their own, so without this the checkpoint topic stayed missing and no service received
another's checkpoints any more. The relays see the topics' new ids and publish again from
the start of their stores, and the consumers start over.

Restarts wait longer after each failure (``Backoff``), so a service that crashes as soon as
it starts is retried at a calm pace, never in a tight loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto
from typing import Protocol

from kafka.errors import KafkaError

from contracts.topics import (
    AUDIT_CHECKPOINTS,
    MATCHING_EVENTS,
    POLICE_CASE_EVENTS,
    SCHOOL_CASE_EVENTS,
    SSP_COORDINATION_EVENTS,
    dead_letter_topic,
)
from infra.kafka_admin import KafkaTopics
from infra.settings import SERVICES, ServiceName, Settings
from infra.tansu import EmbeddedBroker
from services.run.processes import (
    LaunchError,
    ServiceProcess,
    answers_health,
    exit_description,
    start_service,
    stop_services,
    wait_healthy,
)

BROKER = "broker"
"""The embedded broker's name among the supervised processes (see ``Supervisor.pids``)."""


@dataclass(frozen=True)
class Backoff:
    """How long to wait before a restart: doubling from ``first`` up to ``longest`` seconds;
    a process that stayed up ``steady`` seconds starts again from ``first``."""

    first: float = 1.0
    longest: float = 30.0
    steady: float = 30.0

    def delay(self, failures: int) -> float:
        """The wait before the restart that follows the ``failures``-th failure in a row."""
        return min(self.first * 2.0 ** max(failures - 1, 0), self.longest)


class Phase(Enum):
    UP = auto()
    WAITING = auto()
    """Stopped; restarts at ``due``."""
    STARTING = auto()
    """Started; must answer before ``due``."""


class Supervised(Protocol):
    """What the supervisor needs of a process it keeps running."""

    label: str
    where: str
    """Where it is restarted, when that matters (`` on port 9092``)."""
    comeback: str
    """Said once it is back: how it catches up."""

    @property
    def pid(self) -> int | None: ...

    def exit_status(self) -> int | None: ...

    def begin(self) -> None: ...

    def answers(self) -> bool: ...

    def end(self) -> None: ...


class SupervisedService:
    """A service process: started afresh on each restart, up once ``/health`` answers."""

    where = ""
    comeback = "it catches up from its store and the broker."

    def __init__(self, name: ServiceName, settings: Settings, env: dict[str, str]) -> None:
        self.name = name
        self.deployment = settings.deployment(name)
        self.label = f"{self.deployment} service"
        self._settings = settings
        self._env = env
        self.process: ServiceProcess | None = None

    @property
    def pid(self) -> int | None:
        return self.process.process.pid if self.process else None

    def exit_status(self) -> int | None:
        return self.process.process.poll() if self.process else None

    def begin(self) -> None:
        self.process = start_service(self.name, self._settings, self._env)

    def answers(self) -> bool:
        return self.process is not None and answers_health(self.process, timeout=0.5)

    def end(self) -> None:
        if self.process:
            stop_services([self.process])


SAMSPIL_TOPICS: tuple[str, ...] = (
    SCHOOL_CASE_EVENTS,
    POLICE_CASE_EVENTS,
    SSP_COORDINATION_EVENTS,
    AUDIT_CHECKPOINTS,
    MATCHING_EVENTS,
    *(dead_letter_topic(name) for name in (*SERVICES, "matching")),
)
"""Every topic the services create when they start."""


class SupervisedBroker:
    """The embedded broker: restarted on the same port, so the services find it again, and
    with Samspil's topics, since it comes back without any."""

    def __init__(self, broker: EmbeddedBroker, settings: Settings) -> None:
        self._broker = broker
        self._settings = settings
        self.label = "embedded Kafka broker"
        self.where = f" on port {broker.port}"
        self.comeback = (
            f"it listens on {broker.bootstrap} again, empty, as it keeps nothing, with Samspil's"
            " topics created again: the services' relays publish again from their stores and"
            " their consumers start over."
        )

    @property
    def pid(self) -> int | None:
        return self._broker.pid

    def exit_status(self) -> int | None:
        return self._broker.exit_status()

    def begin(self) -> None:
        self._broker.restart()  # waits until the port listens
        topics = KafkaTopics(
            self._broker.bootstrap,
            self._settings.kafka_partitions,
            self._settings.kafka_replication_factor,
        )
        try:
            topics.ensure(SAMSPIL_TOPICS)
        except KafkaError as error:
            self._broker.stop()
            raise LaunchError(f"its topics could not be created: {type(error).__name__}") from None
        finally:
            topics.close()

    def answers(self) -> bool:
        return True

    def end(self) -> None:
        self._broker.stop()


@dataclass
class _Watch:
    """The supervisor's bookkeeping for one process."""

    member: Supervised
    phase: Phase = Phase.UP
    failures: int = 0
    due: float = 0.0
    since: float = 0.0
    """When it last came up (``UP``) or was last started (``STARTING``)."""


def _say(line: str) -> None:
    print(line, flush=True)


class Supervisor:
    """Starts the services, then keeps them and the embedded broker running until closed."""

    def __init__(
        self,
        settings: Settings,
        env: dict[str, str],
        broker: EmbeddedBroker | None = None,
        *,
        backoff: Backoff | None = None,
        health_timeout: float = 120.0,
        say: Callable[[str], None] = _say,
        on_restart: Callable[[], None] = lambda: None,
        services: list[SupervisedService] | None = None,
    ) -> None:
        """``services``: the deployments to run (a topology's); one of each kind if none."""
        chosen = services or [SupervisedService(name, settings, env) for name in SERVICES]
        self._services = {s.deployment: s for s in chosen}
        self._watches: dict[str, _Watch] = {
            name: _Watch(service) for name, service in self._services.items()
        }
        if broker is not None:
            self._watches[BROKER] = _Watch(SupervisedBroker(broker, settings))
        self._backoff = backoff or Backoff()
        self._health_timeout = health_timeout
        self._say = say
        self._on_restart = on_restart
        self._lock = threading.RLock()
        self._closed = False

    @property
    def services(self) -> list[ServiceProcess]:
        return [s.process for s in self._services.values() if s.process]

    def urls(self) -> dict[str, str]:
        """Where each running deployment answers, by deployment."""
        return {d: s.process.url for d, s in self._services.items() if s.process}

    def pids(self) -> dict[str, int]:
        """The running processes' ids, by deployment (the service's name when there is
        one of each kind) and ``broker``."""
        with self._lock:
            return {
                name: pid
                for name, watch in self._watches.items()
                if (pid := watch.member.pid) is not None and watch.phase is not Phase.WAITING
            }

    def is_up(self, name: str) -> bool:
        with self._lock:
            return self._watches[name].phase is Phase.UP

    def start(self) -> None:
        """Start every service and wait until each answers; a failure here is fatal."""
        for service in self._services.values():
            service.begin()
        for watch in self._watches.values():
            if isinstance(watch.member, SupervisedService) and watch.member.process:
                wait_healthy(watch.member.process)
            watch.since = time.monotonic()

    def watch(self, stop: threading.Event | None = None, poll_seconds: float = 0.2) -> None:
        """Supervise until ``stop`` is set (forever without one)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            self.check()
            stop.wait(poll_seconds)

    def check(self) -> None:
        """One look at every process: notice exits, restart when due, notice comebacks."""
        with self._lock:
            if self._closed:
                return
            for watch in self._watches.values():
                self._check(watch, time.monotonic())

    def close(self) -> None:
        """Stop the services, then the broker; nothing is restarted afterwards."""
        with self._lock:
            self._closed = True
            try:
                stop_services(self.services)
            finally:
                for watch in self._watches.values():
                    if not isinstance(watch.member, SupervisedService):
                        watch.member.end()

    def _check(self, watch: _Watch, now: float) -> None:
        member = watch.member
        if watch.phase is Phase.UP:
            status = member.exit_status()
            if status is not None:
                if now - watch.since >= self._backoff.steady:
                    watch.failures = 0
                self._retry(watch, now, f"stopped unexpectedly ({exit_description(status)})")
        elif watch.phase is Phase.WAITING:
            if now >= watch.due:
                self._begin(watch, now)
        elif (status := member.exit_status()) is not None:
            self._retry(watch, now, f"stopped while starting ({exit_description(status)})")
        elif member.answers():
            watch.phase = Phase.UP
            self._say(
                f"The {member.label} is back, {now - watch.since:.1f} s after its restart;"
                f" {member.comeback}"
            )
            watch.since = now
            self._on_restart()
        elif now >= watch.due:
            member.end()
            self._retry(watch, now, f"did not answer within {self._health_timeout:.0f} s")

    def _begin(self, watch: _Watch, now: float) -> None:
        try:
            watch.member.begin()
        except (LaunchError, OSError, TimeoutError) as error:
            self._retry(watch, now, f"could not be started ({error})")
            return
        watch.phase = Phase.STARTING
        watch.since = now
        watch.due = now + self._health_timeout

    def _retry(self, watch: _Watch, now: float, what_happened: str) -> None:
        watch.failures += 1
        delay = self._backoff.delay(watch.failures)
        watch.phase = Phase.WAITING
        watch.due = now + delay
        self._say(
            f"The {watch.member.label} {what_happened};"
            f" restarting it{watch.member.where} in {delay:g} s."
        )
