"""Who read what, and who was refused: an audit stream of its own per subject.

Kept apart from the case's own stream, so reading a case never changes the case,
yet every read (and every refused attempt) is recorded, encrypted and chained like
any other event.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor


class AccessLog(Aggregate):
    class Started(Aggregate.Created):
        subject: str

    class Accessed(Aggregate.Event):
        actor: Actor
        action: str
        allowed: bool
        reason: str | None

    @staticmethod
    def create_id(subject: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"samspil:access-log:{subject}")

    @event(Started)
    def __init__(self, *, subject: str) -> None:
        self.subject = subject

    @event(Accessed)
    def record(self, *, actor: Actor, action: str, allowed: bool, reason: str | None) -> None:
        """One access: allowed (a read or a command) or refused, with why."""
