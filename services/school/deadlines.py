"""The school's deadlines: the clock kept in step with each case, and what passes due.

After every change to a case (a command, or a message from the police or SSP) the case's
clock is reconciled with the deadlines the case now implies, in the same transaction
(``SchoolApplication.companions``). The scheduler wakes the service when the first step
of a clock is due (``TIMED``): the clock records that the deadline was missed and whom
that was told, or whom it was escalated to; the notices (console and mail) follow from
those records, so a restart between the two loses none and repeats none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain.case import Case
from domain.deadlines.clock import DeadlineClock, DueStep, Tell
from domain.deadlines.derive import deadlines_of
from services.kit.deadline_rules import DeadlineRules
from services.kit.scheduler import Timed
from services.school.notices import notices_from

if TYPE_CHECKING:
    from services.school.application import SchoolApplication


def recipient(tell: Tell, case: Case, responsible: str, assignee: str | None) -> str:
    """Whom a step tells, as the clock records it: a named person (``person:ID``), or a
    role at the case's school, or the district's or municipality's contact — never an
    address (those are settings, looked up when the notice is sent)."""
    if tell is Tell.RESPONSIBLE:
        return f"person:{assignee}" if assignee else f"{responsible}@{case.institution}"
    if tell is Tell.MANAGEMENT:
        return f"ledelse@{case.institution}"
    if tell is Tell.POLICE_LEAD:
        return f"police_lead@{case.police_district.value}"
    return f"ssp@{case.municipality}"


class SchoolClocks:
    """Keeps each case's clock, and runs what falls due."""

    def __init__(self, app: SchoolApplication, rules: DeadlineRules) -> None:
        self.app = app
        self.rules = rules

    def clock_of(self, case_id: UUID) -> DeadlineClock | None:
        found: DeadlineClock | None = self.app.get_or_none(DeadlineClock.create_id(case_id))
        return found

    def reconciled(self, case: Case) -> DeadlineClock | None:
        """The case's clock with what changed recorded; None when nothing did."""
        current = deadlines_of(case, self.rules.policy, self.rules.calendar, self.app.today())
        clock = self.clock_of(case.id)
        if clock is None:
            if not current:
                return None  # no deadline yet: no clock either
            clock = DeadlineClock(case_id=case.id)
        clock.reconcile(current)
        return clock if clock.pending_events else None

    def next_at(self, clock_id: UUID) -> datetime | None:
        clock = self._readable(clock_id)
        if clock is None:
            return None
        return clock.next_step_at(self.rules.chain, self.rules.calendar, self.rules.policy)

    def run_due(self, clock_id: UUID, now: datetime) -> None:
        """Record each step due: missed (and told), or escalated (and told)."""
        if self._readable(clock_id) is None:
            return  # erased with its case: nothing is due any more

        def tell_due(clock: DeadlineClock) -> None:
            case = self.app.get_or_none(clock.case_id)
            if not isinstance(case, Case):
                return
            for due in clock.due_steps(
                now, self.rules.chain, self.rules.calendar, self.rules.policy
            ):
                clock.tell(due, self._told(due, case))

        self.app.act(clock_id, tell_due)

    def _told(self, due: DueStep, case: Case) -> tuple[str, ...]:
        assignee = assigned(case, due.deadline.item)
        responsible = due.deadline.responsible.value
        return tuple(dict.fromkeys(recipient(t, case, responsible, assignee) for t in due.tell))

    def _readable(self, clock_id: UUID) -> DeadlineClock | None:
        try:
            found = self.app.get_or_none(clock_id)
        except Exception:  # an erased case's clock cannot be read: it has nothing due
            return None
        return found if isinstance(found, DeadlineClock) else None


def assigned(case: Case, item: str) -> str | None:
    """The named professional an item is assigned to, if anyone."""
    assignments: Mapping[str, str] = getattr(case, "assignments", {})
    return assignments.get(item)


TIMED: Timed[SchoolApplication] = Timed(
    name="deadlines",
    marker="DeadlineClock",
    next_at=lambda app, clock_id: app.clocks.next_at(clock_id),
    run_due=lambda app, clock_id, now: app.clocks.run_due(clock_id, now),
    followed=notices_from,
)
"""What the school's scheduler follows: the cases' clocks."""
