"""The deadlines the card and the law put on a case, and the municipality's policy for them.

Each deadline is derived from the case's events and the policy (``domain.deadlines.derive``),
so it is always what the case's history implies: a parent informed meets the parents'
deadline, a second police notification has a deadline of its own. The policy's defaults
follow the seeds (parents "hurtigst muligt": by the end of the next school day) and the
law (an underretning's receipt within six working days); a municipality changes them in
its settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.actors import Role
from domain.case_facts import Deed


class DeadlineKind(StrEnum):
    PARENTS_INFORMED = "parents_informed"
    """A minor's parents informed "hurtigst muligt", unless the value-jump rule is used."""
    DEFERRAL_REASSESSED = "deferral_reassessed"
    """A value-jump deferral weighed again by the date recorded with it."""
    POLICE_ACKNOWLEDGED = "police_acknowledged"
    """The district's liaison acknowledges a notification."""
    EVIDENCE_DECIDED = "evidence_decided"
    """At level 3–4, the police decide on the evidence (hold or release)."""
    TAKEDOWN_ANSWERED = "takedown_answered"
    """A platform answers a takedown request."""
    COMPLAINT_FILED = "complaint_filed"
    """After a platform refused: the complaint to Datatilsynet (or a new request)."""
    PARENTS_UPDATED = "parents_updated"
    """The update rhythm agreed with the parents (seed 004)."""
    UNDERRETNING_RECEIVED = "underretning_received"
    """The municipal authority confirms it received an underretning (the law: within
    six working days); a missing receipt is chased."""


@dataclass(frozen=True)
class DeadlinePolicy:
    """How long each step may take; a municipality's settings change the defaults."""

    parents_informed_school_days: int = 1
    police_acknowledged_working_days: int = 2
    evidence_decided_working_days: int = 5
    takedown_answered_days: int = 2
    complaint_filed_days: int = 7
    underretning_received_working_days: int = 6
    escalate_after_working_days: int = 1
    """From the reminder to the responsible person to telling the next in the chain."""


@dataclass(frozen=True)
class Deadline:
    """One step with a time on it, as the case's history now implies it."""

    key: str
    """Stable for the step: ``police_acknowledged:<notification id>``."""
    kind: DeadlineKind
    due: datetime
    responsible: Role
    item: str
    """The checklist item it belongs to (who is assigned to it is reminded)."""
    met: Deed | None = None
    """The deed that met it; None while it is open."""
