"""SSP's yearly evaluation of the action plan: due each calendar year, done by an evaluation."""

from __future__ import annotations

from datetime import date

import pytest

from domain.action_plan import ActionPlan, Answer, EvaluationIncomplete, EvaluationQuestion
from domain.actors import Actor, Role
from domain.checklist.items import Status

CONSULTANT = Actor("ssp-eva", Role.SSP_KONSULENT, "Hjørring")


def all_answered(note: str = "") -> dict[EvaluationQuestion, Answer]:
    return {q: Answer(q, True, note) for q in EvaluationQuestion}


def test_the_five_questions_are_the_seeds_in_its_order() -> None:
    assert [q.da for q in EvaluationQuestion] == [
        "Er handleplanen i overensstemmelse med andre relevante kommunale handleplaner "
        "og politikker?",
        "Er der oplyst de rette nøglepersoner?",
        "Er der oplyst de rette webadresser o.l.?",
        "Er der kommet nye relevante aktører på området?",
        "Er der erfaringer fra det seneste år der bør indarbejdes i handleplanen?",
    ]
    assert all(q.en.endswith("?") for q in EvaluationQuestion)


def test_due_until_evaluated_then_done_with_who_and_when_and_due_again_next_year() -> None:
    plan = ActionPlan(municipality="Hjørring")
    due = plan.item(date(2026, 3, 1))
    assert (due.status, due.done, due.due_by) == (Status.DUE, None, date(2026, 12, 31))
    assert due.responsible is Role.SSP_KONSULENT
    assert due.label_da == "Årlig evaluering af handleplanen"

    plan.evaluate(year=2026, answers=all_answered(), actor=CONSULTANT)
    done = plan.item(date(2026, 12, 31))
    assert done.status is Status.DONE
    assert done.done is not None and done.done.actor == CONSULTANT
    assert done.done.at == plan.modified_on

    next_year = plan.item(date(2027, 1, 1))
    assert (next_year.status, next_year.done) == (Status.DUE, None)
    assert next_year.last is not None and next_year.last.year == 2026, "the last one is shown"


def test_an_evaluation_answers_every_question_or_records_nothing() -> None:
    plan = ActionPlan(municipality="Hjørring")
    answers = all_answered()
    del answers[EvaluationQuestion.NEW_ACTORS]
    with pytest.raises(EvaluationIncomplete) as refused:
        plan.evaluate(year=2026, answers=answers, actor=CONSULTANT)
    assert "new_actors" in refused.value.message_en and "new_actors" in refused.value.message_da
    assert plan.evaluations == [] and plan.version == 1


def test_a_second_evaluation_in_the_year_is_kept_and_counts() -> None:
    plan = ActionPlan(municipality="Hjørring")
    plan.evaluate(year=2026, answers=all_answered("first"), actor=CONSULTANT)
    colleague = Actor("ssp-ole", Role.SSP_KONSULENT, "Hjørring")
    plan.evaluate(year=2026, answers=all_answered(" revised "), actor=colleague)
    assert [e.answers[0].note for e in plan.evaluations] == ["first", "revised"]
    done = plan.item(date(2026, 6, 1)).done
    assert done is not None and done.actor == colleague
