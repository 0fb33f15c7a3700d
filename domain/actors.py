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


SCHOOL_ROLES = frozenset({Role.LEDELSE, Role.RESSOURCEPERSON, Role.KLASSETEAM})


@dataclass(frozen=True)
class Actor:
    """The person behind an event; recorded on every event for the audit history."""

    person_id: str
    role: Role
    organisation: str
