"""Live updates: a page changes by itself when the store records something new.

Each service keeps one broadcaster. When its store records events other than reads
(access-log entries and receipts would otherwise wake every page, whose reload is a
read that is recorded in turn), every open page receives a server-sent event and fetches
its own content again. The event says only that something changed — never what — so it
carries no case content and needs no access check of its own; the page's refetch is an
ordinary, access-checked read.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from fastapi import Request
from fastapi.responses import StreamingResponse

KEEPALIVE_SECONDS = 15.0
QUIET_TOPICS = ("AccessLog", "Receipt")
"""Records that are not news to anyone looking at a page."""


class LiveUpdates:
    def __init__(self) -> None:
        self._listeners: set[asyncio.Queue[str]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def recorded(self, topics: Sequence[str]) -> None:
        """Called (from any thread) after the store recorded events of ``topics``."""
        if self._loop is None or not self._listeners:
            return
        if all(any(quiet in topic for quiet in QUIET_TOPICS) for topic in topics):
            return
        self._loop.call_soon_threadsafe(self._tell_all)

    def _tell_all(self) -> None:
        for listener in self._listeners:
            with contextlib.suppress(asyncio.QueueFull):
                listener.put_nowait("changed")

    async def stream(self, request: Request) -> StreamingResponse:
        self._loop = asyncio.get_running_loop()
        listener: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        self._listeners.add(listener)

        async def events() -> AsyncIterator[str]:
            try:
                yield "retry: 2000\n\n"
                while not await request.is_disconnected():
                    try:
                        await asyncio.wait_for(listener.get(), timeout=KEEPALIVE_SECONDS)
                    except TimeoutError:
                        yield ": still here\n\n"
                        continue
                    yield "event: changed\ndata: \n\n"
            finally:
                self._listeners.discard(listener)

        return StreamingResponse(
            events(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def attach(self) -> None:
        """Remember the event loop at start-up, before any page listens."""
        self._loop = asyncio.get_running_loop()
