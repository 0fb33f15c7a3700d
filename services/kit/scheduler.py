"""The scheduler: wakes each service when its next timed step is due, and runs it.

A service's blueprint names which aggregates carry timed steps (their event topics),
when an aggregate's next step is due, and what to do when it is. The scheduler follows
the store's own notifications into a due index (``infra.due_index``), sleeps until the
first entry is due (or until the store records something new), runs every step that is
due, and follows what that recorded. Nothing is kept in memory that a restart would
lose: after a crash the index carries on from its position, and a step already recorded
is not run again (the aggregate remembers it, under its version).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar
from uuid import UUID

import structlog
from eventsourcing.persistence import Notification

from infra.due_index import DueIndex
from infra.logging import error_fields
from services.kit.application import ServiceApplication

log = structlog.get_logger(__name__)

A = TypeVar("A", bound=ServiceApplication)

LONGEST_SLEEP_SECONDS = 60.0
"""Woken at least this often all the same (the clock of the machine may jump)."""
PAGE = 500
RETRY_AFTER = timedelta(minutes=5)
"""A step that failed (the store away, a key missing) is tried again after this."""


@dataclass(frozen=True)
class Timed(Generic[A]):
    """What a service schedules: aggregates whose events' topics contain ``marker``."""

    name: str
    marker: str
    next_at: Callable[[A, UUID], datetime | None]
    """When the aggregate's next step is due; None when it has none (or is unreadable)."""
    run_due: Callable[[A, UUID, datetime], None]
    """Run the steps of the aggregate that are due at the given moment, and record them."""
    followed: Callable[[A, Sequence[Notification]], None] = lambda app, page: None
    """Called with each page of new notifications before the index moves past them (the
    school turns recorded escalations into notices here): what it does must be
    idempotent, as a crash replays the page."""


class Scheduler(Generic[A]):
    def __init__(self, app: A, timed: Timed[A], now: Callable[[], datetime] | None = None) -> None:
        self.app = app
        self.timed = timed
        self.index = DueIndex(app.store_sql, timed.name)
        self._now = now or (lambda: datetime.now(UTC))
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        app.on_recorded(self._recorded)

    def _recorded(self, topics: Sequence[str]) -> None:
        if self._loop is not None and self._wake is not None and any(
            self.timed.marker in t for t in topics
        ):
            self._loop.call_soon_threadsafe(self._wake.set)

    def follow(self) -> int:
        """Bring the index up to date with the store; how many aggregates changed."""
        position = self.index.position()
        changed = 0
        while True:
            page = self.app.recorder.select_notifications(position + 1, PAGE)
            if not page:
                return changed
            self.timed.followed(self.app, page)
            subjects = {UUID(str(n.originator_id)) for n in page if self.timed.marker in n.topic}
            due = {s: self.timed.next_at(self.app, s) for s in subjects}
            position = page[-1].id
            self.index.apply(due, position)
            changed += len(due)

    def run_due(self) -> int:
        """Run every step due by now; how many aggregates had one."""
        now = self._now()
        ran = 0
        self.follow()
        for subject in self.index.due_by(now):
            try:
                self.timed.run_due(self.app, subject, now)
                after: datetime | None = self.timed.next_at(self.app, subject)
            except Exception as error:  # one aggregate's trouble must not stop the others
                log.warning("scheduler.step_failed", subject=str(subject), **error_fields(error))
                after = now + RETRY_AFTER  # kept, and tried again: never dropped
            if after is not None and after <= now:
                after = now + RETRY_AFTER  # due, yet nothing to run: look again later
            self.index.apply({subject: after}, self.index.position())
            ran += 1
        self.follow()
        return ran

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        while True:
            self._wake.clear()  # before looking: what is recorded while we look wakes us
            try:
                await self.app.workers.run(self.follow)
                await self.app.workers.run(self.run_due)
                first = await self.app.workers.run(self.index.first)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the store is away: try again in a while
                log.warning("scheduler.failed", **error_fields(error))
                first = None
            wait = LONGEST_SLEEP_SECONDS
            if first is not None:
                wait = min(wait, max(0.0, (first - self._now()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)
