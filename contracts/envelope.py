"""Fields every integration event carries, whatever its type."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, ConfigDict, Field

from domain.actors import Actor
from domain.actors import Role as DomainRole

ServiceName = Literal["school", "ssp", "police_liaison"]


class Role(StrEnum):
    """The roles that act on cases, as published in version 1.

    Owned by the contracts, not the domain: a role added to the domain (such as the
    auditor, who never acts on a case) must not change a published schema.
    """

    LEDELSE = "ledelse"
    RESSOURCEPERSON = "ressourceperson"
    KLASSETEAM = "klasseteam"
    SSP_KONSULENT = "ssp_konsulent"
    POLITI = "politi"


class ActorV1(BaseModel):
    """Who did it: recorded for the receiving agency's own history."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    person_id: str = Field(min_length=1, max_length=200)
    role: Role
    organisation: str = Field(min_length=1, max_length=200)

    @classmethod
    def of(cls, actor: Actor) -> ActorV1:
        return cls(
            person_id=actor.person_id, role=Role(actor.role.value), organisation=actor.organisation
        )

    def to_domain(self) -> Actor:
        return Actor(self.person_id, DomainRole(self.role.value), self.organisation)


class RoleV2(StrEnum):
    """Version 2 of the roles: the data protection officer, who erases cases, joins."""

    LEDELSE = "ledelse"
    RESSOURCEPERSON = "ressourceperson"
    KLASSETEAM = "klasseteam"
    SSP_KONSULENT = "ssp_konsulent"
    POLITI = "politi"
    DATABESKYTTELSE = "databeskyttelse"


class ActorV2(BaseModel):
    """Who did it, in events whose actor may be the data protection officer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    person_id: str = Field(min_length=1, max_length=200)
    role: RoleV2
    organisation: str = Field(min_length=1, max_length=200)

    @classmethod
    def of(cls, actor: Actor) -> ActorV2:
        return cls(
            person_id=actor.person_id,
            role=RoleV2(actor.role.value),
            organisation=actor.organisation,
        )

    def to_domain(self) -> Actor:
        return Actor(self.person_id, DomainRole(self.role.value), self.organisation)


class IntegrationEvent(BaseModel):
    """Base of all integration events.

    ``source`` and ``source_position`` name the upstream notification this event
    was made from; the receiver records that pair as its tracking record, which is
    what makes redelivery harmless.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: UUID
    source: ServiceName
    source_position: int = Field(ge=1, description="Notification id in the source store.")
    case_id: UUID
    occurred_at: datetime
    actor: ActorV1

    @staticmethod
    def make_event_id(source: str, source_position: int) -> UUID:
        """A stable id: the same upstream notification always yields the same event id."""
        return uuid5(NAMESPACE_URL, f"samspil:{source}:{source_position}")
