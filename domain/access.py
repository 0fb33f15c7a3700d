"""Who may do what: the responsibility split of the action card (seed 004).

Management (ledelse) judges rule breaches and sanctions, contacts the parents of
those involved, decides what the rest of the school is told, supports a police
report and handles the press. Resource persons (ressourceperson) take
responsibility for the pupil. The class team (klasseteam) talks with the class
after agreement with management. Everyone at the school may report a case and
read their own institution's cases. The municipality's data protection officer
(databeskyttelse) may erase any case, and nothing else.
"""

from __future__ import annotations

from domain.actors import SCHOOL_ROLES, Actor, Role
from domain.case import Case
from domain.geography import PoliceDistrict

L, R, K = Role.LEDELSE, Role.RESSOURCEPERSON, Role.KLASSETEAM
STAFF = frozenset({L, R})

SCHOOL_COMMANDS: dict[str, frozenset[Role]] = {
    "report": SCHOOL_ROLES,
    "read": SCHOOL_ROLES,
    "facts": STAFF,
    "assessment": STAFF,
    "parents-informed": STAFF,
    "parents-not-yet-informed": frozenset({L}),
    "adult-victim-involvement": STAFF,
    "police-notifications": STAFF,
    "evidence": STAFF,
    "fingerprints": STAFF,
    "people": STAFF,
    "logbook": SCHOOL_ROLES,
    "offender-contacts": frozenset({L}),
    "deletion-requests": STAFF,
    "deletion-confirmations": STAFF,
    "takedown-requests": STAFF,
    "takedown-outcomes": STAFF,
    "datatilsynet-complaints": STAFF,
    "cooperation-requests": STAFF,
    "police-reports": frozenset({L}),
    "police-takeover": STAFF,
    "underretninger": frozenset({L}),
    "insurance-advice": STAFF,
    "ssp-sparring": STAFF,
    "referrals": STAFF,
    "conflict-mediation": STAFF,
    "consents": STAFF,
    "surroundings-informed": frozenset({L, K}),
    "press": frozenset({L}),
    "close": frozenset({L}),
    "reopen": frozenset({L}),
    "erasure": frozenset({L, Role.DATABESKYTTELSE}),
}
"""Each school command (named as its API path) and the roles that may give it."""


def same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def sees_case(actor: Actor, case: Case) -> bool:
    """School staff see their own institution's cases, and no one else's."""
    return actor.role in SCHOOL_ROLES and same_name(actor.organisation, case.institution)


def may(actor: Actor, command: str) -> bool:
    return actor.role in SCHOOL_COMMANDS[command]


def sees_municipality(actor: Actor, municipality: str) -> bool:
    return actor.role is Role.SSP_KONSULENT and same_name(actor.organisation, municipality)


def sees_district(actor: Actor, district: PoliceDistrict) -> bool:
    own = PoliceDistrict.of_organisation(actor.organisation)
    return actor.role is Role.POLITI and own is district


STATISTICS_READERS = frozenset(
    {Role.SSP_KONSULENT, Role.POLITI, Role.AUDITOR, Role.DATABESKYTTELSE}
)
"""Statistics are counts with small ones suppressed: for coordination and oversight."""


def may_read_statistics(actor: Actor) -> bool:
    return actor.role in STATISTICS_READERS
