"""Which published contracts travel, sealed, on which topic.

A topic has one producing service, and a reader of it may find any version that service
ever published there: a message published before a new version stays on the topic. The
AsyncAPI documents name these kinds for each topic; a test checks that every published
contract is on exactly one topic and that every subscription expects only what is there.
"""

from __future__ import annotations

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
from contracts.envelope import IntegrationEvent
from contracts.matching_events import MaterialOfferedV1, MaterialWithdrawnV1, NationalMatchV1
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from contracts.topics import (
    MATCHING_EVENTS,
    POLICE_CASE_EVENTS,
    SCHOOL_CASE_EVENTS,
    SSP_COORDINATION_EVENTS,
)

CARRIED: dict[str, tuple[type[IntegrationEvent], ...]] = {
    SCHOOL_CASE_EVENTS: (
        CaseReportedV1,
        CaseSharedWithMunicipalityV1,
        ParentsInformedV1,
        TakedownRequestedV1,
        PoliceNotifiedV1,
        PoliceNotifiedV2,
        CaseAssessedV1,
        CaseAssessedV2,
        ParentsInvolvementDeferredV1,
        CooperationRequestedV1,
        CaseClosedV1,
        CaseReopenedV1,
        CaseErasedV1,
        CaseErasedV2,
        MaterialFingerprintedV1,
        PersonNamedV1,
        PoliceReportFiledV1,
        PoliceReportFiledV2,
        DeadlineMissedV1,
        OverdueDeadlineMetV1,
        DeadlineMissedV2,
        OverdueDeadlineMetV2,
    ),
    POLICE_CASE_EVENTS: (PoliceNotificationAcknowledgedV1, EvidenceDecisionV1),
    SSP_COORDINATION_EVENTS: (
        CaseLinkedV1,
        CaseSharedV1,
        ClusterAlertV1,
        ClusterAlertV2,
        SspAdviceGivenV1,
        MaterialOfferedV1,
        MaterialWithdrawnV1,
    ),
    MATCHING_EVENTS: (NationalMatchV1,),
}
"""Each topic of sealed integration events, and the contracts that may be found on it."""
