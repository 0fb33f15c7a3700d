"""That a case was erased, when and why: kept after the case's content is gone.

The record is sealed with the service's own key, not the case's, so it outlives
the erasure; it names the case only by id and carries none of its content. Not even
the school is named: only a keyed digest of its name, enough to tell its staff (and
no one else) that the case is gone.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor


class Erasure(Aggregate):
    class Recorded(Aggregate.Created):
        erased_case: UUID
        institution_digest: str | None
        reason: str
        actor: Actor

    @staticmethod
    def create_id(erased_case: UUID) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:erasure:{erased_case}")

    @event(Recorded)
    def __init__(
        self, *, erased_case: UUID, institution_digest: str | None, reason: str, actor: Actor
    ) -> None:
        self.erased_case = erased_case
        self.institution_digest = institution_digest
        """Keyed digest of the school that owned it, for access checks; None elsewhere."""
        self.reason = reason
        self.actor = actor
