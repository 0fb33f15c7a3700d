"""SSP's HTTP API for the yearly evaluation of the municipality's action plan (seed 004)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from domain.action_plan import ActionPlan, Answer, Evaluation, EvaluationQuestion
from domain.actors import Role
from domain.checklist.items import Status
from services.kit import text_fields as text
from services.kit.http import ActingProfessional
from services.kit.views import ActorView
from services.ssp.application import SspApplication

Municipality = Annotated[str, Path(min_length=1, max_length=100)]


class AnswerGiven(BaseModel):
    model_config = ConfigDict(extra="forbid")

    yes: bool = Field(description="Ja (true) or nej (false).")
    note: text.OptionalNote = Field("", description="What lies behind the answer; no names.")


def _asked(question: EvaluationQuestion) -> str:
    return f"{question.da} / {question.en}"


class EvaluationGiven(BaseModel):
    """The answers to the five questions of "Årlig evaluering af handleplanen"."""

    model_config = ConfigDict(extra="forbid")

    in_line_with_policies: AnswerGiven = Field(
        description=_asked(EvaluationQuestion.IN_LINE_WITH_POLICIES)
    )
    right_key_persons: AnswerGiven = Field(description=_asked(EvaluationQuestion.RIGHT_KEY_PERSONS))
    right_web_addresses: AnswerGiven = Field(
        description=_asked(EvaluationQuestion.RIGHT_WEB_ADDRESSES)
    )
    new_actors: AnswerGiven = Field(description=_asked(EvaluationQuestion.NEW_ACTORS))
    experience_to_incorporate: AnswerGiven = Field(
        description=_asked(EvaluationQuestion.EXPERIENCE_TO_INCORPORATE)
    )

    def answers(self) -> dict[EvaluationQuestion, Answer]:
        given: dict[str, AnswerGiven] = dict(self)
        return {q: Answer(q, given[q.value].yes, given[q.value].note) for q in EvaluationQuestion}


class QuestionView(BaseModel):
    question: EvaluationQuestion
    question_da: str
    question_en: str


class AnswerView(QuestionView):
    yes: bool
    note: str


class DeedView(BaseModel):
    by: ActorView
    at: datetime


class EvaluationView(BaseModel):
    year: int
    by: ActorView
    at: datetime
    answers: list[AnswerView]


class EvaluationItemView(BaseModel):
    """The evaluation as an item to do, for the current year."""

    key: str = "yearly_evaluation"
    label_da: str
    label_en: str
    responsible: Role
    status: Status
    """``due`` until an evaluation is made in ``year``, then ``done``."""
    year: int
    due_by: date
    done: DeedView | None
    """Who evaluated the plan this year, and when."""


class ActionPlanView(BaseModel):
    municipality: str
    evaluation: EvaluationItemView
    questions: list[QuestionView]
    evaluations: list[EvaluationView]
    """Every evaluation made, newest first."""


def _question(question: EvaluationQuestion) -> QuestionView:
    return QuestionView(question=question, question_da=question.da, question_en=question.en)


def _evaluation(evaluation: Evaluation) -> EvaluationView:
    return EvaluationView(
        year=evaluation.year,
        by=ActorView.of(evaluation.deed.actor),
        at=evaluation.deed.at,
        answers=[
            AnswerView(
                question=a.question,
                question_da=a.question.da,
                question_en=a.question.en,
                yes=a.yes,
                note=a.note,
            )
            for a in evaluation.answers
        ],
    )


def action_plan_view(plan: ActionPlan, today: date) -> ActionPlanView:
    item = plan.item(today)
    done = item.done
    return ActionPlanView(
        municipality=plan.municipality,
        evaluation=EvaluationItemView(
            label_da=item.label_da,
            label_en=item.label_en,
            responsible=item.responsible,
            status=item.status,
            year=item.year,
            due_by=item.due_by,
            done=DeedView(by=ActorView.of(done.actor), at=done.at) if done else None,
        ),
        questions=[_question(q) for q in EvaluationQuestion],
        evaluations=[_evaluation(e) for e in reversed(plan.evaluations)],
    )


def action_plan_routes(app: SspApplication) -> APIRouter:
    router = APIRouter(prefix="/municipalities/{municipality}/action-plan", tags=["action plan"])

    @router.get("", summary="Årlig evaluering af handleplanen: due or done this year")
    def read(municipality: Municipality, actor: ActingProfessional) -> ActionPlanView:
        plan = app.action_plans.read_as(actor, municipality)
        return action_plan_view(plan, app.action_plans.today())

    @router.post(
        "/evaluations",
        summary="Record this year's evaluation of the action plan (the SSP consultant)",
    )
    def evaluate(
        municipality: Municipality, body: EvaluationGiven, actor: ActingProfessional
    ) -> ActionPlanView:
        plan = app.action_plans.evaluate_as(actor, municipality, body.answers())
        return action_plan_view(plan, app.action_plans.today())

    return router
