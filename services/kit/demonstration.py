"""The demonstration professionals: the people ``samspil demo`` acts as, one per role and
organisation, whom the embedded default's consoles offer to sign in as.

They exist only with the local issuer, on loopback: a page that signs anyone in as anyone
must never face a network, and is never offered when an OpenID Connect provider is
configured.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.actors import SCHOOL_ROLES, Actor, Role
from domain.commands import Wording
from domain.geography import PoliceDistrict
from domain.vocabulary import label
from infra.settings import ServiceName


@dataclass(frozen=True)
class DemonstrationProfessional:
    key: str
    name: str
    title_da: str
    title_en: str
    role: Role
    organisation: str
    service: ServiceName

    @property
    def email(self) -> str:
        """Where the demonstration's mail to this person goes (the folder, by default)."""
        return f"{self.key}@demo.samspil.example"

    @property
    def actor(self) -> Actor:
        return Actor(self.key, self.role, self.organisation)

    @property
    def place(self) -> Wording:
        """Where the person works, as people say it: the institution, "Hjørring
        Kommune", "Nordjyllands Politi"."""
        if self.role is Role.POLITI:
            return label(PoliceDistrict(self.organisation))
        if self.role in SCHOOL_ROLES:
            return Wording(self.organisation, self.organisation)
        return Wording(f"{self.organisation} Kommune", f"{self.organisation} Municipality")


GYMNASIUM = "Hjørring Gymnasium og HF"

DEMONSTRATION_PROFESSIONALS: tuple[DemonstrationProfessional, ...] = (
    DemonstrationProfessional(
        "skoleleder-hanne", "Hanne", "ledelse", "management", Role.LEDELSE, GYMNASIUM, "school"
    ),
    DemonstrationProfessional(
        "studievejleder-mette",
        "Mette",
        "ressourceperson (studievejleder)",
        "resource person (student counsellor)",
        Role.RESSOURCEPERSON,
        GYMNASIUM,
        "school",
    ),
    DemonstrationProfessional(
        "klasselaerer-ida", "Ida", "klasseteam", "class team", Role.KLASSETEAM, GYMNASIUM, "school"
    ),
    DemonstrationProfessional(
        "dpo-karen",
        "Karen",
        "databeskyttelsesrådgiver",
        "data protection officer",
        Role.DATABESKYTTELSE,
        "Hjørring",
        "school",
    ),
    DemonstrationProfessional(
        "revisor-lis", "Lis", "revisor", "auditor", Role.AUDITOR, "Hjørring", "school"
    ),
    DemonstrationProfessional(
        "ssp-konsulent-lars",
        "Lars",
        "SSP-konsulent",
        "SSP consultant",
        Role.SSP_KONSULENT,
        "Hjørring",
        "ssp",
    ),
    DemonstrationProfessional(
        "forebyggelsesbetjent-jens",
        "Jens",
        "forebyggelsesbetjent",
        "police liaison officer",
        Role.POLITI,
        "nordjylland",
        "police_liaison",
    ),
)


def demonstration_professionals(service: ServiceName) -> tuple[DemonstrationProfessional, ...]:
    return tuple(p for p in DEMONSTRATION_PROFESSIONALS if p.service == service)


def demonstration_professional(key: str) -> DemonstrationProfessional | None:
    return next((p for p in DEMONSTRATION_PROFESSIONALS if p.key == key), None)
