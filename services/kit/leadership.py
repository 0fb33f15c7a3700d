"""Which process of a deployment does its background work, and which steps go one at a time.

Every replica of a deployment serves HTTP and consumes its share of the partitions.
The work that must happen once per deployment — publishing the outbox, signing audit
checkpoints, running due deadlines, sending mail — is done by the one replica that
holds the deployment's leader lock (``infra.store_locks``); the others wait to take it
over. A leader that dies loses the lock with its connection, and a standby holds it
within ``CHECK_SECONDS``. Whatever the leader left half done is done again: the relay
publishes from its recorded position (receivers drop what they already applied).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from typing import Any

import structlog

from infra.logging import error_fields
from infra.store_locks import StoreLock

log = structlog.get_logger(__name__)

CHECK_SECONDS = 1.0
"""How often a standby tries to take over, and a leader checks it still leads."""


TURN_POLL_SECONDS = 0.005
"""How often a step waiting for its turn tries again. Trying, never waiting inside the
store, means a step stopped while it waits can never take the lock after it stopped."""


class Leadership:
    def __init__(
        self,
        lock: StoreLock,
        work: Sequence[Callable[[], Coroutine[Any, Any, None]]],
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self._lock = lock
        self._work = work
        self._check_seconds = check_seconds
        self.leading = False
        """Whether this process does the deployment's background work just now."""

    async def run(self) -> None:
        try:
            while True:
                try:
                    taken = await asyncio.to_thread(self._lock.try_acquire)
                except Exception as error:  # the store is away: try again
                    log.warning("leadership.store_unreachable", **error_fields(error))
                    taken = False
                if taken:
                    await self._lead()
                await asyncio.sleep(self._check_seconds)
        except asyncio.CancelledError:
            self._lock.release()  # a try cut short by the stop may have taken it
            raise

    async def _lead(self) -> None:
        log.info("leadership.taken")
        self.leading = True
        tasks: list[asyncio.Task[None]] = [asyncio.create_task(start()) for start in self._work]
        try:
            while await asyncio.to_thread(self._lock.still_held):
                stopped = [t for t in tasks if t.done()]
                if stopped:  # work that should never end did: let a healthy replica lead
                    log.error("leadership.work_stopped", **_failure(stopped[0]))
                    return
                await asyncio.sleep(self._check_seconds)
            log.warning("leadership.lost")
        finally:
            self.leading = False
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)  # a failure is logged above
            with contextlib.suppress(Exception):
                self._lock.release()  # at once, even when stopping: a moment's work


def _failure(task: asyncio.Task[None]) -> dict[str, str]:
    error = None if task.cancelled() else task.exception()
    return error_fields(error) if isinstance(error, Exception) else {"error": "stopped"}


class OneAtATime:
    """Steps that read what other steps wrote (the linking index): run one at a time
    across every replica, each after the ones before it were saved."""

    def __init__(self, lock: StoreLock) -> None:
        self._lock = lock
        self._here: asyncio.Lock | None = None
        """The store's lock is one session's: coroutines of this process queue here first."""

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        if self._here is None:
            self._here = asyncio.Lock()
        async with self._here:
            try:
                while not await asyncio.to_thread(self._lock.try_acquire):
                    await asyncio.sleep(TURN_POLL_SECONDS)
            except asyncio.CancelledError:
                self._lock.release()  # a try cut short may have taken it
                raise
            try:
                yield
            finally:
                self._lock.release()
