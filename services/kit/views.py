"""Response shapes every service's API shares: actors and event history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.domain import DomainEvent
from pydantic import BaseModel

from domain.actors import Actor, Role

_ENVELOPE = {"originator_id", "originator_version", "timestamp", "originator_topic", "actor"}


class ActorView(BaseModel):
    person_id: str
    role: Role
    organisation: str

    @classmethod
    def of(cls, actor: Actor) -> ActorView:
        return cls(person_id=actor.person_id, role=actor.role, organisation=actor.organisation)


class HistoryEntry(BaseModel):
    """One recorded event: what happened, when, and who did it."""

    event: str
    version: int
    at: datetime
    actor: ActorView | None
    details: dict[str, Any]

    @classmethod
    def of(cls, event: DomainEvent) -> HistoryEntry:
        attributes = vars(event)
        actor = attributes.get("actor")
        return cls(
            event=type(event).__name__,
            version=event.originator_version,
            at=event.timestamp,
            actor=ActorView.of(actor) if isinstance(actor, Actor) else None,
            details={
                k: ActorView.of(v) if isinstance(v, Actor) else v
                for k, v in attributes.items()
                if k not in _ENVELOPE
            },
        )
