"""What needs me: the items of the institution's open cases that are the person's to do.

An item is the person's when it is assigned to them by name, or when it is assigned to
nobody and their role is responsible for it. Overdue ones come first (their deadline
passed, and the chain was told), then those assigned by name, then by deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.actors import Actor
from domain.case import Case
from domain.checklist import Status, checklist
from domain.commands import Wording
from domain.deadlines.clock import DeadlineClock, Standing
from domain.references import case_reference


@dataclass(frozen=True)
class Need:
    case_id: UUID
    reference: str
    item: str
    label: Wording
    due: datetime | None
    overdue: bool
    mine_by_name: bool


def needs_of(
    actor: Actor, cases: list[tuple[Case, DeadlineClock | None]], today: date
) -> list[Need]:
    found = []
    for case, clock in cases:
        open_deadlines = {
            t.item: t
            for t in (clock.deadlines.values() if clock else ())
            if t.standing is Standing.OPEN
        }
        assignments: dict[str, str] = getattr(case, "assignments", {})
        for item in checklist(case, today):
            if item.status is not Status.DUE:
                continue
            assigned = assignments.get(item.key)
            mine = assigned == actor.person_id or (
                assigned is None and item.responsible is actor.role
            )
            if not mine:
                continue
            deadline = open_deadlines.get(item.key)
            found.append(
                Need(
                    case.id,
                    case_reference(case.id),
                    item.key,
                    Wording(item.label_da, item.label_en),
                    deadline.due if deadline else None,
                    bool(deadline and deadline.told),
                    assigned == actor.person_id,
                )
            )
    far = datetime.max.replace(tzinfo=None)
    return sorted(
        found,
        key=lambda n: (
            not n.overdue,
            not n.mine_by_name,
            n.due.replace(tzinfo=None) if n.due else far,
        ),
    )
