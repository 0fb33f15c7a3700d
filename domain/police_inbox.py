"""A notification in the police liaison's inbox, and its acknowledgement.

The police liaison (SSP-politi) receives notifications from schools in the
district and acknowledges them; the acknowledgement travels back to the school.

To triage a notification the police need the case's level, context (A/B), track and
provisions, and whether a police report was filed: a notification of version 2 carries
them as they were when it was sent, and the entry follows the school's later
assessments and reports. What the school did not say (a version-1 notification, a
case not yet assessed) stays unknown (None) rather than guessed.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.errors import EvidenceHoldState, PoliceNotificationAlreadyAcknowledged
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Provision, Track
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

    class Triaged(Aggregate.Event):
        """What the school had assessed when it sent the notification (version 2).

        ``as_of`` is the school's position of the notification: older news of the case
        (a message delivered again) never overwrites it.
        """

        level: Level | None
        context: Context | None
        track: Track | None
        provisions: list[Provision]
        police_report_filed: bool
        as_of: int

    class Reassessed(Aggregate.Event):
        """The school assessed the case again after notifying the police."""

        level: Level
        context: Context
        track: Track
        at: datetime
        by: Actor
        as_of: int
        provisions: tuple[Provision, ...] | None = None
        """None where the school's message did not say (version 1)."""

    class PoliceReportFiledAtSchool(Aggregate.Event):
        """The school recorded that a police report was filed."""

        at: datetime
        by: Actor

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
        self.level: Level | None = None
        self.context: Context | None = None
        self.track: Track | None = None
        self.provisions: list[Provision] | None = None
        """None: the school did not say (a notification of version 1)."""
        self.police_report_filed: bool | None = None
        """None: the school did not say (a notification of version 1, and no report since)."""
        self.as_of = 0
        """The school's position of the newest assessment this entry shows."""

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

    def note_triage(
        self,
        *,
        level: Level | None,
        context: Context | None,
        track: Track | None,
        provisions: list[Provision],
        police_report_filed: bool,
        as_of: int,
    ) -> None:
        """What the notification said of the case; ignored if newer news is here already."""
        if as_of > self.as_of:
            self._triaged(
                level=level,
                context=context,
                track=track,
                provisions=list(provisions),
                police_report_filed=police_report_filed,
                as_of=as_of,
            )

    @event(Triaged)
    def _triaged(
        self,
        *,
        level: Level | None,
        context: Context | None,
        track: Track | None,
        provisions: list[Provision],
        police_report_filed: bool,
        as_of: int,
    ) -> None:
        self.level = Level(level) if level is not None else None
        self.context = Context(context) if context is not None else None
        self.track = Track(track) if track is not None else None
        self.provisions = [Provision(p) for p in provisions]
        self.police_report_filed = police_report_filed
        self.as_of = as_of

    def note_reassessment(
        self,
        *,
        level: Level,
        context: Context,
        track: Track,
        at: datetime,
        by: Actor,
        as_of: int,
        provisions: list[Provision] | None = None,
    ) -> None:
        """The school's new assessment; one older than what the entry shows changes nothing."""
        if as_of > self.as_of:
            self._reassessed(
                level=level,
                context=context,
                track=track,
                at=at,
                by=by,
                as_of=as_of,
                provisions=provisions,
            )

    @event(Reassessed)
    def _reassessed(
        self,
        *,
        level: Level,
        context: Context,
        track: Track,
        at: datetime,
        by: Actor,
        as_of: int,
        provisions: list[Provision] | None = None,
    ) -> None:
        self.level = Level(level)
        self.context = Context(context)
        self.track = Track(track)
        if provisions is not None:
            self.provisions = [Provision(p) for p in provisions]
        self.as_of = as_of

    def note_police_report(self, *, at: datetime, by: Actor) -> None:
        """A report filed stays filed: one already known here is not recorded again."""
        if not self.police_report_filed:
            self._police_report_filed(at=at, by=by)

    @event(PoliceReportFiledAtSchool)
    def _police_report_filed(self, *, at: datetime, by: Actor) -> None:
        self.police_report_filed = True
