"""Every published contract, and the one way to read an integration event off the wire."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Tag, TypeAdapter

from contracts.audit_events import AnyCheckpoint, CheckpointV1, CheckpointV2
from contracts.case_events import (
    CaseAssessedV1,
    CaseAssessedV2,
    CaseClosedV1,
    CaseErasedV1,
    CaseErasedV2,
    CaseReopenedV1,
    CaseReportedV1,
    CaseSharedWithMunicipalityV1,
    CooperationRequestedV1,
    MaterialFingerprintedV1,
    ParentsInformedV1,
    ParentsInvolvementDeferredV1,
    PersonNamedV1,
    PoliceNotifiedV1,
    PoliceNotifiedV2,
    PoliceReportFiledV1,
    PoliceReportFiledV2,
    TakedownRequestedV1,
)
from contracts.coordination_events import (
    CaseLinkedV1,
    CaseSharedV1,
    ClusterAlertV1,
    ClusterAlertV2,
    SspAdviceGivenV1,
)
from contracts.deadline_events import (
    DeadlineMissedV1,
    DeadlineMissedV2,
    OverdueDeadlineMetV1,
    OverdueDeadlineMetV2,
)
from contracts.directory import DirectoryEntryV1
from contracts.envelope import IntegrationEvent
from contracts.key_exchange import KeyGrantV1, KeyGrantV2, KeyRequestV1, KeyRequestV2
from contracts.matching_events import MaterialOfferedV1, MaterialWithdrawnV1, NationalMatchV1
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from contracts.sealed import SealedEvent, SealedEventV1, SealedEventV2, SealedEventV3

PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    CaseReportedV1,
    CaseSharedWithMunicipalityV1,
    ParentsInformedV1,
    TakedownRequestedV1,
    PoliceNotifiedV1,
    PoliceNotifiedV2,
    PoliceNotificationAcknowledgedV1,
    CaseAssessedV1,
    CaseAssessedV2,
    ParentsInvolvementDeferredV1,
    CooperationRequestedV1,
    CaseClosedV1,
    CaseReopenedV1,
    EvidenceDecisionV1,
    CaseErasedV1,
    CaseErasedV2,
    MaterialFingerprintedV1,
    PersonNamedV1,
    PoliceReportFiledV1,
    PoliceReportFiledV2,
    CaseLinkedV1,
    CaseSharedV1,
    ClusterAlertV1,
    ClusterAlertV2,
    SspAdviceGivenV1,
    DeadlineMissedV1,
    OverdueDeadlineMetV1,
    DeadlineMissedV2,
    OverdueDeadlineMetV2,
    MaterialOfferedV1,
    MaterialWithdrawnV1,
    NationalMatchV1,
)


AUDIT_PUBLISHED: tuple[type[BaseModel], ...] = (CheckpointV1, CheckpointV2)
"""Published contracts that are not about a case."""


def schema_name(contract: type[BaseModel]) -> str:
    """``CaseReported.v1``: the event type and version, as used for schema files."""
    fields = contract.model_fields
    return f"{fields['event_type'].default}.v{fields['schema_version'].default}"


def _tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return f"{value.get('event_type')}.v{value.get('schema_version')}"
    return None


AnyIntegrationEvent = Annotated[
    Annotated[CaseReportedV1, Tag(schema_name(CaseReportedV1))]
    | Annotated[CaseSharedWithMunicipalityV1, Tag(schema_name(CaseSharedWithMunicipalityV1))]
    | Annotated[ParentsInformedV1, Tag(schema_name(ParentsInformedV1))]
    | Annotated[TakedownRequestedV1, Tag(schema_name(TakedownRequestedV1))]
    | Annotated[PoliceNotifiedV1, Tag(schema_name(PoliceNotifiedV1))]
    | Annotated[PoliceNotifiedV2, Tag(schema_name(PoliceNotifiedV2))]
    | Annotated[
        PoliceNotificationAcknowledgedV1, Tag(schema_name(PoliceNotificationAcknowledgedV1))
    ]
    | Annotated[CaseAssessedV1, Tag(schema_name(CaseAssessedV1))]
    | Annotated[CaseAssessedV2, Tag(schema_name(CaseAssessedV2))]
    | Annotated[ParentsInvolvementDeferredV1, Tag(schema_name(ParentsInvolvementDeferredV1))]
    | Annotated[CooperationRequestedV1, Tag(schema_name(CooperationRequestedV1))]
    | Annotated[CaseClosedV1, Tag(schema_name(CaseClosedV1))]
    | Annotated[CaseReopenedV1, Tag(schema_name(CaseReopenedV1))]
    | Annotated[EvidenceDecisionV1, Tag(schema_name(EvidenceDecisionV1))]
    | Annotated[CaseErasedV1, Tag(schema_name(CaseErasedV1))]
    | Annotated[CaseErasedV2, Tag(schema_name(CaseErasedV2))]
    | Annotated[MaterialFingerprintedV1, Tag(schema_name(MaterialFingerprintedV1))]
    | Annotated[PersonNamedV1, Tag(schema_name(PersonNamedV1))]
    | Annotated[PoliceReportFiledV1, Tag(schema_name(PoliceReportFiledV1))]
    | Annotated[PoliceReportFiledV2, Tag(schema_name(PoliceReportFiledV2))]
    | Annotated[CaseLinkedV1, Tag(schema_name(CaseLinkedV1))]
    | Annotated[CaseSharedV1, Tag(schema_name(CaseSharedV1))]
    | Annotated[ClusterAlertV1, Tag(schema_name(ClusterAlertV1))]
    | Annotated[ClusterAlertV2, Tag(schema_name(ClusterAlertV2))]
    | Annotated[SspAdviceGivenV1, Tag(schema_name(SspAdviceGivenV1))]
    | Annotated[DeadlineMissedV1, Tag(schema_name(DeadlineMissedV1))]
    | Annotated[OverdueDeadlineMetV1, Tag(schema_name(OverdueDeadlineMetV1))]
    | Annotated[DeadlineMissedV2, Tag(schema_name(DeadlineMissedV2))]
    | Annotated[OverdueDeadlineMetV2, Tag(schema_name(OverdueDeadlineMetV2))]
    | Annotated[MaterialOfferedV1, Tag(schema_name(MaterialOfferedV1))]
    | Annotated[MaterialWithdrawnV1, Tag(schema_name(MaterialWithdrawnV1))]
    | Annotated[NationalMatchV1, Tag(schema_name(NationalMatchV1))],
    Discriminator(
        _tag,
        custom_error_type="unknown_event",
        custom_error_message="event_type and schema_version name no published contract",
    ),
]

_ADAPTER: TypeAdapter[AnyIntegrationEvent] = TypeAdapter(AnyIntegrationEvent)


def parse_event(raw: bytes | str) -> IntegrationEvent:
    """Validate an (unsealed) event; raises ``pydantic.ValidationError`` naming the bad field."""
    return _ADAPTER.validate_json(raw)


def _sealed_version(value: Any) -> str:
    """The version it says; anything else is judged as version 1, so a message that is
    not sealed at all is refused naming what it lacks."""
    tag = value.get("sealed") if isinstance(value, dict) else getattr(value, "sealed", None)
    return {"samspil-sealed-v2": "v2", "samspil-sealed-v3": "v3"}.get(str(tag), "v1")


_SEALED: TypeAdapter[SealedEvent] = TypeAdapter(
    Annotated[
        Annotated[SealedEventV1, Tag("v1")]
        | Annotated[SealedEventV2, Tag("v2")]
        | Annotated[SealedEventV3, Tag("v3")],
        Discriminator(_sealed_version),
    ]
)


def parse_sealed(raw: bytes | str) -> SealedEvent:
    """Validate a message body as it comes off Kafka: a sealed event, of either version."""
    return _SEALED.validate_json(raw)


def _checkpoint_version(value: Any) -> str:
    """Version 2 when it says so; anything else is judged as version 1, the first, so a
    message that is no checkpoint at all is refused naming what it lacks."""
    version = (
        value.get("schema_version")
        if isinstance(value, dict)
        else getattr(value, "schema_version", None)
    )
    return "v2" if version == 2 else "v1"


_CHECKPOINT: TypeAdapter[AnyCheckpoint] = TypeAdapter(
    Annotated[
        Annotated[CheckpointV1, Tag("v1")] | Annotated[CheckpointV2, Tag("v2")],
        Discriminator(_checkpoint_version),
    ]
)


def parse_checkpoint(raw: bytes | str) -> AnyCheckpoint:
    """Validate a message off the checkpoint topic: a checkpoint, of either version."""
    return _CHECKPOINT.validate_json(raw)


_BY_NAME = {schema_name(contract): contract for contract in PUBLISHED}


def contract_named(event_type: str, schema_version: int) -> type[IntegrationEvent] | None:
    return _BY_NAME.get(f"{event_type}.v{schema_version}")


WIRE_FORMATS: dict[str, type[BaseModel]] = {
    "Sealed.v1": SealedEventV1,
    "Sealed.v2": SealedEventV2,
    "Sealed.v3": SealedEventV3,
    "KeyRequest.v1": KeyRequestV1,
    "KeyGrant.v1": KeyGrantV1,
    "KeyRequest.v2": KeyRequestV2,
    "KeyGrant.v2": KeyGrantV2,
    "DirectoryEntry.v1": DirectoryEntryV1,
}
"""How published events and transport keys travel, named for their schema files."""
