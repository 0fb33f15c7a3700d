"""A case's full chronology for a data protection authority, a court or a complaint board:
every event with who (person, role, organisation), when and why, and every read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEvent
from pydantic import BaseModel

from services.kit.application import NotFound, ServiceApplication
from services.kit.views import ActorView, HistoryEntry


class AccessEntry(BaseModel):
    at: datetime
    actor: ActorView
    action: str
    allowed: bool
    reason: str | None


class AuditExport(BaseModel):
    service: str
    case_id: UUID
    exported_at: datetime
    events: list[HistoryEntry]
    """What was done: each event of the case, oldest first."""
    accesses: list[AccessEntry]
    """Who saw it, or tried to: each read and each refused attempt, oldest first."""


def _access(event: DomainEvent) -> AccessEntry:
    data: dict[str, Any] = vars(event)
    return AccessEntry(
        at=event.timestamp,
        actor=ActorView.of(data["actor"]),
        action=data["action"],
        allowed=data["allowed"],
        reason=data["reason"],
    )


def export_case(app: ServiceApplication, case_id: UUID, exported_at: datetime) -> AuditExport:
    events = app.history(case_id)
    if not events:
        raise NotFound("Case")
    return AuditExport(
        service=app.name,
        case_id=case_id,
        exported_at=exported_at,
        events=[HistoryEntry.of(e) for e in events],
        accesses=[_access(e) for e in app.access_log(f"case:{case_id}") if "actor" in vars(e)],
    )
