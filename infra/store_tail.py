"""The store's newest notifications of some kinds: how what is kept in memory follows it.

Replicas of a deployment share one store, and each keeps some of it in memory (the
linking index, decrypted aggregates, data keys). Each such copy follows the store's
notification log from where it last looked, so it learns what every replica saved,
not only what its own process did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

BATCH = 500


@dataclass(frozen=True)
class Saved:
    """That an aggregate changed, and by what kind of event (never what it says)."""

    originator: UUID
    topic: str


class NotificationTail:
    def __init__(self, recorder: ApplicationRecorder, topics: Sequence[str]) -> None:
        self._recorder = recorder
        self._topics = list(topics)
        self.position = 0

    def start_here(self) -> None:
        """Follow from the newest notification on: a copy built now holds what came before."""
        self.position = self._recorder.max_notification_id() or 0

    def new(self) -> list[Saved]:
        """The notifications of the followed kinds since the last call, oldest first."""
        found: list[Saved] = []
        while True:
            batch = self._recorder.select_notifications(
                self.position, BATCH, topics=self._topics, inclusive_of_start=False
            )
            found.extend(Saved(UUID(str(n.originator_id)), n.topic) for n in batch)
            if batch:
                self.position = batch[-1].id
            if len(batch) < BATCH:
                return found
