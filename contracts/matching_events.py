"""What SSP deployments and the content-blind matching deployment tell each other.

An SSP deployment offers matching what matching needs of a case (``MaterialOffered``:
fingerprints, municipality, district, a digest of the school keyed by that SSP, level,
whether the police are involved), and withdraws it when the case is erased. Matching
tells each SSP of its own cases in an incident that spans other SSPs, and how far the
incident reaches (``NationalMatch``): counts and the other municipalities and
districts, never another municipality's case. See ``domain.matching``.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.case_events import FingerprintV1
from contracts.deployments import DeploymentId
from contracts.envelope import IntegrationEvent
from domain.geography import PoliceDistrict


class MaterialOfferedV1(IntegrationEvent):
    """An SSP deployment's case, as matching needs it; offered again when it changes."""

    event_type: Literal["MaterialOffered"] = "MaterialOffered"
    schema_version: Literal[1] = 1
    published_by: DeploymentId = Field(description="The offering SSP deployment.")
    municipality: str = Field(min_length=1, max_length=120)
    police_district: PoliceDistrict
    school: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="The school, keyed by the offering SSP."
    )
    level: int | None = Field(None, ge=1, le=4)
    police_involved: bool = Field(description="Notified, or a police report filed.")
    fingerprints: list[FingerprintV1] = Field(min_length=1, max_length=50)


class MaterialWithdrawnV1(IntegrationEvent):
    """The case was erased at the SSP deployment: matching forgets it."""

    event_type: Literal["MaterialWithdrawn"] = "MaterialWithdrawn"
    schema_version: Literal[1] = 1
    published_by: DeploymentId = Field(description="The withdrawing SSP deployment.")


class DistrictCasesV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    police_district: PoliceDistrict
    cases: int = Field(ge=1)


class NationalMatchV1(IntegrationEvent):
    """To one SSP deployment: its cases (``cases``; ``case_id`` is the first, whose key
    the message is under) in an incident, and how far the incident reaches."""

    event_type: Literal["NationalMatch"] = "NationalMatch"
    schema_version: Literal[1] = 1
    source: Literal["matching"] = "matching"  # type: ignore[assignment]
    incident_id: UUID
    cases: list[UUID] = Field(max_length=10_000, description="Its own cases in the incident.")
    cases_total: int = Field(ge=0)
    schools: int = Field(ge=0)
    municipalities: list[str] = Field(max_length=98)
    police_districts: list[DistrictCasesV1] = Field(max_length=12)
    highest_level: int | None = Field(None, ge=1, le=4)
    serious: bool = Field(description="A case is at level 3 or higher, or with the police.")
