"""SSP's own deadline: the action plan's yearly evaluation (seed 004).

Each municipality's plan falls due at the end of the year; the scheduler wakes SSP then,
and if the year ended without an evaluation the plan records that it was missed and whom
that was told (the municipality's SSP consultants' contact), once. The notice follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.action_plan import ActionPlan
from domain.commands import Wording
from domain.deadlines.calendar import DANISH_TIME, end_of_day
from infra.keyring import KeyDestroyed
from services.kit.notices import addresses_of, deadline_notice
from services.kit.scheduler import Timed

if TYPE_CHECKING:
    from services.ssp.application import SspApplication

EVALUATION = Wording("Den årlige evaluering af handleplanen", "The action plan's yearly evaluation")


def next_at(app: SspApplication, plan_id: UUID) -> datetime | None:
    plan = app.get_or_none(plan_id)
    if not isinstance(plan, ActionPlan):
        return None
    return plan.reminder_at(datetime.now(DANISH_TIME).date())


def run_due(app: SspApplication, plan_id: UUID, now: datetime) -> None:
    """A year that ended without an evaluation is recorded as missed, once."""

    def miss(plan: ActionPlan) -> None:
        today = now.astimezone(DANISH_TIME).date()
        for year in range(min(today.year - 1, plan.created_on.year), today.year):
            if end_of_day(date(year, 12, 31)) <= now:
                plan.miss(year, (f"ssp@{plan.municipality}",))

    app.act(plan_id, miss)


def notices_from(app: SspApplication, page: Sequence[Notification]) -> None:
    for notification in page:
        if not notification.topic.endswith("ActionPlan.EvaluationMissed"):
            continue
        try:
            missed: Any = app.mapper.to_domain_event(notification)
        except KeyDestroyed:
            continue
        plan = app.get_or_none(missed.originator_id)
        if not isinstance(plan, ActionPlan):
            continue
        for recipient in missed.told:
            contacts, people = app.settings.escalation_contacts, app.people
            for address in addresses_of(recipient, contacts, people, plan.municipality):
                app.outbox.enqueue(
                    deadline_notice(
                        caused_by=(missed.originator_id, missed.originator_version),
                        address=address,
                        recipient=recipient,
                        reference=Wording(
                            f"handleplanen for {plan.municipality}",
                            f"the action plan of {plan.municipality}",
                        ),
                        step=EVALUATION,
                        due=end_of_day(date(missed.year, 12, 31)),
                        link=f"{app.settings.console_base_url('ssp')}/handleplan",
                        at=missed.timestamp,
                    ),
                    digest=False,
                )


TIMED: Timed[SspApplication] = Timed(
    name="action-plans",
    marker="ActionPlan",
    next_at=next_at,
    run_due=run_due,
    followed=notices_from,
)
"""What SSP's scheduler follows: the municipalities' action plans."""
