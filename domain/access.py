"""Who may do what: the responsibility split of the action card (seed 004).

Management (ledelse) judges rule breaches and sanctions, contacts the parents of
those involved, decides what the rest of the school is told, supports a police
report and handles the press. Resource persons (ressourceperson) take
responsibility for the pupil. The class team (klasseteam) talks with the class
after agreement with management. Everyone at the school may report a case and
read their own institution's cases. The municipality's data protection officer
(databeskyttelse) may erase its municipality's cases, and nothing else; an auditor reads
the audit export of its own institution's or municipality's cases, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.actors import SCHOOL_ROLES, Actor, Role
from domain.case import Case
from domain.commands import SchoolCommand
from domain.commands import SchoolCommand as C
from domain.geography import PoliceDistrict

L, R, K = Role.LEDELSE, Role.RESSOURCEPERSON, Role.KLASSETEAM
STAFF = frozenset({L, R})

SCHOOL_COMMANDS: dict[SchoolCommand, frozenset[Role]] = {
    C.REPORT: SCHOOL_ROLES,
    C.READ: SCHOOL_ROLES,
    C.FACTS: STAFF,
    C.ASSESSMENT: STAFF,
    C.PARENTS_INFORMED: STAFF,
    C.PARENTS_NOT_YET_INFORMED: frozenset({L}),
    C.ADULT_VICTIM_INVOLVEMENT: STAFF,
    C.POLICE_NOTIFICATIONS: STAFF,
    C.EVIDENCE: STAFF,
    C.FINGERPRINTS: STAFF,
    C.PEOPLE: STAFF,
    C.LOGBOOK: SCHOOL_ROLES,
    C.OFFENDER_CONTACTS: frozenset({L}),
    C.DELETION_REQUESTS: STAFF,
    C.DELETION_CONFIRMATIONS: STAFF,
    C.TAKEDOWN_REQUESTS: STAFF,
    C.TAKEDOWN_OUTCOMES: STAFF,
    C.DATATILSYNET_COMPLAINTS: STAFF,
    C.COOPERATION_REQUESTS: STAFF,
    C.POLICE_REPORTS: frozenset({L}),
    C.POLICE_TAKEOVER: STAFF,
    C.UNDERRETNINGER: frozenset({L}),
    C.INSURANCE_ADVICE: STAFF,
    C.SSP_SPARRING: STAFF,
    C.REFERRALS: STAFF,
    C.CONFLICT_MEDIATION: STAFF,
    C.CONSENTS: STAFF,
    C.SURROUNDINGS_INFORMED: frozenset({L, K}),
    C.PRESS: frozenset({L}),
    C.DATATILSYNET_DECISIONS: STAFF,
    C.HELP: STAFF,
    C.PARENT_UPDATES_AGREEMENT: STAFF,
    C.PARENT_UPDATES: STAFF,
    C.CLOSE: frozenset({L}),
    C.REOPEN: frozenset({L}),
    C.ASSIGNMENTS: STAFF,
    C.ERASURE: frozenset({L, Role.DATABESKYTTELSE}),
}
"""Each school command and the roles that may give it."""


class CaseDetail(StrEnum):
    """What, inside the school, only those whose tasks need it see (need-to-know)."""

    VALUE_JUMP_REASON = "value_jump_reason"
    """Why the parents are not told, and why a step could not wait for them."""
    PEOPLE = "people"
    """The facts about the people involved: who, what happened to them, where."""
    LOGBOOK = "logbook"


NEED_TO_KNOW: dict[CaseDetail, frozenset[Role]] = {
    CaseDetail.VALUE_JUMP_REASON: STAFF,
    CaseDetail.PEOPLE: STAFF,
    CaseDetail.LOGBOOK: STAFF,
}
"""Management and the resource person carry the case; the class team talks with the
class, which needs none of these (seed 004's split of tasks)."""

RESTRICTED_FIELDS: dict[type[Case.Event], dict[str, CaseDetail]] = {
    Case.ParentsNotYetInformed: {"reason": CaseDetail.VALUE_JUMP_REASON},
    Case.FactsUncovered: {
        "involved": CaseDetail.PEOPLE,
        "what_happened": CaseDetail.PEOPLE,
        "where": CaseDetail.PEOPLE,
        "victim_age": CaseDetail.PEOPLE,
    },
    Case.PersonNamed: {"pseudonym": CaseDetail.PEOPLE},
    Case.AdultVictimChoseInvolvement: {"involved": CaseDetail.PEOPLE},
    Case.DeletionRequested: {
        "from_whom": CaseDetail.PEOPLE,
        "before_parents_because": CaseDetail.VALUE_JUMP_REASON,
    },
    Case.KnownOffenderContacted: {"before_parents_because": CaseDetail.VALUE_JUMP_REASON},
    Case.TakedownRequested: {"before_parents_because": CaseDetail.VALUE_JUMP_REASON},
    Case.UnderretningSent: {"reason": CaseDetail.VALUE_JUMP_REASON},
    Case.LogbookEntryAdded: {
        "who": CaseDetail.LOGBOOK,
        "what": CaseDetail.LOGBOOK,
        "where": CaseDetail.LOGBOOK,
        "when": CaseDetail.LOGBOOK,
    },
}
"""The fields of the case's history each detail covers."""


def sees_detail(actor: Actor, detail: CaseDetail) -> bool:
    return actor.role in NEED_TO_KNOW[detail]


def hidden_fields(actor: Actor, event_class: type) -> frozenset[str]:
    """The fields of an event of ``event_class`` that ``actor`` may not read."""
    restricted = next(
        (fields for kind, fields in RESTRICTED_FIELDS.items() if issubclass(event_class, kind)),
        {},
    )
    return frozenset(f for f, detail in restricted.items() if not sees_detail(actor, detail))


class Scope(StrEnum):
    """The kinds of organisation a professional acts for."""

    INSTITUTION = "institution"
    MUNICIPALITY = "municipality"
    POLICE_DISTRICT = "police-district"


@dataclass(frozen=True)
class Organisation:
    """An organisation, normalised so that spellings of one name compare equal."""

    scope: Scope
    name: str

    @classmethod
    def institution(cls, name: str) -> Organisation:
        return cls(Scope.INSTITUTION, name.strip().casefold())

    @classmethod
    def municipality(cls, name: str) -> Organisation:
        """"Hjørring" and "Hjørring Kommune" are one municipality."""
        normalised = name.strip().casefold()
        normalised = normalised.removesuffix(" kommune").removesuffix(" kommunes").strip()
        return cls(Scope.MUNICIPALITY, normalised)

    @classmethod
    def police_district(cls, district: PoliceDistrict) -> Organisation:
        return cls(Scope.POLICE_DISTRICT, district.value)

    def __str__(self) -> str:
        return f"{self.scope.value}:{self.name}"


def acts_for(actor: Actor) -> frozenset[Organisation]:
    """The organisations whose records an actor's token lets them look into.

    School staff act for their institution; SSP consultants and the data protection
    officer for their municipality; a police liaison for their district; an auditor for
    the institution or municipality their token names.
    """
    org = actor.organisation
    if actor.role in SCHOOL_ROLES:
        return frozenset({Organisation.institution(org)})
    if actor.role in (Role.SSP_KONSULENT, Role.DATABESKYTTELSE):
        return frozenset({Organisation.municipality(org)})
    if actor.role is Role.AUDITOR:
        return frozenset({Organisation.institution(org), Organisation.municipality(org)})
    district = PoliceDistrict.of_organisation(org)
    return frozenset({Organisation.police_district(district)}) if district else frozenset()


def case_organisations(case: Case) -> frozenset[Organisation]:
    """Whose a school case is: its institution's, and its municipality's."""
    return frozenset(
        {Organisation.institution(case.institution), Organisation.municipality(case.municipality)}
    )


SCHOOL_RECORD_READERS = frozenset({*SCHOOL_ROLES, Role.DATABESKYTTELSE, Role.AUDITOR})
"""Who may learn that a school case exists, when it is their organisation's."""


def sees_case(actor: Actor, case: Case) -> bool:
    """School staff see their own institution's cases; the data protection officer and
    the auditor of the case's municipality (or, for an auditor, institution) see that it
    exists; no one else learns of it."""
    return sees_any(actor, case_organisations(case))


def sees_any(actor: Actor, organisations: frozenset[Organisation]) -> bool:
    """Whether any of ``organisations`` is one the actor acts for, in a role that reads
    school records (used for live cases and, by digest, for erased ones)."""
    return actor.role in SCHOOL_RECORD_READERS and bool(acts_for(actor) & organisations)


def records_receipt_for(actor: Actor, case: Case) -> bool:
    """Only the case's own municipality's case system records the authority's receipt
    of the case's underretning; to any other, the case does not exist."""
    return actor.role is Role.SAGSSYSTEM and Organisation.municipality(
        actor.organisation
    ) == Organisation.municipality(case.municipality)


def may(actor: Actor, command: SchoolCommand) -> bool:
    return actor.role in SCHOOL_COMMANDS[command]


def may_read_audit_export(actor: Actor) -> bool:
    """Auditors read a case's chronology of deeds and reads, and nothing else."""
    return actor.role is Role.AUDITOR


def sees_municipality(actor: Actor, municipality: str) -> bool:
    return actor.role is Role.SSP_KONSULENT and (
        Organisation.municipality(municipality) in acts_for(actor)
    )


def sees_district(actor: Actor, district: PoliceDistrict) -> bool:
    return actor.role is Role.POLITI and Organisation.police_district(district) in acts_for(actor)


STATISTICS_READERS = frozenset(
    {Role.SSP_KONSULENT, Role.POLITI, Role.AUDITOR, Role.DATABESKYTTELSE}
)
"""Statistics are counts with small ones suppressed: for coordination and oversight."""


def may_read_statistics(actor: Actor) -> bool:
    return actor.role in STATISTICS_READERS
