"""The municipality's action plan for digital offences, and SSP's yearly evaluation of it.

Seed 004 ends with "Årlig evaluering af handleplanen": five questions that "SSP- og
Ungdomskonsulentteamet" answers once a year, after gathering the local SSP networks'
experience. Samspil keeps one action plan per municipality the SSP service serves; each
evaluation records the year, who made it and the answer to each question (yes or no,
with a note).

The evaluation is due once per calendar year, in Danish time: it falls due again when a
new year starts, not twelve months after the last one. The seed ties it to "det seneste
år" of the local networks, whose work follows the school year and the municipality's
yearly plans, so a fixed year keeps every municipality's evaluations comparable and an
evaluation made late in one year does not push the next one into the year after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor, Role
from domain.case_facts import Deed
from domain.checklist.items import Status
from domain.deadlines.calendar import end_of_day
from domain.errors import DomainError


class EvaluationQuestion(StrEnum):
    """The five questions of seed 004's "Årlig evaluering af handleplanen", in its order."""

    IN_LINE_WITH_POLICIES = "in_line_with_policies"
    RIGHT_KEY_PERSONS = "right_key_persons"
    RIGHT_WEB_ADDRESSES = "right_web_addresses"
    NEW_ACTORS = "new_actors"
    EXPERIENCE_TO_INCORPORATE = "experience_to_incorporate"

    @property
    def da(self) -> str:
        """The question as the seed asks it."""
        return _QUESTIONS[self][0]

    @property
    def en(self) -> str:
        return _QUESTIONS[self][1]


_QUESTIONS = {
    EvaluationQuestion.IN_LINE_WITH_POLICIES: (
        "Er handleplanen i overensstemmelse med andre relevante kommunale handleplaner "
        "og politikker?",
        "Is the action plan in line with the municipality's other relevant plans and policies?",
    ),
    EvaluationQuestion.RIGHT_KEY_PERSONS: (
        "Er der oplyst de rette nøglepersoner?",
        "Does it name the right key persons?",
    ),
    EvaluationQuestion.RIGHT_WEB_ADDRESSES: (
        "Er der oplyst de rette webadresser o.l.?",
        "Does it give the right web addresses and the like?",
    ),
    EvaluationQuestion.NEW_ACTORS: (
        "Er der kommet nye relevante aktører på området?",
        "Have new relevant actors entered the field?",
    ),
    EvaluationQuestion.EXPERIENCE_TO_INCORPORATE: (
        "Er der erfaringer fra det seneste år der bør indarbejdes i handleplanen?",
        "Is there experience from the past year that should be worked into the plan?",
    ),
}

EVALUATION_LABEL = ("Årlig evaluering af handleplanen", "Yearly evaluation of the action plan")
EVALUATION_RESPONSIBLE = Role.SSP_KONSULENT
"""Seed 004: "Evalueringen foretages af SSP- og Ungdomskonsulentteamet"."""


@dataclass(frozen=True)
class Answer:
    """The answer to one question: yes or no, and what lies behind it."""

    question: EvaluationQuestion
    yes: bool
    note: str = ""


@dataclass(frozen=True)
class Evaluation:
    year: int
    answers: tuple[Answer, ...]
    deed: Deed
    """Who evaluated the plan, and when."""


@dataclass(frozen=True)
class EvaluationItem:
    """The evaluation as an item to do: due or done for one year, with the last one made."""

    year: int
    status: Status
    done: Deed | None
    """Who evaluated the plan this year, and when (None while it is due)."""
    last: Evaluation | None
    """The most recent evaluation, of this year or an earlier one."""

    @property
    def label_da(self) -> str:
        return EVALUATION_LABEL[0]

    @property
    def label_en(self) -> str:
        return EVALUATION_LABEL[1]

    @property
    def responsible(self) -> Role:
        return EVALUATION_RESPONSIBLE

    @property
    def due_by(self) -> date:
        """The last day of the year it is for."""
        return date(self.year, 12, 31)


class EvaluationIncomplete(DomainError):
    """An evaluation answers every one of the five questions, or it is not one."""

    def __init__(self, missing: list[EvaluationQuestion]) -> None:
        names = ", ".join(q.value for q in missing)
        super().__init__(
            f"The yearly evaluation answers all five questions of the action plan; "
            f"missing: {names}.",
            f"Den årlige evaluering besvarer alle fem spørgsmål om handleplanen; "
            f"mangler: {names}.",
        )


class ActionPlan(Aggregate):
    """One municipality's action plan, as far as Samspil follows it: its evaluations."""

    class Event(Aggregate.Event):
        """While it is applied, the plan knows when it happened (the deed's time)."""

        def mutate(self, aggregate: Any) -> Any:
            if aggregate is not None:
                aggregate.applying_at = self.timestamp
            return super().mutate(aggregate)

    class Started(Aggregate.Created):
        municipality: str

    class Evaluated(Event):
        year: int
        answers: list[Answer]
        actor: Actor

    @staticmethod
    def create_id(municipality: str) -> UUID:
        """One plan per municipality, however its name is cased."""
        return uuid5(NAMESPACE_URL, f"samspil:action-plan:{municipality.strip().casefold()}")

    @event(Started)
    def __init__(self, *, municipality: str) -> None:
        self.municipality = municipality
        self.evaluations: list[Evaluation] = []
        """Oldest first."""
        self.applying_at: datetime = self.created_on

    def evaluate(
        self, *, year: int, answers: Mapping[EvaluationQuestion, Answer], actor: Actor
    ) -> None:
        """Record the year's evaluation; a later one in the same year supersedes it."""
        missing = [q for q in EvaluationQuestion if q not in answers]
        if missing:
            raise EvaluationIncomplete(missing)
        ordered = [Answer(q, answers[q].yes, answers[q].note.strip()) for q in EvaluationQuestion]
        self._evaluated(year=year, answers=ordered, actor=actor)

    @event(Evaluated)
    def _evaluated(self, *, year: int, answers: list[Answer], actor: Actor) -> None:
        self.evaluations.append(Evaluation(year, tuple(answers), Deed(actor, self.applying_at)))

    class EvaluationMissed(Event):
        """The year ended without an evaluation; ``told`` were reminded."""

        year: int
        told: tuple[str, ...]

    def reminder_at(self, today: date) -> datetime:
        """When the plan's next reminder falls due: the end of this year, if this year's
        evaluation is neither made nor already missed; else the end of next year."""
        year = today.year
        if any(e.year == year for e in self.evaluations) or year in self.missed_years:
            year += 1
        return end_of_day(date(year, 12, 31))

    def miss(self, year: int, told: tuple[str, ...]) -> None:
        """Record, once, that ``year`` ended without an evaluation."""
        if year not in self.missed_years and not any(e.year == year for e in self.evaluations):
            self._evaluation_missed(year=year, told=told)

    @event(EvaluationMissed)
    def _evaluation_missed(self, *, year: int, told: tuple[str, ...]) -> None:
        self.__dict__.setdefault("missed", set()).add(year)

    @property
    def missed_years(self) -> set[int]:
        return set(self.__dict__.get("missed", set()))

    def item(self, today: date) -> EvaluationItem:
        """The evaluation for ``today``'s year: done once one was made in that year."""
        last = self.evaluations[-1] if self.evaluations else None
        this_year = [e for e in self.evaluations if e.year == today.year]
        if this_year:
            return EvaluationItem(today.year, Status.DONE, this_year[-1].deed, last)
        return EvaluationItem(today.year, Status.DUE, None, last)
