"""The school's commands by name, and how a refusal of one reads to a professional.

Each ``SchoolCommand``'s value is its API path and its key in ``SCHOOL_COMMANDS``
(``domain.access``); a StrEnum member equals its string, so either can be used as the
key. Labels are infinitive phrases in the terms of the action card (seed 004), so that a
refusal reads as a teacher would say it: "Som ressourceperson kan du ikke registrere en
politianmeldelse. Det gør ledelsen."
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from domain.actors import Role


@dataclass(frozen=True)
class Wording:
    """One thing said in Danish and in English."""

    da: str
    en: str


class SchoolCommand(StrEnum):
    """What school staff can record on a case, named as its API path."""

    REPORT = "report"
    READ = "read"
    FACTS = "facts"
    ASSESSMENT = "assessment"
    PARENTS_INFORMED = "parents-informed"
    PARENTS_NOT_YET_INFORMED = "parents-not-yet-informed"
    ADULT_VICTIM_INVOLVEMENT = "adult-victim-involvement"
    POLICE_NOTIFICATIONS = "police-notifications"
    EVIDENCE = "evidence"
    FINGERPRINTS = "fingerprints"
    PEOPLE = "people"
    LOGBOOK = "logbook"
    OFFENDER_CONTACTS = "offender-contacts"
    DELETION_REQUESTS = "deletion-requests"
    DELETION_CONFIRMATIONS = "deletion-confirmations"
    TAKEDOWN_REQUESTS = "takedown-requests"
    TAKEDOWN_OUTCOMES = "takedown-outcomes"
    DATATILSYNET_COMPLAINTS = "datatilsynet-complaints"
    COOPERATION_REQUESTS = "cooperation-requests"
    POLICE_REPORTS = "police-reports"
    POLICE_TAKEOVER = "police-takeover"
    UNDERRETNINGER = "underretninger"
    INSURANCE_ADVICE = "insurance-advice"
    SSP_SPARRING = "ssp-sparring"
    REFERRALS = "referrals"
    CONFLICT_MEDIATION = "conflict-mediation"
    CONSENTS = "consents"
    SURROUNDINGS_INFORMED = "surroundings-informed"
    PRESS = "press"
    DATATILSYNET_DECISIONS = "datatilsynet-decisions"
    HELP = "help"
    PARENT_UPDATES_AGREEMENT = "parent-updates-agreement"
    PARENT_UPDATES = "parent-updates"
    CLOSE = "close"
    REOPEN = "reopen"
    ASSIGNMENTS = "assignments"
    ERASURE = "erasure"

    @property
    def label_da(self) -> str:
        """What the command does, as an infinitive: "registrere en politianmeldelse"."""
        return _SCHOOL_LABELS[self].da

    @property
    def label_en(self) -> str:
        """What the command does, as an infinitive: "record a police report"."""
        return _SCHOOL_LABELS[self].en


_SCHOOL_LABELS: dict[SchoolCommand, Wording] = {
    SchoolCommand.REPORT: Wording("oprette en sag", "report a case"),
    SchoolCommand.READ: Wording("læse sagen", "read the case"),
    SchoolCommand.FACTS: Wording(
        "registrere, hvad der er afdækket", "record what has been uncovered"
    ),
    SchoolCommand.ASSESSMENT: Wording(
        "vurdere sagen (niveau, kontekst og spor)", "assess the case (level, context and track)"
    ),
    SchoolCommand.PARENTS_INFORMED: Wording(
        "registrere, at forældrene er informeret", "record that the parents are informed"
    ),
    SchoolCommand.PARENTS_NOT_YET_INFORMED: Wording(
        "udskyde inddragelsen af forældrene efter værdispringsreglen",
        "defer involving the parents under the value-jump rule (værdispringsreglen)",
    ),
    SchoolCommand.ADULT_VICTIM_INVOLVEMENT: Wording(
        "registrere, hvem den myndige krænkede vil inddrage",
        "record whom the adult victim wants involved",
    ),
    SchoolCommand.POLICE_NOTIFICATIONS: Wording(
        "orientere politiets SSP-kontakt om sagen", "notify the police liaison of the case"
    ),
    SchoolCommand.EVIDENCE: Wording(
        "registrere, hvilken dokumentation der findes, og hvem der har den",
        "record what evidence exists and who keeps it",
    ),
    SchoolCommand.FINGERPRINTS: Wording(
        "registrere materialets fingeraftryk", "record the material's fingerprints"
    ),
    SchoolCommand.PEOPLE: Wording("registrere en involveret person", "record a person involved"),
    SchoolCommand.LOGBOOK: Wording("skrive i sagens logbog", "write in the case's logbook"),
    SchoolCommand.OFFENDER_CONTACTS: Wording(
        "registrere kontakten til krænkeren", "record the contact with the offender"
    ),
    SchoolCommand.DELETION_REQUESTS: Wording(
        "registrere en anmodning om sletning", "record a request for deletion"
    ),
    SchoolCommand.DELETION_CONFIRMATIONS: Wording(
        "bekræfte, at materialet er slettet", "confirm that the material was deleted"
    ),
    SchoolCommand.TAKEDOWN_REQUESTS: Wording(
        "bede en platform om at fjerne materialet", "ask a platform to take the material down"
    ),
    SchoolCommand.TAKEDOWN_OUTCOMES: Wording(
        "registrere platformens svar", "record the platform's answer"
    ),
    SchoolCommand.DATATILSYNET_COMPLAINTS: Wording(
        "registrere en klage til Datatilsynet", "record a complaint to Datatilsynet"
    ),
    SchoolCommand.COOPERATION_REQUESTS: Wording(
        "bede om samarbejde med andre skoler via SSP",
        "ask for cooperation with other schools through SSP",
    ),
    SchoolCommand.POLICE_REPORTS: Wording(
        "registrere en politianmeldelse", "record a police report"
    ),
    SchoolCommand.POLICE_TAKEOVER: Wording(
        "registrere, at politiet har overtaget sagen", "record that the police took over"
    ),
    SchoolCommand.UNDERRETNINGER: Wording(
        "registrere en underretning til myndighedsafdelingen",
        "record an underretning to the municipal authority",
    ),
    SchoolCommand.INSURANCE_ADVICE: Wording(
        "registrere, at der er rådgivet om forsikring", "record that insurance advice was given"
    ),
    SchoolCommand.SSP_SPARRING: Wording(
        "registrere sparring med SSP-konsulenten", "record sparring with the SSP consultant"
    ),
    SchoolCommand.REFERRALS: Wording(
        "henvise de berørte til hjælp", "refer those concerned to further help"
    ),
    SchoolCommand.CONFLICT_MEDIATION: Wording(
        "registrere, at der er tilbudt konfliktmægling", "record that mediation was offered"
    ),
    SchoolCommand.CONSENTS: Wording(
        "registrere samtykke til at orientere omgivelserne",
        "record consent to tell the surroundings",
    ),
    SchoolCommand.SURROUNDINGS_INFORMED: Wording(
        "registrere, at klassen, skolen eller andre forældre er orienteret",
        "record that the class, the school or other parents were told",
    ),
    SchoolCommand.PRESS: Wording(
        "registrere, hvordan pressen er håndteret", "record how the press was handled"
    ),
    SchoolCommand.DATATILSYNET_DECISIONS: Wording(
        "registrere Datatilsynets afgørelse", "record Datatilsynet's decision"
    ),
    SchoolCommand.HELP: Wording(
        "registrere hjælp til de berørte", "record help given to those concerned"
    ),
    SchoolCommand.PARENT_UPDATES_AGREEMENT: Wording(
        "aftale med forældrene, hvor ofte I opdaterer hinanden",
        "agree with the parents how often you update each other",
    ),
    SchoolCommand.PARENT_UPDATES: Wording(
        "registrere, at forældrene er opdateret", "record that the parents were updated"
    ),
    SchoolCommand.CLOSE: Wording("afslutte sagen", "close the case"),
    SchoolCommand.REOPEN: Wording("genåbne sagen", "reopen the case"),
    SchoolCommand.ASSIGNMENTS: Wording(
        "tildele punktet til en navngiven kollega", "assign the item to a named colleague"
    ),
    SchoolCommand.ERASURE: Wording("slette sagen", "erase the case"),
}


class OversightAction(StrEnum):
    """Actions of oversight that are refused by role, named as ``check_access`` names them
    (statistics are read "by" a grouping, so an action is matched by its beginning)."""

    READ_STATISTICS = "read statistics"
    RUN_RETENTION = "run retention"
    AUDIT_EXPORT = "audit export"
    HAND_CASE_KEY = "hand case key"
    """Another deployment asked for the case's transport key: granted or refused, audited."""


_OVERSIGHT_LABELS: dict[OversightAction, Wording] = {
    OversightAction.READ_STATISTICS: Wording("læse statistikken", "read the statistics"),
    OversightAction.RUN_RETENTION: Wording(
        "slette de sager, hvis opbevaringsperiode er udløbet",
        "erase the cases whose retention period has ended",
    ),
    OversightAction.AUDIT_EXPORT: Wording(
        "hente sagens revisionsspor", "export the case's audit trail"
    ),
    OversightAction.HAND_CASE_KEY: Wording(
        "få udleveret sagens nøgle", "be handed the case's key"
    ),
}

_AS_ROLE_DA: dict[Role, str] = {
    Role.LEDELSE: "Som en del af ledelsen",
    Role.RESSOURCEPERSON: "Som ressourceperson",
    Role.KLASSETEAM: "Som en del af klasseteamet",
    Role.SSP_KONSULENT: "Som SSP-konsulent",
    Role.POLITI: "Som SSP-politi",
    Role.DATABESKYTTELSE: "Som databeskyttelsesrådgiver",
    Role.AUDITOR: "Som revisor",
    Role.SAGSSYSTEM: "Som kommunens sagssystem",
    Role.TJENESTE: "Som anden Samspil-tjeneste",
}
_THE_ROLE: dict[Role, Wording] = {
    Role.LEDELSE: Wording("ledelsen", "management"),
    Role.RESSOURCEPERSON: Wording("ressourcepersonen", "the resource person"),
    Role.KLASSETEAM: Wording("klasseteamet", "the class team"),
    Role.SSP_KONSULENT: Wording("SSP-konsulenten", "the SSP consultant"),
    Role.POLITI: Wording("politiet", "the police liaison"),
    Role.DATABESKYTTELSE: Wording("databeskyttelsesrådgiveren", "the data protection officer"),
    Role.AUDITOR: Wording("revisoren", "the auditor"),
    Role.SAGSSYSTEM: Wording("kommunens sagssystem", "the municipality's case system"),
    Role.TJENESTE: Wording("den anden Samspil-tjeneste", "the other Samspil deployment"),
}


def label_of(action: str) -> Wording | None:
    """What an action does, if it is one Samspil names (a school command or oversight)."""
    try:
        return _SCHOOL_LABELS[SchoolCommand(action)]
    except ValueError:
        pass
    for oversight, wording in _OVERSIGHT_LABELS.items():
        if action.startswith(oversight.value):
            return wording
    return None


def listed(items: list[str], conjunction: str) -> str:
    """"a, b og c" (or "a, b or c"): items as a sentence names them."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def role_refusal(role: Role, action: str, who_may: Iterable[Role] = ()) -> Wording:
    """Why ``role`` may not do ``action``, and who does it instead (``who_may``, if known)."""
    label = label_of(action) or Wording("gøre dette", action)
    allowed = [r for r in Role if r in set(who_may) and r is not role]
    da = f"{_AS_ROLE_DA[role]} kan du ikke {label.da}."
    en = f"In Samspil, the role {role.value} ({role.label_en}) may not {label.en}."
    if allowed:
        da += f" Det gør {listed([_THE_ROLE[r].da for r in allowed], 'eller')}."
        named = [f"{_THE_ROLE[r].en} ({r.value})" for r in allowed]
        en += f" This is done by {listed(named, 'or')}."
    return Wording(da, en)


def own_institution_only(organisation: str) -> Wording:
    """Why a case may not be reported: only for one's own school, by its staff."""
    return Wording(
        f"Du kan kun oprette sager for din egen institution ({organisation}), og kun som "
        "ledelse, ressourceperson eller klasseteam.",
        f"{organisation} can report cases of its own institution only, by management, "
        "a resource person or the class team.",
    )
