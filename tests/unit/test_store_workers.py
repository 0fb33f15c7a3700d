"""Store work outlives a cancelled caller; closing the store must wait for it."""

from __future__ import annotations

import asyncio
import threading

import pytest
import structlog

from infra.store_workers import StoreWorkers


async def test_draining_waits_for_work_whose_caller_was_cancelled() -> None:
    workers = StoreWorkers("test")
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def query() -> None:
        started.set()
        release.wait(timeout=10)
        finished.set()

    caller = asyncio.create_task(workers.run(query))
    await asyncio.to_thread(started.wait, 10)
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    assert not finished.is_set(), "the thread is still querying after its caller gave up"

    threading.Timer(0.2, release.set).start()
    workers.drain()
    assert finished.is_set(), "drain returned while the query was still running"


async def test_work_runs_under_the_callers_correlation_id() -> None:
    workers = StoreWorkers("test")
    with structlog.contextvars.bound_contextvars(correlation_id="req-42"):
        seen = await workers.run(structlog.contextvars.get_contextvars)
    workers.drain()
    assert seen["correlation_id"] == "req-42"
