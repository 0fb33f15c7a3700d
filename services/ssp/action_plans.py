"""SSP's yearly evaluation of each municipality's action plan (seed 004).

Only the SSP consultants of a municipality see or evaluate its plan; to anyone else, and
for a municipality this service does not serve (or that Denmark does not have), it
answers the 404 of an unknown record, and every read and refusal is recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoding

from domain.access import sees_municipality
from domain.action_plan import ActionPlan, Answer, EvaluationQuestion
from domain.actors import Actor
from domain.municipalities import municipality_named

if TYPE_CHECKING:
    from services.ssp.application import SspApplication

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
NOT_FOUND = "Action-plan"


class AnswerAsDict(Transcoding):
    type = Answer
    name = "action_plan_answer"

    def encode(self, obj: Answer) -> dict[str, Any]:
        return {"question": obj.question.value, "yes": obj.yes, "note": obj.note}

    def decode(self, data: dict[str, Any]) -> Answer:
        return Answer(EvaluationQuestion(data["question"]), bool(data["yes"]), str(data["note"]))


class ActionPlans:
    """The action plans of the municipalities an SSP service serves."""

    def __init__(self, app: SspApplication) -> None:
        self._app = app

    def today(self) -> date:
        """The day in Denmark: the evaluation falls due again on 1 January, Danish time."""
        return datetime.now(DANISH_TIME).date()

    def read_as(self, actor: Actor, municipality: str) -> ActionPlan:
        """The plan, for the municipality's SSP consultants; one never evaluated is new."""
        name = self._visible(actor, municipality, "read action plan", record_allowed=True)
        return self._plan(name)

    def evaluate_as(
        self, actor: Actor, municipality: str, answers: Mapping[EvaluationQuestion, Answer]
    ) -> ActionPlan:
        """This year's evaluation, by an SSP consultant of the municipality."""
        name = self._visible(actor, municipality, "evaluate action plan", record_allowed=False)

        def change() -> tuple[Sequence[Aggregate], ActionPlan]:
            plan = self._plan(name)
            plan.evaluate(year=self.today().year, answers=answers, actor=actor)
            return [plan], plan

        # A colleague evaluating at the same moment waits, then meets this year's answers.
        return self._app.written([ActionPlan.create_id(name)], change)

    def _plan(self, name: str) -> ActionPlan:
        found: ActionPlan | None = self._app.get_or_none(ActionPlan.create_id(name))
        return found or ActionPlan(municipality=name)

    def _visible(
        self, actor: Actor, municipality: str, action: str, *, record_allowed: bool
    ) -> str:
        """The municipality's official name, if the actor may see its plan; 404 otherwise."""
        found = municipality_named(municipality)
        name = found.name if found else municipality.strip()
        self._app.check_access(
            subject=f"action-plan:{name.casefold()}",
            actor=actor,
            action=action,
            visible=found is not None
            and self._app.serves.serves_municipality(found.name)
            and any(sees_municipality(actor, n) for n in (municipality, found.name)),
            record_allowed=record_allowed,
            not_found=NOT_FOUND,
        )
        return name
