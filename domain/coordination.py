"""SSP's file on a school case: what the SSP consultant needs to coordinate.

SSP coordinates between the municipality's schools and advises on police reports
(seed 004, "Samarbejd"). Its file keeps the facts a school shared — never the
case description — and when each step was taken at the school.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.case_facts import Outcome
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Track
from domain.offences import OffenceCategory


class SspCaseFile(Aggregate):
    class Opened(Aggregate.Created):
        case_id: UUID
        institution: str
        municipality: str
        police_district: PoliceDistrict
        offence_category: OffenceCategory
        victim_is_minor: bool
        reported_at: datetime
        reported_by: Actor

    class ParentsInformedAtSchool(Aggregate.Event):
        at: datetime
        by: Actor

    class TakedownRequestedAtSchool(Aggregate.Event):
        platform: str
        at: datetime
        by: Actor

    class PoliceNotifiedBySchool(Aggregate.Event):
        at: datetime
        by: Actor

    class AssessedAtSchool(Aggregate.Event):
        level: Level
        context: Context
        track: Track
        by: Actor

    class ParentsInvolvementDeferred(Aggregate.Event):
        """The school used the value-jump rule; its reason stays at the school."""

        by: Actor

    class CooperationRequested(Aggregate.Event):
        schools: list[str]
        by: Actor

    class ClosedAtSchool(Aggregate.Event):
        outcome: Outcome
        by: Actor

    class ReopenedAtSchool(Aggregate.Event):
        by: Actor

    @staticmethod
    def create_id(case_id: UUID) -> UUID:
        return case_id

    @event(Opened)
    def __init__(
        self,
        *,
        case_id: UUID,
        institution: str,
        municipality: str,
        police_district: PoliceDistrict,
        offence_category: OffenceCategory,
        victim_is_minor: bool,
        reported_at: datetime,
        reported_by: Actor,
    ) -> None:
        self.case_id = case_id
        self.institution = institution
        self.municipality = municipality
        self.police_district = PoliceDistrict(police_district)
        self.offence_category = OffenceCategory(offence_category)
        self.victim_is_minor = victim_is_minor
        self.reported_at = reported_at
        self.reported_by = reported_by
        self.parents_informed_at: datetime | None = None
        self.takedowns_requested: list[str] = []
        self.police_notified_at: datetime | None = None
        self.level: Level | None = None
        self.context: Context | None = None
        self.track: Track | None = None
        self.parents_involvement_deferred = False
        self.cooperation_with: list[str] = []
        self.outcome: Outcome | None = None

    @event(ParentsInformedAtSchool)
    def note_parents_informed(self, *, at: datetime, by: Actor) -> None:
        self.parents_informed_at = at

    @event(TakedownRequestedAtSchool)
    def note_takedown_requested(self, *, platform: str, at: datetime, by: Actor) -> None:
        self.takedowns_requested.append(platform)

    @event(PoliceNotifiedBySchool)
    def note_police_notified(self, *, at: datetime, by: Actor) -> None:
        self.police_notified_at = at

    @event(AssessedAtSchool)
    def note_assessed(self, *, level: Level, context: Context, track: Track, by: Actor) -> None:
        self.level = Level(level)
        self.context = Context(context)
        self.track = Track(track)

    @event(ParentsInvolvementDeferred)
    def note_parents_involvement_deferred(self, *, by: Actor) -> None:
        self.parents_involvement_deferred = True

    @event(CooperationRequested)
    def note_cooperation_requested(self, *, schools: list[str], by: Actor) -> None:
        self.cooperation_with = sorted({*self.cooperation_with, *schools})

    @event(ClosedAtSchool)
    def note_closed(self, *, outcome: Outcome, by: Actor) -> None:
        self.outcome = Outcome(outcome)

    @event(ReopenedAtSchool)
    def note_reopened(self, *, by: Actor) -> None:
        self.outcome = None
