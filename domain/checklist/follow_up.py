"""Anmeld (report) and Behandl (follow up): the police report, the underretning,
insurance; sparring, help to those concerned, the parents, the surroundings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from domain.actors import Role
from domain.case import Case
from domain.case_facts import ActionStep, Audience, Deed, HelpItem, Referral, Spread
from domain.checklist.items import PARENTS_FIRST, ChecklistItem, Why, item, waiting
from domain.handling_model import Context, Level, Track
from domain.help import CATALOGUE, Demand
from domain.offences import OffenceCategory

ANMELD, BEHANDL = ActionStep.ANMELD, ActionStep.BEHANDL


def help_items(case: Case, step: ActionStep) -> Iterator[ChecklistItem]:
    """The catalogue's help for this case's level, where it applies at all."""
    if case.level is None:
        return
    for help_ in CATALOGUE:
        demand = help_.demand(case)
        if help_.step is not step or demand is None:
            continue
        yield item(
            f"help:{help_.item.value}",
            step,
            help_.labels(case.level),
            help_.responsible,
            case.help.get(help_.item),
            required=demand is Demand.REQUIRED,
        )


def anmeld(case: Case) -> Iterator[ChecklistItem]:
    if case.level is None:
        yield from _underretning_receipt(case)  # sent before assessing: the law's clock runs
        return
    report_required = case.level is Level.FOUR or case.track is Track.POLICE_CASE
    if (
        report_required
        or case.level is Level.THREE
        or case.context is Context.B_THREATS_ABUSE_REVENGE
    ):
        yield item(
            "police_report",
            ANMELD,
            (
                "Politianmeldelse (som regel forældre/den krænkede, §264d)",
                "Police report (as a rule by the parents or victim, §264d)",
            ),
            Role.LEDELSE,
            case.police_reports[-1].recorded if case.police_reports else None,
            required=report_required,
            why=Why("Påkrævet på niveau 4.", "Required at level 4.")
            if case.level is Level.FOUR
            else None,
        )
    if case.track is Track.UNDERRETNING:
        yield item(
            "underretning",
            ANMELD,
            (
                "Send underretning til myndighedsafdelingen",
                "Send an underretning to the municipal authority",
            ),
            Role.LEDELSE,
            case.underretning,
        )
    yield from _underretning_receipt(case)
    yield item(
        "insurance",
        ANMELD,
        (
            "Anbefal at undersøge forsikringsdækning (psykolog, juridisk hjælp)",
            "Recommend checking insurance cover for psychologist or legal help",
        ),
        Role.RESSOURCEPERSON,
        case.insurance_advice,
        required=False,
        why=Why(
            "Gælder med og uden politianmeldelse.", "Relevant with or without a police report."
        ),
    )


_RECEIPT = (
    "Kvittering fra myndighedsafdelingen for underretningen",
    "The municipal authority's receipt for the underretning",
)


def _underretning_receipt(case: Case) -> Iterator[ChecklistItem]:
    """Once an underretning is sent: done only when the authority's case system recorded
    its receipt; until then it is asked of the authority, which must confirm within six
    working days."""
    sent = case.underretning
    if sent is None:
        return
    if case.underretning_receipt is not None:
        yield item(
            "underretning_receipt", ANMELD, _RECEIPT, Role.LEDELSE, case.underretning_receipt
        )
        return
    yield waiting(
        "underretning_receipt",
        ANMELD,
        _RECEIPT,
        Role.LEDELSE,
        sent.at,
        Why(
            "Kommunen skal kvittere inden 6 hverdage; dens sagssystem registrerer "
            "kvitteringen her. Mangler den, så ryk myndighedsafdelingen.",
            "The municipality must confirm receipt within 6 working days; its case system "
            "records the receipt here. If it is missing, chase the authority.",
        ),
    )


def _referred_to(case: Case, *to: Referral) -> Deed | None:
    return next((case.referrals[r] for r in to if r in case.referrals), None)


def behandl(case: Case, today: date) -> Iterator[ChecklistItem]:
    if case.level is None:
        return
    parents = None if case.parents_involved else PARENTS_FIRST
    yield item(
        "ssp_sparring",
        BEHANDL,
        ("Sparring med SSP-konsulenten", "Sparring with the SSP consultant"),
        Role.SSP_KONSULENT,
        case.sparring,
        required=False,
    )
    yield from help_items(case, BEHANDL)
    yield item(
        "referral",
        BEHANDL,
        (
            "Vurder om de berørte har brug for hjælp ud over skolens (SletDet, Cyberhus, "
            "Børnetelefonen …)",
            "Consider whether those concerned need help beyond the school's (SletDet, "
            "Cyberhus, Børnetelefonen …)",
        ),
        Role.RESSOURCEPERSON,
        next(iter(case.referrals.values()), None),
        required=False,
    )
    if case.level is Level.FOUR:
        yield item(
            "psychologist_and_lawyer",
            BEHANDL,
            (
                "Overvej psykolog og advokat til den krænkede",
                "Consider a psychologist and a lawyer for the victim",
            ),
            Role.RESSOURCEPERSON,
            _referred_to(case, Referral.PSYCHOLOGIST, Referral.LAWYER),
            required=False,
            blocked=parents,
        )
    if case.offence_category is OffenceCategory.SEXTORTION:
        yield item(
            "extortion_hotline",
            BEHANDL,
            (
                "Henvis til Red Barnets hotline ((+45) 35 36 55 55) eller Sikkerchat "
                "((+45) 29 27 01 01)",
                "Refer to Red Barnet's hotline ((+45) 35 36 55 55) or Sikkerchat "
                "((+45) 29 27 01 01)",
            ),
            Role.RESSOURCEPERSON,
            _referred_to(case, Referral.RED_BARNET_HOTLINE, Referral.SIKKERCHAT),
            required=False,
            why=Why("Eleven kan være anonym.", "The pupil may stay anonymous."),
        )
    if case.offender_known and case.level >= Level.TWO:
        should = case.level is Level.THREE
        yield item(
            "conflict_mediation",
            BEHANDL,
            ("Overvej konfliktmægling", "Consider conflict mediation"),
            Role.LEDELSE,
            case.mediation,
            required=should,
            blocked=parents,
            why=Why("Bør overvejes på niveau 3.", "Should be considered at level 3.")
            if should
            else Why("Kan overvejes.", "May be considered."),
        )
    if case.victim_is_minor:
        yield from _parent_updates(case, today)
    yield from _surroundings(case, parents)
    if case.spread in (Spread.SCHOOL_WIDE, Spread.PUBLIC_ONLINE):
        yield item(
            "press",
            BEHANDL,
            ("Aftal hvordan skolen håndterer pressen", "Agree how the school handles the press"),
            Role.LEDELSE,
            case.press,
            required=False,
        )


def _parent_updates(case: Case, today: date) -> Iterator[ChecklistItem]:
    """Seed 004: agree how often school and home update each other, and keep to it."""
    blocked = (
        None
        if case.parents_informed
        else Why("Forældrene er endnu ikke informeret.", "The parents are not yet informed.")
    )
    yield item(
        "parent_updates_agreed",
        BEHANDL,
        (
            "Aftal med forældrene, hvor ofte skole og hjem holder hinanden opdateret",
            "Agree with the parents how often school and home update each other",
        ),
        Role.RESSOURCEPERSON,
        case.parent_updates_agreed,
        blocked=blocked,
    )
    every = case.parent_updates_every_days
    last = case.parents_updated or case.parent_updates_agreed
    if every is None or last is None:
        return
    next_by = last.at.date() + timedelta(days=every)
    label = (
        f"Hold forældrene opdateret (hver {every}. dag)",
        f"Keep the parents updated (every {every} days)",
    )
    if today >= next_by:
        yield item(
            "parents_updated",
            BEHANDL,
            label,
            Role.RESSOURCEPERSON,
            None,
            why=Why(
                f"Næste opdatering skulle ske senest {next_by:%d.%m.%Y}.",
                f"The next update was due by {next_by.isoformat()}.",
            ),
        )
    else:
        yield item(
            "parents_updated",
            BEHANDL,
            label,
            Role.RESSOURCEPERSON,
            last,
            why=Why(f"Næste gang senest {next_by:%d.%m.%Y}.", f"Next by {next_by.isoformat()}."),
        )


def _surroundings(case: Case, parents: Why | None) -> Iterator[ChecklistItem]:
    def consent_block(audience: Audience) -> Why | None:
        missing = case.consent_missing_for(audience)
        if parents or not missing:
            return parents
        whose_da = " og ".join(
            {"the victim": "den krænkede", "the parents": "forældrene"}[m] for m in missing
        )
        return Why(
            f"Kræver samtykke fra {whose_da}.",
            f"Needs the recorded consent of {' and '.join(missing)}.",
        )

    agreed = case.help.get(HelpItem.CLASS_TALK_AGREED)
    yield item(
        "class_talk",
        BEHANDL,
        (
            "Klasseteamet taler med klassen om det skete (efter aftale med ledelsen; husk "
            "tavshedspligten)",
            "The class team talks with the class about what happened (after agreement with "
            "management; mind confidentiality)",
        ),
        Role.KLASSETEAM,
        case.surroundings_informed.get(Audience.CLASS),
        required=False,
        blocked=consent_block(Audience.CLASS)
        or (
            None
            if agreed
            else Why("Venter på ledelsens aftale.", "Waits for management's agreement.")
        ),
    )
    others = [
        case.surroundings_informed[a]
        for a in (Audience.SCHOOL, Audience.OTHER_PARENTS)
        if a in case.surroundings_informed
    ]
    yield item(
        "surroundings",
        BEHANDL,
        (
            "Vurder med den krænkede og forældrene, om skolen og andre forældre orienteres",
            "Decide with the victim and parents whether the school and other parents are told",
        ),
        Role.LEDELSE,
        others[0] if others else None,
        required=False,
        blocked=consent_block(Audience.SCHOOL),
    )
