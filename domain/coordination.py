"""SSP's file on a school case: what the SSP consultant needs to coordinate.

SSP coordinates between the municipality's schools and advises on police reports
(seed 004, "Samarbejd"). Its file keeps the facts a school shared — never the
case description — and when each step was taken at the school.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.case_facts import InvolvedRole, Outcome
from domain.deadlines.kinds import DeadlineKind
from domain.fingerprints import Fingerprint
from domain.geography import PoliceDistrict, same_name
from domain.handling_model import Context, Level, Track
from domain.offences import OffenceCategory


class CoordinationStep(StrEnum):
    """The steps of SSP's coordination between schools and across municipalities."""

    SCHOOL_CONTACTED = "school_contacted"
    MEETING_HELD = "meeting_held"
    ADVICE_GIVEN = "advice_given"
    SSP_TEAM_CONTACTED = "ssp_team_contacted"
    POLICE_CONSULTED = "police_consulted"


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

    class MaterialFingerprinted(Aggregate.Event):
        fingerprints: list[Fingerprint]

    class PoliceReportFiled(Aggregate.Event):
        at: datetime
        by: Actor

    class CoordinationStepTaken(Aggregate.Event):
        """What SSP did to coordinate (Samarbejd), with whom, and who did it."""

        step: CoordinationStep
        counterpart: str
        note: str
        by: Actor

    class SharedWithMunicipality(Aggregate.Event):
        """Across municipalities: another SSP team coordinates too and sees the file."""

        municipality: str
        by: Actor

    class PersonNamed(Aggregate.Event):
        role: InvolvedRole
        pseudonym: str

    class LinkedToCluster(Aggregate.Event):
        cluster_id: UUID
        schools: int
        municipalities: int

    class ClosedAtSchool(Aggregate.Event):
        outcome: Outcome
        by: Actor

    class ReopenedAtSchool(Aggregate.Event):
        by: Actor

    class DeadlineMissedAtSchool(Aggregate.Event):
        """A step of the school's case passed its deadline."""

        key: str
        kind: DeadlineKind
        due: datetime

    class OverdueDeadlineMetAtSchool(Aggregate.Event):
        key: str

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
        self.police_report_filed_at: datetime | None = None
        self.level: Level | None = None
        self.context: Context | None = None
        self.track: Track | None = None
        self.parents_involvement_deferred = False
        self.cooperation_with: list[str] = []
        self.outcome: Outcome | None = None
        self.overdue: dict[str, DeadlineKind] = {}
        """The school's steps past their deadline, by the deadline's key."""
        self.fingerprints: list[Fingerprint] = []
        self.shared_with: list[str] = []
        self.people: list[tuple[InvolvedRole, str]] = []
        """(role, pseudonym): the school never sends who they are."""
        self.cluster: tuple[UUID, int, int] | None = None
        """(cluster id, schools, municipalities) as last told to the school."""

    @event(ParentsInformedAtSchool)
    def note_parents_informed(self, *, at: datetime, by: Actor) -> None:
        self.parents_informed_at = at

    @event(TakedownRequestedAtSchool)
    def note_takedown_requested(self, *, platform: str, at: datetime, by: Actor) -> None:
        self.takedowns_requested.append(platform)

    @event(PoliceNotifiedBySchool)
    def note_police_notified(self, *, at: datetime, by: Actor) -> None:
        self.police_notified_at = at

    @event(PoliceReportFiled)
    def note_police_report(self, *, at: datetime, by: Actor) -> None:
        self.police_report_filed_at = at

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

    def note_fingerprints(self, *, fingerprints: list[Fingerprint]) -> None:
        new = [f for f in fingerprints if f not in self.fingerprints]
        if new:
            self._material_fingerprinted(fingerprints=new)

    @event(MaterialFingerprinted)
    def _material_fingerprinted(self, *, fingerprints: list[Fingerprint]) -> None:
        self.fingerprints.extend(fingerprints)

    def take_coordination_step(
        self, *, step: CoordinationStep, counterpart: str, note: str, by: Actor
    ) -> None:
        self._coordination_step_taken(step=step, counterpart=counterpart, note=note, by=by)

    @event(CoordinationStepTaken)
    def _coordination_step_taken(
        self, *, step: CoordinationStep, counterpart: str, note: str, by: Actor
    ) -> None:
        """Nothing to keep in the file's state: the steps are read from its history."""

    def share_with(self, *, municipality: str, by: Actor) -> None:
        """Share with another municipality's SSP team; sharing again changes nothing."""
        known = (self.municipality, *self.shared_with)
        if not any(same_name(municipality, m) for m in known):
            self._shared(municipality=municipality, by=by)

    @event(SharedWithMunicipality)
    def _shared(self, *, municipality: str, by: Actor) -> None:
        self.shared_with.append(municipality)

    def note_person(self, *, role: InvolvedRole, pseudonym: str) -> None:
        if (InvolvedRole(role), pseudonym) not in self.people:
            self._person_named(role=role, pseudonym=pseudonym)

    @event(PersonNamed)
    def _person_named(self, *, role: InvolvedRole, pseudonym: str) -> None:
        self.people.append((InvolvedRole(role), pseudonym))

    def note_cluster(self, *, cluster_id: UUID, schools: int, municipalities: int) -> bool:
        """Record the cluster (and how wide it is) when that changed; True if it did."""
        if self.cluster == (cluster_id, schools, municipalities):
            return False
        self._linked(cluster_id=cluster_id, schools=schools, municipalities=municipalities)
        return True

    @event(LinkedToCluster)
    def _linked(self, *, cluster_id: UUID, schools: int, municipalities: int) -> None:
        self.cluster = (cluster_id, schools, municipalities)

    @event(ClosedAtSchool)
    def note_closed(self, *, outcome: Outcome, by: Actor) -> None:
        self.outcome = Outcome(outcome)

    @event(ReopenedAtSchool)
    def note_reopened(self, *, by: Actor) -> None:
        self.outcome = None

    @event(DeadlineMissedAtSchool)
    def note_deadline_missed(self, *, key: str, kind: DeadlineKind, due: datetime) -> None:
        self.__dict__.setdefault("overdue", {})[key] = DeadlineKind(kind)

    @event(OverdueDeadlineMetAtSchool)
    def note_overdue_met(self, *, key: str) -> None:
        self.__dict__.setdefault("overdue", {}).pop(key, None)
