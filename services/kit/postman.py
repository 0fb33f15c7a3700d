"""The postman: hands the outbox's notices to the mail server, and keeps trying.

Every service keeps its notices in its store (``infra.mail_outbox``); the postman sends
those that are due — at once, or in each person's daily digest — and, when the mail
server is away, tries again later without losing any. A notice interrupted by a crash
is sent again with the same Message-ID, so it is recognisably the same mail.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

import structlog

from infra.logging import error_fields
from infra.mail import Mailer
from infra.mail_outbox import DeliveryReport, MailOutbox
from infra.store_workers import StoreWorkers

log = structlog.get_logger(__name__)

POLL_SECONDS = 5.0


class Postman:
    def __init__(self, outbox: MailOutbox, mailer: Mailer, workers: StoreWorkers) -> None:
        self.outbox = outbox
        self.mailer = mailer
        self._workers = workers
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Called (from any thread) when a notice was enqueued."""
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def deliver(self) -> DeliveryReport:
        now = datetime.now(UTC)
        self.outbox.recover_interrupted(now)
        return self.outbox.deliver_due(now, self.mailer)

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        while True:
            self._wake.clear()  # before looking: a notice enqueued while we look wakes us
            try:
                await self._workers.run(self.deliver)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the store is away: the notices wait in it
                log.warning("postman.failed", **error_fields(error))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=POLL_SECONDS)
