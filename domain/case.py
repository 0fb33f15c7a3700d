"""The school's case (sag): the aggregate a school owns from the first report.

Each public method is a step of the action card; each event class below is what
that step records. Checks run before an event is triggered, so a refused command
leaves the case unchanged.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.errors import (
    ParentsAlreadyInformed,
    PoliceNotificationAlreadyAcknowledged,
    UnknownPoliceNotification,
)
from domain.geography import PoliceDistrict
from domain.offences import OffenceCategory


class Case(Aggregate):
    """A case of a digital sexual offence, as the school handles it."""

    class Reported(Aggregate.Created):
        institution: str
        municipality: str
        police_district: PoliceDistrict
        offence_category: OffenceCategory
        victim_is_minor: bool
        description: str
        actor: Actor

    class ParentsInformed(Aggregate.Event):
        actor: Actor

    class TakedownRequested(Aggregate.Event):
        platform: str
        actor: Actor

    class PoliceNotified(Aggregate.Event):
        notification_id: UUID
        actor: Actor

    class PoliceAcknowledged(Aggregate.Event):
        notification_id: UUID
        actor: Actor

    @event(Reported)
    def __init__(
        self,
        *,
        institution: str,
        municipality: str,
        police_district: PoliceDistrict,
        offence_category: OffenceCategory,
        victim_is_minor: bool,
        description: str,
        actor: Actor,
    ) -> None:
        self.institution = institution
        self.municipality = municipality
        self.police_district = PoliceDistrict(police_district)
        self.offence_category = OffenceCategory(offence_category)
        self.victim_is_minor = victim_is_minor
        self.description = description
        self.reported_by = actor
        self.parents_informed = False
        self.takedown_platforms: list[str] = []
        self.police_notifications: dict[UUID, Actor | None] = {}
        """Each notification sent to the police, with who acknowledged it (if anyone)."""

    # Vurder → Involver: parents of a minor are involved as soon as possible.
    def inform_parents(self, *, actor: Actor) -> None:
        if self.parents_informed:
            raise ParentsAlreadyInformed()
        self._parents_informed(actor=actor)

    @event(ParentsInformed)
    def _parents_informed(self, *, actor: Actor) -> None:
        self.parents_informed = True

    # Stop krænkelsen: ask a platform to remove the material.
    @event(TakedownRequested)
    def request_takedown(self, *, platform: str, actor: Actor) -> None:
        self.takedown_platforms.append(platform)

    # Anmeld: tell the police liaison of the district about the case.
    def notify_police(self, *, actor: Actor) -> UUID:
        notification_id = uuid4()
        self._police_notified(notification_id=notification_id, actor=actor)
        return notification_id

    @event(PoliceNotified)
    def _police_notified(self, *, notification_id: UUID, actor: Actor) -> None:
        self.police_notifications[notification_id] = None

    def record_police_acknowledgement(self, *, notification_id: UUID, actor: Actor) -> None:
        if notification_id not in self.police_notifications:
            raise UnknownPoliceNotification(notification_id)
        if self.police_notifications[notification_id] is not None:
            raise PoliceNotificationAlreadyAcknowledged(notification_id)
        self._police_acknowledged(notification_id=notification_id, actor=actor)

    @event(PoliceAcknowledged)
    def _police_acknowledged(self, *, notification_id: UUID, actor: Actor) -> None:
        self.police_notifications[notification_id] = actor
