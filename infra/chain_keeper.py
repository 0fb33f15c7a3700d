"""Keeps a deployment's hash chain current and signs and shares its head now and then."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import structlog
from eventsourcing.persistence import ApplicationRecorder

from infra.audit_chain import ChainStore, Checkpoint, SigningKey, extend_chain
from infra.audit_verify import stored_records
from infra.logging import error_fields
from infra.store_workers import StoreWorkers

log = structlog.get_logger(__name__)

Share = Callable[[Checkpoint], Awaitable[None]]


class ChainKeeper:
    def __init__(
        self,
        *,
        deployment: str,
        recorder: ApplicationRecorder,
        workers: StoreWorkers,
        chain: ChainStore,
        key: SigningKey,
        share: Share,
        poll_seconds: float,
        checkpoint_seconds: float,
    ) -> None:
        self._deployment = deployment  # whose chain: signed into every checkpoint
        self._recorder = recorder
        self._workers = workers
        self._chain = chain
        self._key = key
        self._share = share
        self._poll_seconds = poll_seconds
        self._checkpoint_seconds = checkpoint_seconds

    def extend(self) -> int:
        """Chain every record stored since the head; returns how many."""
        position, _ = self._chain.head()
        return sum(
            extend_chain(self._chain, page)
            for page in stored_records(self._recorder, after=position)
        )

    def checkpoint(self) -> Checkpoint | None:
        """Sign the head if it moved since the last checkpoint."""
        position, head = self._chain.head()
        latest = self._chain.latest_checkpoint(self._deployment)
        if position == 0 or (latest and latest.notification_id >= position):
            return None
        checkpoint = self._key.sign(self._deployment, position, head.hex())
        self._chain.keep(checkpoint)
        return checkpoint

    async def run(self) -> None:
        unshared = await self._workers.run(self._chain.latest_checkpoint, self._deployment)
        last_checkpoint = time.monotonic()
        while True:
            try:
                await self._workers.run(self.extend)
                if time.monotonic() - last_checkpoint >= self._checkpoint_seconds:
                    last_checkpoint = time.monotonic()
                    unshared = await self._workers.run(self.checkpoint) or unshared
                if unshared is not None:
                    await self._share(unshared)
                    unshared = None
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the store or broker is away: try again
                log.warning("chain.retrying", **error_fields(error))
            await asyncio.sleep(self._poll_seconds)
