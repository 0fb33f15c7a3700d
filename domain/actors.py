"""Who acts on a case: a person, in a role, for an organisation."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The parties of the action card, named as in the seeds."""

    LEDELSE = "ledelse"
    """Management (rektor, skoleleder)."""
    RESSOURCEPERSON = "ressourceperson"
    """Teacher, pedagogue, studievejleder or ungevejleder responsible for the pupil."""
    KLASSETEAM = "klasseteam"
    """The class team, after agreement with management."""
    SSP_KONSULENT = "ssp_konsulent"
    """The municipality's SSP- og ungdomskonsulent."""
    POLITI = "politi"
    """The police liaison (SSP-politi, forebyggelsesbetjent)."""
    DATABESKYTTELSE = "databeskyttelse"
    """The municipality's data protection officer: runs retention and erasure."""
    AUDITOR = "auditor"
    """Reads audit exports (e.g. for a data protection authority), nothing else."""
    SAGSSYSTEM = "sagssystem"
    """The municipal authority's case system, recording what the authority did (its
    receipt of an underretning). Never a person: no one signs in in this role."""
    TJENESTE = "tjeneste"
    """Another Samspil deployment (an SSP or police system) that was handed, or refused,
    a case's key: the audit names it as the one who asked. Never a person."""

    @property
    def label_da(self) -> str:
        """The role as Danish professionals call it ("ressourceperson", "SSP-konsulent")."""
        return _LABELS_DA[self]

    @property
    def label_en(self) -> str:
        return _LABELS_EN[self]


_LABELS_DA = {
    Role.LEDELSE: "ledelse",
    Role.RESSOURCEPERSON: "ressourceperson",
    Role.KLASSETEAM: "klasseteam",
    Role.SSP_KONSULENT: "SSP-konsulent",
    Role.POLITI: "SSP-politi",
    Role.DATABESKYTTELSE: "databeskyttelsesrådgiver",
    Role.AUDITOR: "revisor",
    Role.SAGSSYSTEM: "kommunens sagssystem",
    Role.TJENESTE: "anden Samspil-tjeneste",
}
_LABELS_EN = {
    Role.LEDELSE: "management",
    Role.RESSOURCEPERSON: "resource person",
    Role.KLASSETEAM: "class team",
    Role.SSP_KONSULENT: "SSP consultant",
    Role.POLITI: "police liaison",
    Role.DATABESKYTTELSE: "data protection officer",
    Role.AUDITOR: "auditor",
    Role.SAGSSYSTEM: "the municipality's case system",
    Role.TJENESTE: "another Samspil deployment",
}


SCHOOL_ROLES = frozenset({Role.LEDELSE, Role.RESSOURCEPERSON, Role.KLASSETEAM})
PROFESSIONAL_ROLES = frozenset(r for r in Role if r not in (Role.SAGSSYSTEM, Role.TJENESTE))
"""The roles a person signs in with; a system's role is never accepted from a token."""


@dataclass(frozen=True)
class Actor:
    """The person behind an event; recorded on every event for the audit history."""

    person_id: str
    role: Role
    organisation: str

    @classmethod
    def case_system(cls, municipality: str) -> Actor:
        """The municipality's case system, as the actor of what it records."""
        return cls(f"sagssystem:{municipality}", Role.SAGSSYSTEM, municipality)

    @classmethod
    def deployment(cls, deployment: str) -> Actor:
        """Another deployment, as the actor of asking for a case's key."""
        return cls(f"tjeneste:{deployment}", Role.TJENESTE, deployment)
