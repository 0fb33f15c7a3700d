"""What a checklist item is, and how its status is decided.

An item is done only by a deed recorded on the case (who, when); sent and not yet
answered is waiting (since when); the value-jump rule is a deferral (until when), not
an involvement. Every reason is given in Danish and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.actors import Role
from domain.case_facts import ActionStep, Deed


class Status(StrEnum):
    DONE = "done"
    """Done, by the deed the item names (who, when)."""
    DUE = "due"
    """Required now by the model or the card."""
    RECOMMENDED = "recommended"
    """Advised at this level; the professionals weigh it."""
    WAITING = "waiting"
    """Asked of someone else (the police, a platform, Datatilsynet) and not yet answered."""
    DEFERRED = "deferred"
    """Deliberately put off until a date (værdispringsreglen)."""
    BLOCKED = "blocked"
    """Cannot be done yet; ``why`` says what it waits for."""


@dataclass(frozen=True)
class Why:
    """A reason, as a Danish and an English professional would read it."""

    da: str
    en: str


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    step: ActionStep
    label_da: str
    label_en: str
    responsible: Role
    status: Status
    why: Why | None = None
    done: Deed | None = None
    """The deed that did it: who, and when."""
    since: datetime | None = None
    """Waiting since."""
    until: date | None = None
    """Deferred until."""


def item(
    key: str,
    step: ActionStep,
    label: tuple[str, str],
    responsible: Role,
    done: Deed | None,
    *,
    required: bool = True,
    blocked: Why | None = None,
    why: Why | None = None,
) -> ChecklistItem:
    """An item whose status follows from its deed: done, blocked, due or recommended."""
    da, en = label
    if done is not None:
        return ChecklistItem(key, step, da, en, responsible, Status.DONE, why, done)
    if blocked is not None:
        return ChecklistItem(key, step, da, en, responsible, Status.BLOCKED, blocked)
    status = Status.DUE if required else Status.RECOMMENDED
    return ChecklistItem(key, step, da, en, responsible, status, why)


def waiting(
    key: str,
    step: ActionStep,
    label: tuple[str, str],
    responsible: Role,
    since: datetime,
    why: Why,
) -> ChecklistItem:
    da, en = label
    return ChecklistItem(key, step, da, en, responsible, Status.WAITING, why, since=since)


PARENTS_FIRST = Why(
    "Venter på, at forældrene til den mindreårige er informeret, eller at værdispringsreglen "
    "er brugt.",
    "Waits until the parents of the minor are informed, or the value-jump rule is used.",
)
