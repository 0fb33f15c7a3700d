"""The chaos benchmark's load: cases walked through the three services over HTTP, each
command written down once a service accepted it, and checked off once it has arrived
everywhere it should.

A case takes three commands: the school reports it (it must reach SSP's overview), the
school notifies the police (the notification must reach the police district's inbox and
SSP's case file), and the police acknowledge it (the acknowledgement must reach the
school's case). A request that finds its service down is sent again once it is back; one
whose answer was lost with the service (sent, but no answer) is counted as unanswered and
sent again, so its first copy may exist without the load knowing of it.
"""

from __future__ import annotations

import functools
import itertools
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum, StrEnum, auto
from typing import Any

import httpx


@dataclass(frozen=True)
class School:
    """Where the load's cases come from: a school, its municipality and police district."""

    institution: str
    municipality: str
    district: str = "koebenhavn"

    def report(self) -> dict[str, Any]:
        return {
            "institution": self.institution,
            "municipality": self.municipality,
            "police_district": self.district,
            "offence_category": "sextortion",
            "victim_is_minor": True,
            "description": "Pupil (14) is pressed for more images by an unknown profile.",
        }


LOAD_SCHOOL = School("Frederiksberg Skole", "Frederiksberg")
PROBE_SCHOOL = School("Tårnby Skole", "Tårnby")
"""The killer's own cases, which show that a case goes all the way round again; kept out
of the load's municipality so that they never count among its events."""
STEPS_PER_CASE = 3
RETRY_SECONDS = 0.2
"""Pause before sending again to a service that is down, or asking again for a delivery."""


class Step(StrEnum):
    REPORT = "report"
    NOTIFY = "notify"
    ACKNOWLEDGE = "acknowledge"


@dataclass
class Command:
    """One accepted command, and when it was first seen everywhere it should be."""

    step: Step
    case_id: str
    notification_id: str = ""
    accepted_at: float = 0.0
    delivered_at: float | None = None


class Ledger:
    """Every accepted command; shared by the load, the delivery checks and the killer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._commands: list[Command] = []
        self.unanswered: Counter[Step] = Counter()

    def accept(self, command: Command) -> None:
        command.accepted_at = time.monotonic()
        with self._lock:
            self._commands.append(command)

    def note_unanswered(self, step: Step) -> None:
        with self._lock:
            self.unanswered[step] += 1

    @property
    def accepted(self) -> int:
        with self._lock:
            return len(self._commands)

    def commands(self) -> list[Command]:
        with self._lock:
            return list(self._commands)

    def undelivered(self) -> list[Command]:
        with self._lock:
            return [c for c in self._commands if c.delivered_at is None]

    def caught_up(self, accepted_before: float, since: float = 0.0) -> bool:
        """Has everything accepted between then and ``since`` arrived everywhere it should?"""
        return not any(since <= c.accepted_at < accepted_before for c in self.undelivered())


class Stopped(Exception):
    """The benchmark is over: whatever is still being sent is abandoned."""


class Acknowledgement(Enum):
    ACCEPTED = auto()
    NOT_THERE_YET = auto()
    """The police do not know the notification yet: it is still on its way."""
    UNANSWERED = auto()


class Agencies:
    """The services' HTTP APIs as their professionals use them; one per thread."""

    def __init__(
        self,
        urls: dict[str, str],
        tokens: dict[str, dict[str, str]],
        school: School,
        stopping: threading.Event | None = None,
    ) -> None:
        self._urls = urls
        self._tokens = tokens
        self._school = school
        self._stopping = stopping or threading.Event()
        self._http = httpx.Client(timeout=30.0)

    def close(self) -> None:
        self._http.close()

    def _send(self, service: str, method: str, path: str, **request: Any) -> httpx.Response | None:
        """The answer; sent again while the service is down; None if the answer was lost."""
        while True:
            if self._stopping.is_set():
                raise Stopped
            try:
                response = self._http.request(
                    method, self._urls[service] + path, headers=self._tokens[service], **request
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                time.sleep(RETRY_SECONDS)  # never sent: the service is down
                continue
            except httpx.TransportError:
                return None  # sent, and the service went down before answering
            if response.status_code < 500:
                return response
            time.sleep(RETRY_SECONDS)

    def report(self) -> str | None:
        answer = self._send("school", "POST", "/cases", json=self._school.report())
        return None if answer is None else str(_expect(answer, 201)["case_id"])

    def notify(self, case_id: str) -> str | None:
        answer = self._send("school", "POST", f"/cases/{case_id}/police-notifications")
        return None if answer is None else str(_expect(answer, 201)["police_notification_id"])

    def acknowledge(self, notification_id: str) -> Acknowledgement:
        path = f"/districts/{self._school.district}/inbox/{notification_id}/acknowledge"
        answer = self._send("police_liaison", "POST", path)
        if answer is None:
            return Acknowledgement.UNANSWERED
        if answer.status_code == 404:
            return Acknowledgement.NOT_THERE_YET
        if answer.status_code == 409 and "AlreadyAcknowledged" in answer.text:
            return Acknowledgement.ACCEPTED  # an unanswered earlier try was recorded
        _expect(answer, 200)
        return Acknowledgement.ACCEPTED

    def _probe(self, service: str, path: str) -> dict[str, Any] | None:
        """The record if the service has it now; None if not (or the service is down)."""
        try:
            response = self._http.get(self._urls[service] + path, headers=self._tokens[service])
        except httpx.HTTPError:
            return None
        return dict(response.json()) if response.status_code == 200 else None

    def arrived(self, command: Command) -> bool:
        """Is the command's effect everywhere it should be, as the professionals see it?"""
        if command.step is Step.REPORT:
            return self._probe("ssp", f"/cases/{command.case_id}") is not None
        if command.step is Step.NOTIFY:
            inbox = f"/districts/{self._school.district}/inbox/{command.notification_id}"
            ssp_file = self._probe("ssp", f"/cases/{command.case_id}")
            return (
                ssp_file is not None
                and ssp_file["case"]["police_notified_at"] is not None
                and self._probe("police_liaison", inbox) is not None
            )
        case = self._probe("school", f"/cases/{command.case_id}")
        return case is not None and any(
            entry["event"] == "PoliceAcknowledged"
            and entry["details"].get("notification_id") == command.notification_id
            for entry in case["history"]
        )

    def round_trip(self, timeout: float) -> None:
        """One case all the way round: reported and notified at the school, acknowledged by
        the police once it is in their inbox, and then seen everywhere it should be."""
        deadline = time.monotonic() + timeout

        def waited() -> None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no case went all the way round within {timeout:.0f} s")
            time.sleep(RETRY_SECONDS / 4)

        case_id = _answered(self.report)
        notification_id = _answered(functools.partial(self.notify, case_id))
        while self.acknowledge(notification_id) is not Acknowledgement.ACCEPTED:
            waited()
        commands = [
            Command(Step.REPORT, case_id),
            Command(Step.NOTIFY, case_id, notification_id),
            Command(Step.ACKNOWLEDGE, case_id, notification_id),
        ]
        while not all(self.arrived(command) for command in commands):
            waited()


def _answered(send: Callable[[], str | None], unanswered: Callable[[], None] = lambda: None) -> str:
    """Send until there is an answer (a lost one leaves a copy nobody was told about)."""
    while (answer := send()) is None:
        unanswered()
        time.sleep(RETRY_SECONDS)
    return answer


def _expect(response: httpx.Response, status: int) -> dict[str, Any]:
    if response.status_code != status:
        raise RuntimeError(
            f"{response.request.url} answered {response.status_code}: {response.text}"
        )
    return dict(response.json())


class Load:
    """Reporters walk cases through the school, an acknowledger answers them at the police
    once they have arrived, and a checker ticks off each command once it has arrived
    everywhere. ``may_continue`` lets the killer pace the reporters."""

    def __init__(
        self,
        events: int,
        urls: dict[str, str],
        tokens: dict[str, dict[str, str]],
        ledger: Ledger,
        *,
        may_continue: Callable[[], bool] = lambda: True,
        reporters: int = 3,
        give_up_after: float = 300.0,
    ) -> None:
        self._events = events
        self._may_continue = may_continue
        self._urls = urls
        self._tokens = tokens
        self._ledger = ledger
        self._give_up_after = give_up_after
        self._slots: Iterator[int] = itertools.count()
        self._slot_lock = threading.Lock()
        self._to_acknowledge: deque[tuple[str, str, float]] = deque()
        self.never_acknowledged = 0
        """Notifications that never reached the police inbox, so were never acknowledged."""
        self._stopping = threading.Event()
        self._sent = threading.Event()
        self._reporters = [
            self._thread(self._report_cases, f"reporter-{n}") for n in range(reporters)
        ]
        self._acknowledger = self._thread(self._acknowledge, "acknowledger")
        self._checker = self._thread(self._check, "checker")

    def _thread(self, work: Callable[[Agencies], None], name: str) -> threading.Thread:
        def run() -> None:
            agencies = Agencies(self._urls, self._tokens, LOAD_SCHOOL, self._stopping)
            try:
                work(agencies)
            except Stopped:
                pass
            finally:
                agencies.close()

        return threading.Thread(target=run, name=name, daemon=True)

    @property
    def cases(self) -> int:
        return -(-self._events // STEPS_PER_CASE)

    def start(self) -> None:
        for thread in [*self._reporters, self._acknowledger, self._checker]:
            thread.start()

    def wait_sent(self) -> None:
        """Until every command has been accepted (or given up)."""
        for reporter in self._reporters:
            reporter.join()
        self._sent.set()
        self._acknowledger.join()

    def wait_delivered(self, timeout: float) -> bool:
        """Until every accepted command has arrived everywhere; False if not within timeout."""
        deadline = time.monotonic() + timeout
        while self._ledger.undelivered():
            if time.monotonic() > deadline:
                return False
            time.sleep(RETRY_SECONDS)
        return True

    def stop(self) -> None:
        self._sent.set()
        self._stopping.set()
        for thread in [*self._reporters, self._acknowledger, self._checker]:
            thread.join(timeout=60)

    def _next_slot(self) -> int | None:
        with self._slot_lock:
            slot = next(self._slots)
        return slot if slot < self.cases else None

    def _report_cases(self, agencies: Agencies) -> None:
        while (slot := self._next_slot()) is not None:
            while not self._may_continue():
                self._stopping.wait(RETRY_SECONDS / 4)
            steps = min(STEPS_PER_CASE, self._events - slot * STEPS_PER_CASE)
            case_id = _answered(agencies.report, self._unanswered(Step.REPORT))
            self._ledger.accept(Command(Step.REPORT, case_id))
            if steps < 2:
                continue
            notify = functools.partial(agencies.notify, case_id)
            notification_id = _answered(notify, self._unanswered(Step.NOTIFY))
            self._ledger.accept(Command(Step.NOTIFY, case_id, notification_id))
            if steps == STEPS_PER_CASE:
                self._to_acknowledge.append((case_id, notification_id, time.monotonic()))

    def _unanswered(self, step: Step) -> Callable[[], None]:
        return functools.partial(self._ledger.note_unanswered, step)

    def _acknowledge(self, agencies: Agencies) -> None:
        while self._to_acknowledge or not self._sent.is_set():
            if not self._to_acknowledge:
                self._stopping.wait(RETRY_SECONDS / 4)
                continue
            case_id, notification_id, notified_at = self._to_acknowledge.popleft()
            outcome = agencies.acknowledge(notification_id)
            if outcome is Acknowledgement.ACCEPTED:
                self._ledger.accept(Command(Step.ACKNOWLEDGE, case_id, notification_id))
                continue
            if outcome is Acknowledgement.UNANSWERED:
                self._ledger.note_unanswered(Step.ACKNOWLEDGE)
            elif time.monotonic() - notified_at > self._give_up_after:
                self.never_acknowledged += 1  # it never reached the inbox: lost on the way
                continue
            else:
                self._stopping.wait(RETRY_SECONDS / 4)
            self._to_acknowledge.append((case_id, notification_id, notified_at))

    def _check(self, agencies: Agencies) -> None:
        while not self._stopping.is_set():
            for command in self._ledger.undelivered():
                if agencies.arrived(command):
                    command.delivered_at = time.monotonic()
            self._stopping.wait(RETRY_SECONDS)
