"""The action card as a checklist: what the model and the card now ask of a case.

Derived from the case's state and the day alone, so it is always current and never
stored. Each item names who is responsible (following the split in seed 004), says in
Danish and English what to do, and whether it is done (by whom, when), due,
recommended, waiting for someone else (since when), deferred (until when) or blocked —
and why. A closed case shows what arrived after it was closed and what that asks for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from domain.actors import Actor, Role
from domain.case import Case
from domain.case_facts import ActionStep, Arrival, EvidenceHold, Outcome
from domain.checklist.follow_up import anmeld, behandl, help_items
from domain.checklist.items import PARENTS_FIRST, ChecklistItem, Status, Why, item
from domain.checklist.stop import stop
from domain.checklist.vurder import dokumenter, vurder
from domain.handling_model import Level

__all__ = ["ChecklistItem", "Status", "Why", "checklist", "close_case", "due_items"]


def checklist(case: Case, today: date) -> list[ChecklistItem]:
    """Every step that applies to the case now, in the order of the action card."""
    if case.is_closed:
        return list(_closed(case))
    items = [
        *vurder(case, today),
        *dokumenter(case),
        *stop(case),
        *help_items(case, ActionStep.STOP),
        *anmeld(case),
        *behandl(case, today),
    ]
    return [*items, _close(case, items)]


def due_items(case: Case, today: date) -> list[ChecklistItem]:
    return [i for i in checklist(case, today) if i.status is Status.DUE]


def close_case(
    case: Case, *, outcome: Outcome, reason: str | None, actor: Actor, today: date
) -> None:
    """Close with an outcome; the steps still due are named on the record, with why."""
    case.close(
        outcome=outcome,
        reason=reason,
        left_open=[i.key for i in due_items(case, today)],
        actor=actor,
    )


def _close(case: Case, items: list[ChecklistItem]) -> ChecklistItem:
    """Offered once the rules allow it; steps still due need a reason, named on closing."""
    label = ("Afslut sagen med et udfald", "Close the case with an outcome")
    blocked: Why | None = None
    if not case.parents_involved:
        blocked = PARENTS_FIRST
    elif case.level is Level.FOUR and not case.police_reports:
        blocked = Why(
            "På niveau 4 kræves først en politianmeldelse.",
            "At level 4 a police report is required first.",
        )
    elif case.evidence_hold is EvidenceHold.HELD and case.police_took_over is None:
        blocked = Why(
            "Politiet har bevissikring i gang; sagen kan afsluttes, når de frigiver materialet "
            "eller har overtaget sagen.",
            "The police hold the evidence: close once they release it or have taken the case over.",
        )
    due = [i for i in items if i.status is Status.DUE]
    why = (
        Why(
            "Trin der stadig mangler, skal begrundes ved afslutning: "
            + "; ".join(i.label_da for i in due)
            + ".",
            "Steps still due must be given a reason when closing: "
            + "; ".join(i.label_en for i in due)
            + ".",
        )
        if due
        else None
    )
    return item(
        "close",
        ActionStep.BEHANDL,
        label,
        Role.LEDELSE,
        None,
        required=False,
        blocked=blocked,
        why=why,
    )


_ARRIVALS: dict[Arrival, tuple[str, str, bool]] = {
    Arrival.EVIDENCE_RELEASED: (
        "Politiet har frigivet materialet efter afslutningen: genåbn sagen, og få det fjernet",
        "The police released the material after closing: reopen the case and have it removed",
        True,
    ),
    Arrival.LINKED_TO_INCIDENT: (
        "SSP har efter afslutningen koblet sagen til samme materiale på andre skoler",
        "After closing, SSP linked the case to the same material at other schools",
        True,
    ),
    Arrival.EVIDENCE_HELD: (
        "Politiet har efter afslutningen sat bevissikring i gang",
        "After closing, the police put an evidence hold in place",
        False,
    ),
    Arrival.POLICE_ACKNOWLEDGED: (
        "Politiet har kvitteret for underretningen efter afslutningen",
        "The police acknowledged the notification after closing",
        False,
    ),
    Arrival.SSP_ADVICE: (
        "SSP-konsulenten har givet sparring efter afslutningen",
        "The SSP consultant gave advice after closing",
        False,
    ),
}


def _closed(case: Case) -> Iterator[ChecklistItem]:
    assert case.outcome is not None
    left = ", ".join(case.left_open)
    yield item(
        "closed",
        ActionStep.BEHANDL,
        ("Sagen er afsluttet", "The case is closed"),
        Role.LEDELSE,
        case.closed,
        why=Why(
            f"Udfald: {case.outcome.value}."
            + (f" Stod åbne ved afslutning: {left}." if left else ""),
            f"Outcome: {case.outcome.value}."
            + (f" Left open when closing: {left}." if left else ""),
        ),
    )
    asks = False
    for index, arrival in enumerate(case.arrived_after_closing):
        da, en, acts = _ARRIVALS[arrival.what]
        asks = asks or acts
        yield item(
            f"arrived:{index}:{arrival.what.value}",
            ActionStep.BEHANDL,
            (da, en),
            Role.LEDELSE,
            None if acts else arrival.deed,
            required=True,
        )
    yield item(
        "reopen",
        ActionStep.BEHANDL,
        ("Genåbn sagen, hvis der sker nyt", "Reopen the case if something new happens"),
        Role.LEDELSE,
        None,
        required=asks,
    )
