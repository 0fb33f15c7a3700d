"""Writes that meet: one writer at a time per aggregate in a process, patience across them.

A school's case listing is written by every report its staff make; three colleagues
reporting at once would otherwise race for its next version, and one of them could lose
every retry. Within a process such writers wait their turn on the aggregate's lock, so
only a writer in another process (a second replica on the same store) can still meet a
conflict, and that one is retried after a short, growing, random pause.
"""

from __future__ import annotations

import random
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from uuid import UUID

CONFLICT_RETRIES = 8
"""How often a write that met another is made again before the conflict is answered."""

_FIRST_PAUSE_SECONDS = 0.002


class WriteLocks:
    """A lock per aggregate id, alive only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[UUID, threading.RLock] = (
            weakref.WeakValueDictionary()
        )
        self._guard = threading.Lock()

    def _lock_of(self, aggregate_id: UUID) -> threading.RLock:
        with self._guard:
            lock = self._locks.get(aggregate_id)
            if lock is None:
                lock = threading.RLock()
                self._locks[aggregate_id] = lock
            return lock

    @contextmanager
    def holding(self, *aggregate_ids: UUID) -> Iterator[None]:
        """Hold the locks of these aggregates (always taken in one order, so two writers
        of the same pair cannot wait for each other); reentrant within a thread."""
        locks = [self._lock_of(i) for i in sorted(set(aggregate_ids))]
        with ExitStack() as stack:
            for lock in locks:
                stack.enter_context(lock)
            yield


def retry_pause(attempt: int) -> float:
    """A random moment that grows with each attempt, so two writers that met once do not
    meet again on the next try."""
    return random.uniform(0, _FIRST_PAUSE_SECONDS * 2**attempt)


def pause_before_retry(attempt: int) -> None:
    time.sleep(retry_pause(attempt))
