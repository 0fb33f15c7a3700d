"""Case events the school publishes to SSP and the police liaison (version 1)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from contracts.envelope import ActorV2, IntegrationEvent
from domain.case_facts import InvolvedRole, Outcome, ReportFiler
from domain.fingerprints import Fingerprint, FingerprintKind
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Provision, Track
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


class PoliceReportFiledV1(IntegrationEvent):
    """A police report was filed (by the victim, the parents or the school)."""

    event_type: Literal["PoliceReportFiled"] = "PoliceReportFiled"
    schema_version: Literal[1] = 1
    filed_by: ReportFiler
    provision: Provision
