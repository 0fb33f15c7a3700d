"""Case events the school publishes to SSP and the police liaison."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from contracts.envelope import ActorV1, ActorV2, IntegrationEvent
from domain.case_facts import InvolvedRole, Outcome, ReportFiler
from domain.fingerprints import Fingerprint, FingerprintKind
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Track
from domain.offences import OffenceCategory


class CaseReportedV1(IntegrationEvent):
    """A school opened a case. Carries no description: SSP coordinates, it does not need it."""

    event_type: Literal["CaseReported"] = "CaseReported"
    schema_version: Literal[1] = 1
    institution: str = Field(min_length=1, max_length=200)
    municipality: str = Field(min_length=1, max_length=100)
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool


class CaseSharedWithMunicipalityV1(IntegrationEvent):
    """The case's SSP shared it with another municipality's SSP: the school hands that
    SSP the case as it was reported, addressed to that municipality alone. Its later
    news is addressed to that municipality too, and its SSP may be handed the key."""

    event_type: Literal["CaseSharedWithMunicipality"] = "CaseSharedWithMunicipality"
    schema_version: Literal[1] = 1
    shared_with: str = Field(min_length=1, max_length=100)
    reported_at: datetime
    reported_by: ActorV1
    """Who reported the case at the school (the envelope's actor is who shared it)."""
    institution: str = Field(min_length=1, max_length=200)
    municipality: str = Field(min_length=1, max_length=100)
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool


class ParentsInformedV1(IntegrationEvent):
    """The school informed the parents of a minor victim."""

    event_type: Literal["ParentsInformed"] = "ParentsInformed"
    schema_version: Literal[1] = 1


class TakedownRequestedV1(IntegrationEvent):
    """The school asked a platform to take the material down."""

    event_type: Literal["TakedownRequested"] = "TakedownRequested"
    schema_version: Literal[1] = 1
    platform: str = Field(min_length=1, max_length=100)


class PoliceNotifiedV1(IntegrationEvent):
    """The school notified the police liaison of its district about a case."""

    event_type: Literal["PoliceNotified"] = "PoliceNotified"
    schema_version: Literal[1] = 1
    police_notification_id: UUID
    police_district: PoliceDistrict
    institution: str = Field(min_length=1, max_length=200)
    municipality: str = Field(min_length=1, max_length=100)
    offence_category: OffenceCategory
    victim_is_minor: bool
    case_description: str = Field(min_length=1, max_length=2000)


class CaseAssessedV1(IntegrationEvent):
    """The school assessed the case. No reasons, no facts: the level, context and track."""

    event_type: Literal["CaseAssessed"] = "CaseAssessed"
    schema_version: Literal[1] = 1
    level: int = Field(ge=1, le=4)
    context: Context
    track: Track


class ParentsInvolvementDeferredV1(IntegrationEvent):
    """The value-jump rule was used. SSP sees the flag; the reason stays at the school."""

    event_type: Literal["ParentsInvolvementDeferred"] = "ParentsInvolvementDeferred"
    schema_version: Literal[1] = 1


class CooperationRequestedV1(IntegrationEvent):
    """Other schools are involved; the school asks SSP to coordinate (Samarbejd)."""

    event_type: Literal["CooperationRequested"] = "CooperationRequested"
    schema_version: Literal[1] = 1
    schools: list[str] = Field(max_length=50)


class CaseClosedV1(IntegrationEvent):
    event_type: Literal["CaseClosed"] = "CaseClosed"
    schema_version: Literal[1] = 1
    outcome: Outcome


class CaseReopenedV1(IntegrationEvent):
    event_type: Literal["CaseReopened"] = "CaseReopened"
    schema_version: Literal[1] = 1


class CaseErasedV1(IntegrationEvent):
    """The school erased the case: every service destroys its key for it. No reason, no content.

    Superseded by version 2, whose actor may be the data protection officer; receivers
    still accept version 1.
    """

    event_type: Literal["CaseErased"] = "CaseErased"
    schema_version: Literal[1] = 1


class CaseErasedV2(IntegrationEvent):
    """The school erased the case: every service destroys its key for it. No reason, no content.

    Erasure is done by management or by the data protection officer (retention, a
    request under GDPR art. 17), so the actor is a version-2 actor.
    """

    event_type: Literal["CaseErased"] = "CaseErased"
    schema_version: Literal[2] = 2
    actor: ActorV2  # type: ignore[assignment]


class FingerprintV1(BaseModel):
    """A fingerprint of the material: a hash, never the material."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FingerprintKind
    value: str = Field(pattern=r"^([0-9a-f]{32}|[0-9a-f]{64})$")

    @field_validator("value")
    @classmethod
    def _of_its_kind(cls, value: str, info: ValidationInfo) -> str:
        if "kind" in info.data:  # NotAFingerprint (a ValueError) names the field
            Fingerprint(info.data["kind"], value)
        return value

    def to_domain(self) -> Fingerprint:
        return Fingerprint(self.kind, self.value)


class MaterialFingerprintedV1(IntegrationEvent):
    """The school recorded fingerprints of the material (computed where the material is)."""

    event_type: Literal["MaterialFingerprinted"] = "MaterialFingerprinted"
    schema_version: Literal[1] = 1
    fingerprints: list[FingerprintV1] = Field(min_length=1, max_length=50)


class PersonNamedV1(IntegrationEvent):
    """A person involved, by SSP-keyed pseudonym only: the same person links across schools."""

    event_type: Literal["PersonNamed"] = "PersonNamed"
    schema_version: Literal[1] = 1
    role: InvolvedRole
    pseudonym: str = Field(pattern=r"^[0-9a-f]{64}$")


class Provision(StrEnum):
    """Straffeloven provisions that may apply, as published in version 1.

    Owned by the contracts, not the domain: a provision added to the domain (such as
    §281, extortion) must not change a published schema.
    """

    SHARING_PRIVATE_IMAGES = "§264d"
    INDECENCY = "§232"
    CHILD_SEXUAL_ABUSE_MATERIAL = "§235"


class ProvisionV2(StrEnum):
    """Version 2 of the provisions: §281, extortion (afpresning, sextortion), joins."""

    SHARING_PRIVATE_IMAGES = "§264d"
    INDECENCY = "§232"
    CHILD_SEXUAL_ABUSE_MATERIAL = "§235"
    EXTORTION = "§281"


class PoliceReportFiledV1(IntegrationEvent):
    """A police report was filed (by the victim, the parents or the school).

    Superseded by version 2, which may name §281; receivers still accept version 1.
    """

    event_type: Literal["PoliceReportFiled"] = "PoliceReportFiled"
    schema_version: Literal[1] = 1
    filed_by: ReportFiler
    provision: Provision


class PoliceReportFiledV2(IntegrationEvent):
    """A police report was filed, under any provision of version 2 (§281, extortion, too)."""

    event_type: Literal["PoliceReportFiled"] = "PoliceReportFiled"
    schema_version: Literal[2] = 2
    filed_by: ReportFiler
    provision: ProvisionV2


class CaseAssessedV2(IntegrationEvent):
    """The school assessed the case: the level, context, track and the provisions named
    (for the police's triage). No reasons, no facts."""

    event_type: Literal["CaseAssessed"] = "CaseAssessed"
    schema_version: Literal[2] = 2
    level: int = Field(ge=1, le=4)
    context: Context
    track: Track
    provisions: list[ProvisionV2] = Field(max_length=10)


class PoliceNotifiedV2(IntegrationEvent):
    """The school notified the police liaison of its district, with what the police need
    to triage it: the case's level, context (A/B), track and provisions as assessed when
    it was notified (null before an assessment), whether the victim is a minor, and
    whether a police report was filed. Never the value-jump reason, never facts about
    the people involved.

    Supersedes version 1, which receivers still accept.
    """

    event_type: Literal["PoliceNotified"] = "PoliceNotified"
    schema_version: Literal[2] = 2
    police_notification_id: UUID
    police_district: PoliceDistrict
    institution: str = Field(min_length=1, max_length=200)
    municipality: str = Field(min_length=1, max_length=100)
    offence_category: OffenceCategory
    victim_is_minor: bool
    case_description: str = Field(min_length=1, max_length=2000)
    level: int | None = Field(ge=1, le=4)
    context: Context | None
    track: Track | None
    provisions: list[ProvisionV2] = Field(max_length=10)
    police_report_filed: bool
