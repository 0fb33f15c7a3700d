"""Events the police liaison publishes back to the schools (version 1)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from contracts.envelope import IntegrationEvent
from domain.geography import PoliceDistrict


class PoliceNotificationAcknowledgedV1(IntegrationEvent):
    """The police liaison has received and acknowledged a school's notification."""

    event_type: Literal["PoliceNotificationAcknowledged"] = "PoliceNotificationAcknowledged"
    schema_version: Literal[1] = 1
    police_notification_id: UUID
    police_district: PoliceDistrict


class EvidenceDecisionV1(IntegrationEvent):
    """The police's decision on evidence (bevissikring) for a notified case.

    ``hold``: nothing may be deleted while the police secure evidence. ``release``:
    the police have decided how the material may be deleted.
    """

    event_type: Literal["EvidenceDecision"] = "EvidenceDecision"
    schema_version: Literal[1] = 1
    police_notification_id: UUID
    police_district: PoliceDistrict
    decision: Literal["hold", "release"]
