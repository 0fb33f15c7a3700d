"""What the school's case page shows: the checklist by the card's five steps, and beside
each item the forms of the commands that record it which the person's role may use.

The forms are made from the commands' request models (``services.school.commands``),
so the page posts exactly what the API accepts; where the case decides a value (which
deletion request a confirmation is for, which platform answered) it is offered as a
choice, and a help item's form already knows which help it records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from domain.access import may
from domain.actors import SCHOOL_ROLES, Actor
from domain.case import Case
from domain.case_facts import ActionStep, ComplaintOutcome, Takedown, TakedownOutcome
from domain.checklist import Status
from domain.checklist.actions import REPEATABLE, actions_for, preset
from domain.commands import SchoolCommand, Wording
from domain.deadlines.kinds import DeadlineKind
from domain.vocabulary import label
from domain.vocabulary.events import EVENTS_DA
from services.kit.console.forms import Choice, FormField, FormWords, form_fields
from services.school.commands import BY_COMMAND
from services.school.field_labels import field_hint, field_label
from services.school.views import CaseView, ChecklistItemView

STEPS: tuple[ActionStep, ...] = tuple(ActionStep)


def words_for(model: type[BaseModel]) -> FormWords:
    """A form's labels and hints, as the fields are named in this command's model."""
    return FormWords(
        field=lambda name: field_label(model, name),
        choice=label,
        hint=lambda name: field_hint(model, name),
    )


@dataclass(frozen=True)
class Action:
    """One command's form beside an item."""

    command: SchoolCommand
    title: Wording
    fields: tuple[FormField, ...]
    fixed: tuple[tuple[str, str], ...] = ()
    """Hidden values the item already decides (which help it is)."""

    @property
    def near(self) -> str:
        return self.command.value


@dataclass(frozen=True)
class ItemOnPage:
    item: ChecklistItemView
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class StepOnPage:
    step: ActionStep
    title: Wording
    items: tuple[ItemOnPage, ...]


def steps_on_page(
    view: CaseView, case: Case, actor: Actor, colleagues: Sequence[Choice] = ()
) -> list[StepOnPage]:
    """The checklist grouped by step, in the order of the card, with the actor's forms
    (and, for an item still to do, the form that assigns it to a named colleague)."""
    by_step: dict[str, list[ItemOnPage]] = {}
    for item in view.checklist:
        actions = tuple(_actions(item, case, actor))
        if (
            colleagues
            and item.status != Status.DONE.value
            and may(actor, SchoolCommand.ASSIGNMENTS)
        ):
            actions = (*actions, _assignment(item, colleagues))
        by_step.setdefault(item.step, []).append(ItemOnPage(item, actions))
    return [
        StepOnPage(step, label(step), tuple(by_step[step.value]))
        for step in STEPS
        if step.value in by_step
    ]


def _actions(item: ChecklistItemView, case: Case, actor: Actor) -> list[Action]:
    found = []
    done = item.status == Status.DONE.value
    for command in actions_for(item.key):
        fixed = preset(item.key, command)
        if not may(actor, command) or not _applies(command, case, fixed):
            continue
        if done and command not in REPEATABLE and command is not SchoolCommand.REOPEN:
            continue
        spec = BY_COMMAND[command]
        fields: list[FormField] = []
        if spec.body is not None:
            fields = form_fields(spec.body, words_for(spec.body), choices=_choices(command, case))
            fields = [f for f in fields if f.name not in fixed]
        title = Wording(_capitalised(command.label_da), _capitalised(command.label_en))
        found.append(Action(command, title, tuple(fields), tuple(fixed.items())))
    return found


def _assignment(item: ChecklistItemView, colleagues: Sequence[Choice]) -> Action:
    spec = BY_COMMAND[SchoolCommand.ASSIGNMENTS]
    assert spec.body is not None
    fields = form_fields(spec.body, words_for(spec.body), choices={"person_id": list(colleagues)})
    command = SchoolCommand.ASSIGNMENTS
    return Action(
        command,
        Wording(_capitalised(command.label_da), _capitalised(command.label_en)),
        tuple(f for f in fields if f.name != "item"),
        (("item", item.key),),
    )


def colleagues_of(case: Case, history: Sequence[object], offered: Sequence[str]) -> list[Choice]:
    """Whom an item can be given to: the school's staff who acted on the case, and those
    ``offered`` (the demonstration professionals, on the embedded default)."""
    found = dict.fromkeys(offered)
    for event in history:
        actor = getattr(event, "actor", None)
        if (
            isinstance(actor, Actor)
            and actor.role in SCHOOL_ROLES
            and actor.organisation == (case.institution)
        ):
            found.setdefault(actor.person_id)
    return [Choice(p, Wording(p, p)) for p in found]


def _applies(command: SchoolCommand, case: Case, fixed: dict[str, str]) -> bool:
    """Forms that need something on the case first are shown only once it is there (for
    the item's own platform or request, when the item decides it)."""
    takedowns = [t for t in case.takedowns.values() if fixed.get("platform") in (None, t.platform)]
    if command is SchoolCommand.DELETION_CONFIRMATIONS:
        return any(
            r.confirmed is None and fixed.get("request_id") in (None, str(r.request_id))
            for r in case.deletions.values()
        )
    if command is SchoolCommand.TAKEDOWN_OUTCOMES:
        return any(t.outcome is TakedownOutcome.PENDING for t in takedowns)
    if command is SchoolCommand.DATATILSYNET_COMPLAINTS:
        return any(t.outcome is TakedownOutcome.REFUSED and t.complaint is None for t in takedowns)
    if command is SchoolCommand.DATATILSYNET_DECISIONS:
        return any(_complaint_pending(t) for t in takedowns)
    return True


def _complaint_pending(takedown: Takedown) -> bool:
    return takedown.complaint is not None and (
        takedown.complaint.outcome is ComplaintOutcome.PENDING
    )


def _choices(command: SchoolCommand, case: Case) -> dict[str, list[Choice]]:
    """Values only the case knows, offered as a choice instead of typed."""
    if command is SchoolCommand.DELETION_CONFIRMATIONS:
        open_requests = [r for r in case.deletions.values() if r.confirmed is None]
        return {
            "request_id": [
                Choice(str(r.request_id), Wording(r.from_whom, r.from_whom)) for r in open_requests
            ]
        }
    platforms = {
        SchoolCommand.TAKEDOWN_OUTCOMES: [
            t.platform for t in case.takedowns.values() if t.outcome is TakedownOutcome.PENDING
        ],
        SchoolCommand.DATATILSYNET_COMPLAINTS: [
            t.platform
            for t in case.takedowns.values()
            if t.outcome is TakedownOutcome.REFUSED and t.complaint is None
        ],
        SchoolCommand.DATATILSYNET_DECISIONS: [
            t.platform for t in case.takedowns.values() if _complaint_pending(t)
        ],
    }.get(command)
    if platforms is None:
        return {}
    return {"platform": [Choice(p, Wording(p, p)) for p in platforms]}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def status_words(status: str) -> Wording:
    return label(Status(status))


def deadline_words(key: str) -> Wording | None:
    """The kind of deadline an event of the clock concerns (its key begins with it)."""
    kind = key.split(":", 1)[0]
    return label(DeadlineKind(kind)) if kind in DEADLINE_KINDS else None


DEADLINE_KINDS = {k.value for k in DeadlineKind}


def event_words(event: str) -> Wording:
    """What an event of the chronology says, after who did it."""
    danish = EVENTS_DA.get(event)
    english = re.sub(r"(?<!^)(?=[A-Z])", " ", event).lower()
    return Wording(danish or f"registrerede {english}", english)
