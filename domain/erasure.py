"""That a case was erased, when and why: kept after the case's content is gone.

The record is sealed with the service's own key, not the case's, so it outlives
the erasure; it names the case only by id and carries none of its content. Not even
the organisations that held the case are named: only keyed digests of them, enough to
tell their staff (and no one else) that the case is gone — to everyone else an erased
case answers as an unknown one does.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor


class Erasure(Aggregate):
    class Recorded(Aggregate.Created):
        erased_case: UUID
        seen_by: list[str]
        reason: str
        actor: Actor
        also_for: list[str]

    @staticmethod
    def create_id(erased_case: UUID) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:erasure:{erased_case}")

    @event(Recorded)
    def __init__(
        self,
        *,
        erased_case: UUID,
        reason: str,
        actor: Actor,
        seen_by: Sequence[str] = (),
        also_for: Sequence[str] = (),
    ) -> None:
        self.erased_case = erased_case
        self.seen_by = list(seen_by)
        """Keyed digests of the organisations that could see the case, for access checks."""
        self.also_for = list(also_for)
        """Whom else the erasure notice is for, as its audience names them in clear (the
        municipalities a case was shared with): read once the case no longer can be."""
        self.reason = reason
        self.actor = actor
