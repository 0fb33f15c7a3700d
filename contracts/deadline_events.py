"""Deadlines the school's cases missed, and later met, so SSP sees across its
municipality which schools' steps are overdue.

Only a deadline that was missed crosses: its kind and when it was due, never who was
told or why; a met one crosses only if it had been missed (to clear it).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from contracts.envelope import ActorV1, IntegrationEvent


class DeadlineKindV1(StrEnum):
    """The kinds of deadline version 1 names: frozen, so a kind the domain gains later
    (the underretning's receipt) does not change what an SSP service reading version 1
    accepts; such a kind crosses only as version 2."""

    PARENTS_INFORMED = "parents_informed"
    DEFERRAL_REASSESSED = "deferral_reassessed"
    POLICE_ACKNOWLEDGED = "police_acknowledged"
    EVIDENCE_DECIDED = "evidence_decided"
    TAKEDOWN_ANSWERED = "takedown_answered"
    COMPLAINT_FILED = "complaint_filed"
    PARENTS_UPDATED = "parents_updated"


class ResponsibleV1(StrEnum):
    """Who was responsible for a missed step, as version 1 names them: frozen like the kinds."""

    LEDELSE = "ledelse"
    RESSOURCEPERSON = "ressourceperson"
    KLASSETEAM = "klasseteam"
    SSP_KONSULENT = "ssp_konsulent"
    POLITI = "politi"
    DATABESKYTTELSE = "databeskyttelse"
    AUDITOR = "auditor"


# Version 1 was published with the domain's enums, and a schema names its definitions
# after the classes' module and name; the frozen copies keep the published names.
DeadlineKindV1.__name__ = DeadlineKindV1.__qualname__ = "DeadlineKind"
ResponsibleV1.__module__, ResponsibleV1.__qualname__ = "domain.actors", "Role"


class DeadlineMissedV1(IntegrationEvent):
    """A step of the school's case passed its deadline (the school's scheduler saw it)."""

    event_type: Literal["DeadlineMissed"] = "DeadlineMissed"
    schema_version: Literal[1] = 1
    actor: ActorV1 | None = None  # type: ignore[assignment]
    """Nobody: the scheduler records a missed deadline, not a professional."""
    key: str = Field(min_length=1, max_length=120)
    """Which deadline: ``police_acknowledged:<notification id>``, ``parents_informed``."""
    kind: DeadlineKindV1
    due: datetime
    responsible: ResponsibleV1


class OverdueDeadlineMetV1(IntegrationEvent):
    """A deadline that had been missed was met after all: the step is done."""

    event_type: Literal["OverdueDeadlineMet"] = "OverdueDeadlineMet"
    schema_version: Literal[1] = 1
    key: str = Field(min_length=1, max_length=120)
    kind: DeadlineKindV1


class DeadlineKindV2(StrEnum):
    """Version 2's kinds: the municipal authority's receipt of an underretning joins."""

    PARENTS_INFORMED = "parents_informed"
    DEFERRAL_REASSESSED = "deferral_reassessed"
    POLICE_ACKNOWLEDGED = "police_acknowledged"
    EVIDENCE_DECIDED = "evidence_decided"
    TAKEDOWN_ANSWERED = "takedown_answered"
    COMPLAINT_FILED = "complaint_filed"
    PARENTS_UPDATED = "parents_updated"
    UNDERRETNING_RECEIVED = "underretning_received"


class DeadlineMissedV2(IntegrationEvent):
    """As version 1, for every kind of deadline; the school sends version 1 for the kinds
    version 1 knows, so an SSP service that reads only version 1 misses none of those."""

    event_type: Literal["DeadlineMissed"] = "DeadlineMissed"
    schema_version: Literal[2] = 2
    actor: ActorV1 | None = None  # type: ignore[assignment]
    """Nobody: the scheduler records a missed deadline, not a professional."""
    key: str = Field(min_length=1, max_length=120)
    kind: DeadlineKindV2
    due: datetime
    responsible: ResponsibleV1


class OverdueDeadlineMetV2(IntegrationEvent):
    """As version 1, for every kind; met by a system (the authority's case system
    recording its receipt), it names no professional."""

    event_type: Literal["OverdueDeadlineMet"] = "OverdueDeadlineMet"
    schema_version: Literal[2] = 2
    actor: ActorV1 | None = None  # type: ignore[assignment]
    key: str = Field(min_length=1, max_length=120)
    kind: DeadlineKindV2
