"""SSP's yearly evaluation of the action plan: a year that ends without one is recorded
as missed and the municipality's SSP contact is told, once; an evaluated year is not."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from eventsourcing.persistence import Tracking

from domain.action_plan import ActionPlan, Answer, EvaluationQuestion
from domain.deadlines.calendar import DANISH_TIME, end_of_day
from services.kit.scheduler import Scheduler
from services.ssp.plan_deadlines import TIMED
from tests.builders import TEACHER
from tests.messages import reported

CONTACTS = {"ssp@Aarhus": ["ssp@aarhus.example"]}


def _first_case(ssp: Any) -> None:
    event = reported(1, uuid.uuid4())
    ssp.app.save_tracked(Tracking("school", 1), *ssp.app.on_case_reported(event))


def _after_new_year() -> datetime:
    year = datetime.now(DANISH_TIME).year
    return end_of_day(date(year, 12, 31)) + timedelta(hours=1)


def test_a_year_without_an_evaluation_is_missed_and_told_once(service: Any) -> None:
    ssp, _ = service("ssp", escalation_contacts=CONTACTS)
    _first_case(ssp)
    scheduler = Scheduler(ssp.app, TIMED, now=_after_new_year)
    scheduler.follow()
    assert scheduler.index.first() == end_of_day(date(datetime.now(DANISH_TIME).year, 12, 31))
    scheduler.run_due()
    scheduler.run_due()
    history = ssp.app.history(ActionPlan.create_id("Aarhus"))
    missed = [e for e in history if type(e).__name__ == "EvaluationMissed"]
    assert [m.year for m in missed] == [datetime.now(DANISH_TIME).year]
    (notice,) = ssp.app.outbox.pending("ssp@Aarhus")
    assert notice.recipient == "ssp@aarhus.example" and notice.link.endswith("/handleplan")


def test_an_evaluated_year_is_not_missed(service: Any) -> None:
    ssp, _ = service("ssp", escalation_contacts=CONTACTS)
    _first_case(ssp)
    answers = {q: Answer(q, True, "") for q in EvaluationQuestion}
    year = datetime.now(DANISH_TIME).year
    ssp.app.act(
        ActionPlan.create_id("Aarhus"),
        lambda p: p.evaluate(year=year, answers=answers, actor=TEACHER),
    )
    scheduler = Scheduler(ssp.app, TIMED, now=_after_new_year)
    scheduler.run_due()
    history = ssp.app.history(ActionPlan.create_id("Aarhus"))
    assert not [e for e in history if type(e).__name__ == "EvaluationMissed"]
    assert ssp.app.outbox.pending("ssp@Aarhus") == []
