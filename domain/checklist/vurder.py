"""Vurder (assess) and Dokumenter (document): uncover, assess, involve; keep, note."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from domain.actors import Role
from domain.case import Case
from domain.case_facts import ActionStep, Spread
from domain.checklist.items import ChecklistItem, Status, Why, item, waiting
from domain.handling_model import Level

VURDER, DOKUMENTER = ActionStep.VURDER, ActionStep.DOKUMENTER
_WIDE_SPREAD = {Spread.GROUP_CHAT, Spread.SCHOOL_WIDE, Spread.PUBLIC_ONLINE, Spread.UNKNOWN}


def vurder(case: Case, today: date) -> Iterator[ChecklistItem]:
    yield item(
        "uncover",
        VURDER,
        (
            "Afdæk: hvem, hvad, hvor, hvor udbredt, alder",
            "Uncover who is involved, what happened, where, how far it spread, the victim's age",
        ),
        Role.RESSOURCEPERSON,
        case.facts,
        why=Why("Handl aldrig på formodninger.", "Never act on assumptions."),
    )
    yield item(
        "assess",
        VURDER,
        (
            "Vurder niveau, kontekst A/B og spor",
            "Assess the level, context A or B, and the track (police, underretning, pedagogical)",
        ),
        Role.LEDELSE,
        case.assessment,
    )
    if case.victim_is_minor:
        yield _involve_parents(case, today)
    else:
        yield item(
            "involve_chosen",
            VURDER,
            (
                "Aftal med den krænkede, hvem der inddrages",
                "Agree with the adult victim whom to involve",
            ),
            Role.RESSOURCEPERSON,
            case.adult_victim_choice,
        )
    if case.level is not None and case.level >= Level.TWO:
        yield _police_view(case)


def _involve_parents(case: Case, today: date) -> ChecklistItem:
    """A deferral is not an involvement: deferred until its date, then due again."""
    label = ("Involver forældrene hurtigst muligt", "Involve the parents as soon as possible")
    deferral = case.deferral
    if case.parents_informed is not None or deferral is None:
        return item("involve_parents", VURDER, label, Role.LEDELSE, case.parents_informed)
    by = deferral.reassess_by
    if by is not None and today >= by:
        return item(
            "involve_parents",
            VURDER,
            label,
            Role.LEDELSE,
            None,
            why=Why(
                f"Udsættelsen efter værdispringsreglen skulle vurderes igen senest {by:%d.%m.%Y}.",
                f"The value-jump deferral was to be reassessed by {by.isoformat()}.",
            ),
        )
    until = (
        Why(
            f"Udsat efter værdispringsreglen (Forvaltningsloven §28) til {by:%d.%m.%Y}.",
            f"Deferred under the value-jump rule (Forvaltningsloven §28) until {by.isoformat()}.",
        )
        if by
        else Why(
            "Udsat efter værdispringsreglen (Forvaltningsloven §28), uden dato for ny vurdering.",
            "Deferred under the value-jump rule (Forvaltningsloven §28), with no date set.",
        )
    )
    return ChecklistItem(
        "involve_parents",
        VURDER,
        *label,
        Role.LEDELSE,
        Status.DEFERRED,
        until,
        until=by,
    )


def _police_view(case: Case) -> ChecklistItem:
    """Done when the police acknowledged or decided; sent and unanswered is waiting."""
    assert case.level is not None
    label = (
        "Drøft sagen med politiets ressourceperson",
        "Ask the police resource person for a view",
    )
    answered = [c.acknowledged for c in case.police_contacts.values() if c.acknowledged]
    done = case.evidence_decision or (answered[0] if answered else None)
    must = case.level >= Level.THREE
    why = (
        Why(
            "På niveau 3 og 4 skal en politianmeldelse altid vurderes med politiets "
            "ressourceperson.",
            "At level 3 and 4 a police report must always be weighed with the police.",
        )
        if must
        else None
    )
    if done is None and case.police_contacts:
        sent = min(c.sent.at for c in case.police_contacts.values())
        return waiting(
            "police_view",
            VURDER,
            label,
            Role.RESSOURCEPERSON,
            sent,
            Why(
                "Sendt til politiet; ikke kvitteret endnu.",
                "Sent to the police; not yet acknowledged.",
            ),
        )
    return item("police_view", VURDER, label, Role.RESSOURCEPERSON, done, required=must, why=why)


def dokumenter(case: Case) -> Iterator[ChecklistItem]:
    yield item(
        "keep_evidence",
        DOKUMENTER,
        (
            "Hjælp med at gemme skærmbilleder, optagelser, beskeder og navne",
            "Help the victim or parents keep screenshots, recordings, messages and names",
        ),
        Role.RESSOURCEPERSON,
        case.evidence_documented,
        why=Why(
            "Kan ske før forældrene er inddraget. Professionelle ud over politiet må ikke selv "
            "gemme materialet.",
            "May come before the parents are involved. Professionals other than the police "
            "must not keep the material themselves.",
        ),
    )
    if len(case.involved) > 3 or case.spread in _WIDE_SPREAD:
        yield item(
            "logbook",
            DOKUMENTER,
            ("Før logbog: hvem, hvad, hvor, hvornår", "Keep a logbook: who, what, where, when"),
            Role.RESSOURCEPERSON,
            case.logbook,
            required=False,
        )
