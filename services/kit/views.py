"""Response shapes every service's API shares: actors and event history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from eventsourcing.domain import DomainEvent
from fastapi import Query
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


class PageInfo(BaseModel):
    """Where this page sits in the whole list (newest first)."""

    total: int
    offset: int
    limit: int


PageOffset = Annotated[int, Query(ge=0, description="How many of the newest to skip.")]
PageLimit = Annotated[int, Query(ge=1, le=500, description="How many to return.")]


class HistoryEntry(BaseModel):
    """One recorded event: what happened, when, and who did it."""

    event: str
    version: int
    at: datetime | None
    actor: ActorView | None
    details: dict[str, Any]
    erased: bool = False
    """The case was erased: the kind and place of the record remain, nothing else."""

    @classmethod
    def of(cls, event: Any) -> HistoryEntry:
        if not isinstance(event, DomainEvent):  # an erased record
            return cls(
                event=event.topic.rsplit(".", 1)[-1],
                version=event.originator_version,
                at=None,
                actor=None,
                details={},
                erased=True,
            )
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
