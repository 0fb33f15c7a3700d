"""Every deadline a case now has, derived from its history, the policy and the calendar.

Nothing here is stored: the clock (``domain.deadlines.clock``) records what changes —
a deadline set, met, lifted, missed, escalated — by comparing this list with what it
recorded before. A closed case has no deadlines; reopened, it has them again. Who is
responsible is the checklist item's responsible role, so the card and its deadlines
never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from domain.actors import Role
from domain.case import Case
from domain.case_facts import Deed, TakedownOutcome
from domain.checklist import checklist
from domain.deadlines.calendar import Calendar, end_of_day
from domain.deadlines.kinds import Deadline, DeadlineKind, DeadlinePolicy
from domain.handling_model import Level

K = DeadlineKind


@dataclass(frozen=True)
class _Step:
    key: str
    kind: DeadlineKind
    due: datetime
    item: str
    role: Role
    """Responsible when the checklist does not show the item (it is done, say)."""
    met: Deed | None


def deadlines_of(
    case: Case, policy: DeadlinePolicy, calendar: Calendar, today: date
) -> list[Deadline]:
    """The case's deadlines, open and met, each with who is responsible for it."""
    if case.is_closed:
        return []
    responsible = {i.key: i.responsible for i in checklist(case, today)}
    return [
        Deadline(s.key, s.kind, s.due, responsible.get(s.item, s.role), s.item, s.met)
        for s in _steps(case, policy, calendar)
    ]


def _steps(case: Case, policy: DeadlinePolicy, calendar: Calendar) -> Iterator[_Step]:
    yield from _parents(case, policy, calendar)
    yield from _police(case, policy, calendar)
    yield from _platforms(case, policy, calendar)
    yield from _parent_updates(case, calendar)
    yield from _underretning(case, policy, calendar)


def _underretning(case: Case, policy: DeadlinePolicy, calendar: Calendar) -> Iterator[_Step]:
    """The authority's receipt, due six working days after the underretning; management,
    who sent it, chases the authority when it is missing."""
    if case.underretning is None:
        return
    yield _Step(
        K.UNDERRETNING_RECEIVED.value,
        K.UNDERRETNING_RECEIVED,
        calendar.add_working_days(case.underretning.at, policy.underretning_received_working_days),
        "underretning_receipt",
        Role.LEDELSE,
        case.underretning_receipt,
    )


def _parent_updates(case: Case, calendar: Calendar) -> Iterator[_Step]:
    """The rhythm agreed with the parents: each update is due the agreed number of days
    after the one before (the first after the agreement); the update meets it."""
    every, agreed = case.parent_updates_every_days, case.parent_updates_agreed
    if not every or agreed is None:
        return
    updates = [d for d in getattr(case, "parent_update_deeds", []) if d.at >= agreed.at]
    marks = [agreed, *updates]
    for number in range(max(0, len(marks) - 2), len(marks)):  # the last met, and the open
        yield _Step(
            f"{K.PARENTS_UPDATED}:{number + 1}",
            K.PARENTS_UPDATED,
            calendar.add_days(marks[number].at, every),
            "parents_updated",
            Role.RESSOURCEPERSON,
            marks[number + 1] if number + 1 < len(marks) else None,
        )


def _parents(case: Case, policy: DeadlinePolicy, calendar: Calendar) -> Iterator[_Step]:
    if not case.victim_is_minor:
        return
    deferral = case.deferral
    met = case.parents_informed or (deferral.recorded if deferral else None)
    yield _Step(
        K.PARENTS_INFORMED.value,
        K.PARENTS_INFORMED,
        calendar.add_school_days(case.created_on, policy.parents_informed_school_days),
        "involve_parents",
        Role.LEDELSE,
        met,
    )
    if deferral is not None and deferral.reassess_by is not None:
        yield _Step(
            f"{K.DEFERRAL_REASSESSED}:{deferral.reassess_by.isoformat()}",
            K.DEFERRAL_REASSESSED,
            end_of_day(deferral.reassess_by),
            "involve_parents",
            Role.LEDELSE,
            case.parents_informed,
        )


def acknowledgement_due(
    notified_at: datetime, policy: DeadlinePolicy, calendar: Calendar
) -> datetime:
    """When the police's acknowledgement of a notification is due: the school's deadline
    and the police inbox's order are the same."""
    return calendar.add_working_days(notified_at, policy.police_acknowledged_working_days)


def _police(case: Case, policy: DeadlinePolicy, calendar: Calendar) -> Iterator[_Step]:
    for contact in case.police_contacts.values():
        yield _Step(
            f"{K.POLICE_ACKNOWLEDGED}:{contact.notification_id}",
            K.POLICE_ACKNOWLEDGED,
            acknowledgement_due(contact.sent.at, policy, calendar),
            "police_view",
            Role.POLITI,
            contact.acknowledged,
        )
    first = min((c.sent for c in case.police_contacts.values()), key=lambda d: d.at, default=None)
    if first is not None and case.level is not None and case.level >= Level.THREE:
        yield _Step(
            K.EVIDENCE_DECIDED.value,
            K.EVIDENCE_DECIDED,
            calendar.add_working_days(first.at, policy.evidence_decided_working_days),
            "police_evidence",
            Role.POLITI,
            case.evidence_decision,
        )


def _platforms(case: Case, policy: DeadlinePolicy, calendar: Calendar) -> Iterator[_Step]:
    for takedown in case.takedowns.values():
        yield _Step(
            f"{K.TAKEDOWN_ANSWERED}:{takedown.platform}",
            K.TAKEDOWN_ANSWERED,
            calendar.add_days(takedown.requested.at, policy.takedown_answered_days),
            f"takedown:{takedown.platform}",
            Role.RESSOURCEPERSON,
            takedown.answered,
        )
        if takedown.outcome is TakedownOutcome.REFUSED and takedown.answered is not None:
            yield _Step(
                f"{K.COMPLAINT_FILED}:{takedown.platform}",
                K.COMPLAINT_FILED,
                calendar.add_days(takedown.answered.at, policy.complaint_filed_days),
                f"complaint:{takedown.platform}",
                Role.RESSOURCEPERSON,
                takedown.complaint.filed if takedown.complaint else None,
            )
