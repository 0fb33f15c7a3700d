"""The action plan's yearly evaluation in SSP's console (seed 004, "Årlig evaluering af
handleplanen"): due or done this year, the evaluations made, and the five questions.

The page is the API's ``action_plan_view``; the form posts each question's answer as
the API's ``AnswerGiven`` (named ``<question>.yes`` and ``<question>.note``), read back
into the API's ``EvaluationGiven`` and recorded by the same ``evaluate_as``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.action_plan import EvaluationQuestion
from domain.commands import Wording
from services.kit.console import Console
from services.kit.console.forms import FormField, form_fields, read_form
from services.ssp.action_plan_api import AnswerGiven, EvaluationGiven, action_plan_view
from services.ssp.application import SspApplication
from services.ssp.console.words import words_for

ACTION_PLAN = "/handleplan"

EVALUATED = Wording("Evalueringen er registreret.", "The evaluation is recorded.")


@dataclass(frozen=True)
class QuestionForm:
    question: EvaluationQuestion
    fields: tuple[FormField, ...]


def question_forms() -> list[QuestionForm]:
    return [
        QuestionForm(
            q, tuple(form_fields(AnswerGiven, words_for(AnswerGiven), prefix=f"{q.value}."))
        )
        for q in EvaluationQuestion
    ]


def read_evaluation(posted: Mapping[str, Sequence[str]]) -> EvaluationGiven:
    """Each question's answer as ``AnswerGiven``; together, the API's request body."""
    answers = {}
    for q in EvaluationQuestion:
        prefix = f"{q.value}."
        own = {k.removeprefix(prefix): v for k, v in posted.items() if k.startswith(prefix)}
        answers[q.value] = read_form(AnswerGiven, own).model_dump()
    return EvaluationGiven.model_validate(answers)


def action_plan_routes(app: SspApplication, console: Console) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    pages = console.pages

    @router.get(ACTION_PLAN)
    async def action_plan(request: Request) -> Response:
        actor = console.who(request)
        plan = await app.workers.run(app.action_plans.read_as, actor, actor.organisation)
        return pages.render(
            request,
            "ssp_action_plan.html",
            current="action-plan",
            plan=action_plan_view(plan, app.action_plans.today()),
            questions=question_forms(),
        )

    @router.post(ACTION_PLAN + "/evalueringer")
    async def evaluate(request: Request) -> Response:
        actor = console.who(request)
        form = await console.form(request)

        def run() -> None:
            body = read_evaluation(form)
            app.action_plans.evaluate_as(actor, actor.organisation, body.answers())

        succeeded, response = await console.attempt(
            request, ACTION_PLAN, "evaluation", lambda: app.workers.run(run)
        )
        return console.done(request, ACTION_PLAN, EVALUATED) if succeeded else response

    return router
