"""A notification in the police liaison's inbox, and its acknowledgement.

The police liaison (SSP-politi) receives notifications from schools in the
district and acknowledges them; the acknowledgement travels back to the school.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.errors import EvidenceHoldState, PoliceNotificationAlreadyAcknowledged
from domain.geography import PoliceDistrict
from domain.offences import OffenceCategory


class PoliceNotification(Aggregate):
    class Received(Aggregate.Created):
        notification_id: UUID
        case_id: UUID
        police_district: PoliceDistrict
        institution: str
        municipality: str
        offence_category: OffenceCategory
        victim_is_minor: bool
        case_description: str
        notified_by: Actor
        notified_at: datetime

    class Acknowledged(Aggregate.Event):
        actor: Actor

    class EvidenceHoldSet(Aggregate.Event):
        """Bevissikring: the police secure evidence; nothing may be deleted meanwhile."""

        actor: Actor

    class EvidenceReleased(Aggregate.Event):
        """The police have decided how the material may be deleted."""

        actor: Actor

    @staticmethod
    def create_id(notification_id: UUID) -> UUID:
        return notification_id

    @event(Received)
    def __init__(
        self,
        *,
        notification_id: UUID,
        case_id: UUID,
        police_district: PoliceDistrict,
        institution: str,
        municipality: str,
        offence_category: OffenceCategory,
        victim_is_minor: bool,
        case_description: str,
        notified_by: Actor,
        notified_at: datetime,
    ) -> None:
        self.notification_id = notification_id
        self.case_id = case_id
        self.police_district = PoliceDistrict(police_district)
        self.institution = institution
        self.municipality = municipality
        self.offence_category = OffenceCategory(offence_category)
        self.victim_is_minor = victim_is_minor
        self.case_description = case_description
        self.notified_by = notified_by
        self.notified_at = notified_at
        self.acknowledged_by: Actor | None = None
        self.evidence_decision: str | None = None
        """None (not yet decided), "hold" or "release"."""

    def acknowledge(self, *, actor: Actor) -> None:
        if self.acknowledged_by is not None:
            raise PoliceNotificationAlreadyAcknowledged(self.notification_id)
        self._acknowledged(actor=actor)

    @event(Acknowledged)
    def _acknowledged(self, *, actor: Actor) -> None:
        self.acknowledged_by = actor

    def hold_evidence(self, *, actor: Actor) -> None:
        if self.evidence_decision == "hold":
            raise EvidenceHoldState("An evidence hold is already in place for this case.")
        self._evidence_hold_set(actor=actor)

    @event(EvidenceHoldSet)
    def _evidence_hold_set(self, *, actor: Actor) -> None:
        self.evidence_decision = "hold"

    def release_evidence(self, *, actor: Actor) -> None:
        if self.evidence_decision == "release":
            raise EvidenceHoldState("The material is already released for deletion.")
        self._evidence_released(actor=actor)

    @event(EvidenceReleased)
    def _evidence_released(self, *, actor: Actor) -> None:
        self.evidence_decision = "release"
