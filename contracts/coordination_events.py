"""What SSP tells schools and the police liaison: linked cases, and SSP's advice.

A school learns that its case is linked and how widely (counts), never the other
schools' cases; the police liaison of each involved district learns of the cluster
once it is serious (level 3, or the police already notified). A school also learns
that the SSP consultant gave advice on its case (who and when), which is the action
card's "Sparring med SSP-konsulenten"; SSP's note stays with SSP.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from contracts.deployments import DeploymentId
from contracts.envelope import IntegrationEvent
from domain.geography import PoliceDistrict


class CaseLinkedV1(IntegrationEvent):
    """SSP found the same material in other cases; ``case_id`` is the school's own case."""

    event_type: Literal["CaseLinked"] = "CaseLinked"
    schema_version: Literal[1] = 1
    cluster_id: UUID
    schools: int = Field(ge=1, description="Schools handling the same material, this one too.")
    municipalities: int = Field(ge=1)


class CaseSharedV1(IntegrationEvent):
    """The case's SSP shared the school's case with another municipality's SSP, to
    coordinate together; ``case_id`` is the school's own case. The school then hands the
    case's key to that municipality's SSP deployments too, and addresses it its news."""

    event_type: Literal["CaseShared"] = "CaseShared"
    schema_version: Literal[1] = 1
    municipality: str = Field(min_length=1, max_length=100)


class ClusterAlertV1(IntegrationEvent):
    """A cluster reached the police's attention; ``case_id`` is one of its cases in the
    district (the one the alert is sealed under)."""

    event_type: Literal["ClusterAlert"] = "ClusterAlert"
    schema_version: Literal[1] = 1
    cluster_id: UUID
    police_district: PoliceDistrict
    cases: int = Field(ge=2)
    cases_in_district: int = Field(ge=1)
    schools: int = Field(ge=1)
    municipalities: int = Field(ge=1)
    police_districts: int = Field(ge=1)
    highest_level: int | None = Field(None, ge=1, le=4)
    why: str = Field(min_length=1, max_length=300)


class ClusterAlertV2(IntegrationEvent):
    """As version 1, and which SSP deployment raised it and, once known, the national
    incident the cluster is part of: a district whose cases several SSP deployments
    handle sees one alert for the incident, naming each of them, not one per SSP. Sent
    again, with ``national_incident``, when a district alerted before the national match
    learns of it."""

    event_type: Literal["ClusterAlert"] = "ClusterAlert"
    schema_version: Literal[2] = 2
    published_by: DeploymentId = Field(description="The SSP deployment whose cluster it is.")
    cluster_id: UUID
    police_district: PoliceDistrict
    cases: int = Field(ge=2)
    cases_in_district: int = Field(ge=1)
    schools: int = Field(ge=1)
    municipalities: int = Field(ge=1)
    police_districts: int = Field(ge=1)
    highest_level: int | None = Field(None, ge=1, le=4)
    why: str = Field(min_length=1, max_length=300)
    national_incident: UUID | None = Field(
        None, description="The matching deployment's incident, when the cluster is in one."
    )


class SspAdviceGivenV1(IntegrationEvent):
    """The SSP consultant gave advice on the school's case (``case_id``).

    ``actor`` is the consultant and ``occurred_at`` when the advice was recorded at SSP.
    No note: what was said stays in SSP's file, where it may name children.
    """

    event_type: Literal["SspAdviceGiven"] = "SspAdviceGiven"
    schema_version: Literal[1] = 1
