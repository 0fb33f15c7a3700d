"""Deadlines the school's cases missed, and later met, so SSP sees across its
municipality which schools' steps are overdue.

Only a deadline that was missed crosses: its kind and when it was due, never who was
told or why; a met one crosses only if it had been missed (to clear it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from contracts.envelope import ActorV1, IntegrationEvent
from domain.actors import Role
from domain.deadlines.kinds import DeadlineKind


class DeadlineMissedV1(IntegrationEvent):
    """A step of the school's case passed its deadline (the school's scheduler saw it)."""

    event_type: Literal["DeadlineMissed"] = "DeadlineMissed"
    schema_version: Literal[1] = 1
    actor: ActorV1 | None = None  # type: ignore[assignment]
    """Nobody: the scheduler records a missed deadline, not a professional."""
    key: str = Field(min_length=1, max_length=120)
    """Which deadline: ``police_acknowledged:<notification id>``, ``parents_informed``."""
    kind: DeadlineKind
    due: datetime
    responsible: Role


class OverdueDeadlineMetV1(IntegrationEvent):
    """A deadline that had been missed was met after all: the step is done."""

    event_type: Literal["OverdueDeadlineMet"] = "OverdueDeadlineMet"
    schema_version: Literal[1] = 1
    key: str = Field(min_length=1, max_length=120)
    kind: DeadlineKind
