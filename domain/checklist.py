"""The action card as a checklist: what the model and the card now ask of a case.

Derived from the case's state alone, so it is always current and never stored.
Each item names who is responsible (following the split in seed 004), says in
Danish and English what to do, and whether it is done, due, recommended or
blocked — and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from domain.actors import Role
from domain.case import Case
from domain.case_facts import ActionStep, InvolvedRole, Spread, TakedownOutcome
from domain.handling_model import Context, Level, Track


class Status(StrEnum):
    DONE = "done"
    DUE = "due"
    """Required now by the model or the card."""
    RECOMMENDED = "recommended"
    """Advised at this level; the professionals weigh it."""
    BLOCKED = "blocked"
    """Cannot be done yet; ``why`` says what it waits for."""


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    step: ActionStep
    label_da: str
    label_en: str
    responsible: Role
    status: Status
    why: str | None = None


_WIDE_SPREAD = {Spread.GROUP_CHAT, Spread.SCHOOL_WIDE, Spread.PUBLIC_ONLINE, Spread.UNKNOWN}


def checklist(case: Case) -> list[ChecklistItem]:
    """Every step that applies to the case now, in the order of the action card."""
    if case.is_closed:
        return [
            ChecklistItem(
                "reopen",
                ActionStep.BEHANDL,
                "Genåbn sagen hvis der sker nyt",
                "Reopen the case if something new happens",
                Role.LEDELSE,
                Status.DONE,
                f"Closed with outcome {case.outcome}.",
            )
        ]
    items = [*_vurder(case), *_dokumenter(case), *_stop(case), *_anmeld(case), *_behandl(case)]
    return [*items, *_close(case, items)]


def _item(
    key: str,
    step: ActionStep,
    da: str,
    en: str,
    responsible: Role,
    done: bool,
    *,
    required: bool = True,
    blocked: str | None = None,
    why: str | None = None,
) -> ChecklistItem:
    if done:
        status = Status.DONE
    elif blocked:
        status, why = Status.BLOCKED, blocked
    else:
        status = Status.DUE if required else Status.RECOMMENDED
    return ChecklistItem(key, step, da, en, responsible, status, why)


def _parents_block(case: Case) -> str | None:
    if case.parents_involved:
        return None
    return "The parents of the minor are not yet informed, and no value-jump is recorded."


def _vurder(case: Case) -> Iterator[ChecklistItem]:
    step = ActionStep.VURDER
    yield _item(
        "uncover",
        step,
        "Afdæk: hvem, hvad, hvor, hvor udbredt, alder",
        "Uncover who is involved, what happened, where, how far it spread, the victim's age",
        Role.RESSOURCEPERSON,
        case.facts_uncovered,
        why="Never act on assumptions.",
    )
    yield _item(
        "assess",
        step,
        "Vurder niveau, kontekst A/B og spor",
        "Assess the level, context A or B, and the track (police, underretning, pedagogical)",
        Role.LEDELSE,
        case.level is not None,
    )
    if case.victim_is_minor:
        yield ChecklistItem(
            "involve_parents",
            step,
            "Involver forældrene hurtigst muligt",
            "Involve the parents as soon as possible",
            Role.LEDELSE,
            Status.DONE if case.parents_involved else Status.DUE,
            "Deferred under værdispringsreglen (Forvaltningsloven §28)."
            if case.value_jump_reason and not case.parents_informed
            else None,
        )
    else:
        yield _item(
            "involve_chosen",
            step,
            "Aftal med den krænkede hvem der inddrages",
            "Agree with the adult victim whom to involve",
            Role.RESSOURCEPERSON,
            case.adult_victim_involved is not None,
        )
    if case.level is not None and case.level >= Level.TWO:
        yield _item(
            "police_view",
            step,
            "Drøft sagen med politiets ressourceperson",
            "Ask the police resource person for a view",
            Role.RESSOURCEPERSON,
            bool(case.police_notifications),
            required=case.level >= Level.THREE,
            why="At level 3 and 4 a police report must always be weighed with the police."
            if case.level >= Level.THREE
            else None,
        )


def _dokumenter(case: Case) -> Iterator[ChecklistItem]:
    step = ActionStep.DOKUMENTER
    parents = _parents_block(case)
    yield _item(
        "keep_evidence",
        step,
        "Hjælp med at gemme skærmbilleder, optagelser, beskeder og navne",
        "Help the victim or parents keep screenshots, recordings, messages and names",
        Role.RESSOURCEPERSON,
        bool(case.evidence),
        blocked=parents,
        why="Professionals other than the police must not keep the material themselves.",
    )
    if len(case.involved) > 3 or case.spread in _WIDE_SPREAD:
        yield _item(
            "logbook",
            step,
            "Før logbog: hvem, hvad, hvor, hvornår",
            "Keep a logbook: who, what, where, when",
            Role.RESSOURCEPERSON,
            case.logbook_entries > 0,
            required=False,
            blocked=parents,
        )


def _stop(case: Case) -> Iterator[ChecklistItem]:
    step = ActionStep.STOP
    if case.level is None:
        return
    parents = _parents_block(case)
    waiting = case.waiting_for_police
    if case.level >= Level.THREE:
        yield _item(
            "police_evidence",
            step,
            "Politiet beslutter bevissikring og sletning",
            "The police decide how material is deleted, so evidence is kept",
            Role.POLITI,
            waiting is None,
            why=waiting,
        )
    removal_block = parents or (f"Waiting for the police: {waiting}." if waiting else None)
    roles = {p.role for p in case.involved}
    if InvolvedRole.KNOWN_OFFENDER in roles and case.track is not Track.POLICE_CASE:
        yield _item(
            "contact_offender",
            step,
            "Kontakt krænkeren (og forældre hvis mindreårig)",
            "Contact the known offender (and their parents if a minor)",
            Role.LEDELSE,
            case.offender_contacted,
            blocked=parents,
        )
        yield _item(
            "request_deletion",
            step,
            "Bed om sletning, bevis for sletning og liste over modtagere",
            "Ask for deletion, proof of it, and who the material was shared with",
            Role.LEDELSE,
            case.deletion_confirmed,
            blocked=removal_block,
        )
    if case.spread not in (None, Spread.NOT_SHARED) or InvolvedRole.UNKNOWN_OFFENDER in roles:
        yield _item(
            "request_takedown",
            step,
            "Få materialet fjernet fra hjemmesider og sociale medier",
            "Get the material removed from websites and social media",
            Role.RESSOURCEPERSON,
            bool(case.takedowns),
            required=case.level >= Level.TWO,
            blocked=removal_block,
        )
    for platform, outcome in case.takedowns.items():
        if outcome is TakedownOutcome.REFUSED:
            yield _item(
                f"complain_datatilsynet:{platform}",
                step,
                f"Klag til Datatilsynet over {platform}",
                f"Complain to Datatilsynet about {platform}'s refusal",
                Role.RESSOURCEPERSON,
                platform in case.complaints,
            )
    if case.spread in (Spread.SCHOOL_WIDE, Spread.PUBLIC_ONLINE):
        yield _item(
            "cooperate",
            step,
            "Samarbejd med andre skoler via SSP",
            "Cooperate with other schools through SSP",
            Role.SSP_KONSULENT,
            case.cooperation_requested,
            required=False,
        )


def _anmeld(case: Case) -> Iterator[ChecklistItem]:
    step = ActionStep.ANMELD
    if case.level is None:
        return
    parents = _parents_block(case)
    report_required = case.level is Level.FOUR or case.track is Track.POLICE_CASE
    if (
        report_required
        or case.level is Level.THREE
        or case.context is Context.B_THREATS_ABUSE_REVENGE
    ):
        yield _item(
            "police_report",
            step,
            "Politianmeldelse (som regel forældre/den krænkede, §264d)",
            "Police report (as a rule by the parents or victim, §264d)",
            Role.LEDELSE,
            bool(case.police_reports),
            required=report_required,
            blocked=parents,
            why="Required at level 4." if case.level is Level.FOUR else None,
        )
    if case.track is Track.UNDERRETNING:
        yield _item(
            "underretning",
            step,
            "Send underretning til myndighedsafdelingen",
            "Send an underretning to the municipal authority",
            Role.LEDELSE,
            case.underretning_sent,
            blocked=parents,
        )
    if case.police_reports:
        yield _item(
            "insurance",
            step,
            "Anbefal at tjekke forsikring (psykolog, advokat)",
            "Recommend checking insurance cover for psychologist or legal help",
            Role.RESSOURCEPERSON,
            case.insurance_advised,
            required=False,
        )


def _behandl(case: Case) -> Iterator[ChecklistItem]:
    step = ActionStep.BEHANDL
    if case.level is None:
        return
    parents = _parents_block(case)
    yield _item(
        "ssp_sparring",
        step,
        "Sparring med SSP-konsulenten",
        "Sparring with the SSP consultant",
        Role.SSP_KONSULENT,
        case.sparring_held,
        required=False,
        blocked=parents,
    )
    if case.level >= Level.THREE:
        yield _item(
            "referral",
            step,
            "Hjælp de berørte videre (psykolog, advokat, SletDet, Cyberhus …)",
            "Refer those concerned (psychologist, lawyer, SletDet, Cyberhus …)",
            Role.RESSOURCEPERSON,
            bool(case.referrals),
            required=case.level is Level.FOUR,
            blocked=parents,
        )
    if case.level >= Level.TWO:
        yield _item(
            "conflict_mediation",
            step,
            "Overvej konfliktmægling",
            "Consider conflict mediation",
            Role.LEDELSE,
            case.mediation_offered,
            required=False,
            blocked=parents,
            why="Should be considered at level 3." if case.level is Level.THREE else None,
        )
    missing = case.consent_missing_for_any()
    yield _item(
        "surroundings",
        step,
        "Håndter omgivelserne (klasse, skole, forældre) efter aftale",
        "Handle the surroundings (class, school, parents) as agreed with victim and parents",
        Role.KLASSETEAM,
        bool(case.surroundings_informed),
        required=False,
        blocked=parents or (f"Needs the recorded consent of {missing}." if missing else None),
    )


def _close(case: Case, items: list[ChecklistItem]) -> Iterator[ChecklistItem]:
    """Closing is offered once nothing is due; at level 4 only after a police report."""
    if case.level is None:
        return
    if case.level is Level.FOUR and not case.police_reports:
        blocked: str | None = "At level 4 a police report is required first."
    elif any(i.status is Status.DUE for i in items):
        blocked = "Steps are still due."
    else:
        blocked = None
    yield _item(
        "close",
        ActionStep.BEHANDL,
        "Afslut sagen med et udfald",
        "Close the case with an outcome",
        Role.LEDELSE,
        False,
        required=False,
        blocked=blocked,
    )
