"""That a case was erased, when and why: kept after the case's content is gone.

The record is sealed with the service's own key, not the case's, so it outlives
the erasure; it names the case only by id and carries none of its content.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor


class Erasure(Aggregate):
    class Recorded(Aggregate.Created):
        erased_case: UUID
        institution: str | None
        reason: str
        actor: Actor

    @staticmethod
    def create_id(erased_case: UUID) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:erasure:{erased_case}")

    @event(Recorded)
    def __init__(
        self, *, erased_case: UUID, institution: str | None, reason: str, actor: Actor
    ) -> None:
        self.erased_case = erased_case
        self.institution = institution
        """The school that owned it (an organisation, not a person), for access checks."""
        self.reason = reason
        self.actor = actor
