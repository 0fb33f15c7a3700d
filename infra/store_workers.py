"""The threads a service runs its blocking store work on, drained before the store closes.

Store reads and writes are blocking, so async code runs them on worker threads. A
cancelled ``await`` does not stop its thread, and at shutdown the broker cancels its
consumers' handlers and the service cancels its relay and chain keeper without their
threads having finished. Closing a SQLite connection while another thread is still
querying it crashes the interpreter, so a service's store work runs on its own pool,
and the service drains that pool before it closes the store.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class StoreWorkers:
    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(thread_name_prefix=f"samspil-{name}-store")

    async def run(self, work: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``work`` on a worker thread, with the caller's context (its correlation id)."""
        context = contextvars.copy_context()
        call = functools.partial(context.run, work, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    def drain(self) -> None:
        """Wait for the work already running; work not yet started is dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)
