"""A named, ordered list of ids, kept as an aggregate.

SSP's municipality overview and the police district inbox are listings. Kept in
the event store, a listing is encrypted and tracked like every other event, so
no plain-text read table is needed.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event


class Listing(Aggregate):
    class Started(Aggregate.Created):
        name: str

    class Added(Aggregate.Event):
        item_id: UUID

    class Removed(Aggregate.Event):
        item_id: UUID

    @staticmethod
    def create_id(name: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:listing:{name}")

    @event(Started)
    def __init__(self, *, name: str) -> None:
        self.name = name
        self.ids: list[UUID] = []

    def add(self, item_id: UUID) -> None:
        """Add an id once; adding it again changes nothing."""
        if item_id not in self.ids:
            self._added(item_id=item_id)

    @event(Added)
    def _added(self, *, item_id: UUID) -> None:
        self.ids.append(item_id)

    def remove(self, item_id: UUID) -> None:
        """Take an id out (e.g. of an erased case); removing it again changes nothing."""
        if item_id in self.ids:
            self._removed(item_id=item_id)

    @event(Removed)
    def _removed(self, *, item_id: UUID) -> None:
        self.ids.remove(item_id)
