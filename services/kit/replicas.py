"""What one replica of a deployment learns of another's erasures.

Replicas share a store but each keeps decrypted aggregates and data keys in memory.
When one erases a case (``ServiceApplication.erase_case``), every other replica follows
the store's erasure records and drops its copies of that case's records and keys, so
within ``FOLLOW_SECONDS`` no replica can show, decrypt or hand out what was erased.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING
from uuid import UUID

import structlog
from eventsourcing.utils import get_topic

from contracts.sealed import case_transport_key, match_transport_key
from domain.erasure import Erasure
from infra.logging import error_fields
from infra.store_tail import NotificationTail

if TYPE_CHECKING:
    from services.kit.application import ServiceApplication

log = structlog.get_logger(__name__)

FOLLOW_SECONDS = 1.0


def forget_case_in_memory(app: ServiceApplication, case_id: UUID) -> None:
    """Drop this process's decrypted copies of a case's records and its keys."""
    key_id = f"case:{case_id}"
    app.data_keys.forget_in_memory(
        key_id, case_transport_key(case_id), match_transport_key(case_id)
    )
    if app.repository.cache is not None:
        for originator in {str(case_id), *app.data_keys.originators_of(key_id)}:
            with contextlib.suppress(KeyError):
                app.repository.cache.get(UUID(originator), evict=True)


class ErasuresElsewhere:
    def __init__(self, app: ServiceApplication) -> None:
        self._app = app
        self._tail = NotificationTail(app.recorder, [get_topic(Erasure.Recorded)])

    def follow(self) -> int:
        """Forget every case erased since the last look; returns how many."""
        records: list[Erasure] = self._app.readable(n.originator for n in self._tail.new())
        for record in records:
            forget_case_in_memory(self._app, record.erased_case)
        return len(records)

    async def run(self) -> None:
        await self._app.workers.run(self._tail.start_here)
        while True:
            await asyncio.sleep(FOLLOW_SECONDS)
            try:
                await self._app.workers.run(self.follow)
            except Exception as error:  # the store is away: look again later
                log.warning("replicas.follow_failed", **error_fields(error))
