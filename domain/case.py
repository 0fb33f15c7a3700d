"""The school's case (sag), walked through the action card at a level of the handling model.

The class reads as the action card does: Vurder, Dokumenter, Stop krænkelsen, Anmeld,
Behandl. Each public method is something a professional does, and next to it stand the
event it records and the method that applies that event. Guards are named for what they
require (``_require_open``, ``_require_assessed`` …) and run before an event is
triggered, so a refused command leaves the case unchanged; each refusal is a named error
from ``domain.errors``. The rules are those of ``../shared/domain/HANDLING_MODEL.md`` and
the seeds; the README lists them.

Every event remembers who did it and, through ``Case.Event``, when: a checklist item is
done only by a deed that is on the case, with its actor and time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.case_facts import (
    Arrival,
    ArrivedAfterClosing,
    Audience,
    Complaint,
    ComplaintOutcome,
    ConsentGiver,
    Deed,
    Deferral,
    DeletionProof,
    DeletionRequest,
    Evidence,
    EvidenceHold,
    EvidenceHolder,
    EvidenceKind,
    HelpItem,
    InvolvedParty,
    InvolvedRole,
    LinkedIncident,
    NamedPerson,
    Outcome,
    PoliceContact,
    PoliceReport,
    Referral,
    ReopenReason,
    ReportChannel,
    ReportFiler,
    Spread,
    Takedown,
    TakedownOutcome,
)
from domain.errors import (
    CaseIsClosed,
    CaseIsOpen,
    ComplaintAlreadyDecided,
    ConsentMissing,
    EvidenceHeldByPolice,
    EvidenceHoldState,
    ManagementAgreementMissing,
    NoRefusedTakedown,
    NotAssessed,
    NotForThisVictim,
    NoUnderretningSent,
    ParentsAlreadyInformed,
    ParentsNotInvolved,
    PoliceNotificationAlreadyAcknowledged,
    PoliceReportRequired,
    ReasonRequired,
    SchoolMayNotReport,
    UnknownDeletionRequest,
    UnknownPoliceNotification,
    UnknownTakedown,
    WaitingForPolice,
)
from domain.fingerprints import Fingerprint
from domain.geography import PoliceDistrict, same_name
from domain.handling_model import (
    Context,
    Level,
    MaterialFeature,
    Provision,
    Track,
    VictimReaction,
    suggest_level,
)
from domain.offences import OffenceCategory
from domain.platforms import platform_named

SCHOOL_MAY_REPORT = frozenset({Provision.INDECENCY, Provision.CHILD_SEXUAL_ABUSE_MATERIAL})


def _reason(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise ReasonRequired(what)
    return text.strip()


class Case(Aggregate):
    """A case of a digital sexual offence, as the school handles it."""

    class Event(Aggregate.Event):
        """Every case event: while it is applied, the case knows when it happened."""

        def mutate(self, aggregate: Any) -> Any:
            if aggregate is not None:
                aggregate.applying_at = self.timestamp
            return super().mutate(aggregate)

    def _deed(self, actor: Actor) -> Deed:
        """The deed being applied: its actor, and the time its event was recorded."""
        return Deed(actor, self.applying_at)

    # ================================================================= Vurder (assess)
    class Reported(Aggregate.Created):
        institution: str
        municipality: str
        police_district: PoliceDistrict
        offence_category: OffenceCategory
        victim_is_minor: bool
        description: str
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
        self.applying_at: datetime = self.created_on
        self.institution = institution
        self.municipality = municipality
        self.police_district = PoliceDistrict(police_district)
        self.offence_category = OffenceCategory(offence_category)
        self.victim_is_minor = victim_is_minor
        self.description = description
        self.reported = Deed(actor, self.created_on)
        # Vurder
        self.facts: Deed | None = None
        self.involved: list[InvolvedParty] = []
        self.spread: Spread | None = None
        self.assessment: Deed | None = None
        self.level: Level | None = None
        self.context: Context | None = None
        self.provisions: list[Provision] = []
        self.track: Track | None = None
        self.parents_informed: Deed | None = None
        self.deferral: Deferral | None = None
        self.adult_victim_choice: Deed | None = None
        self.police_contacts: dict[UUID, PoliceContact] = {}
        # Dokumenter
        self.evidence: list[Evidence] = []
        self.evidence_documented: Deed | None = None
        self.fingerprints: list[Fingerprint] = []
        self.people: list[NamedPerson] = []
        self.incident: LinkedIncident | None = None
        self.shared_with: list[str] = []
        """Other municipalities whose SSP the case was shared with by the case's own SSP."""
        self.logbook: Deed | None = None
        # Stop
        self.offender_contacted: Deed | None = None
        self.deletions: dict[UUID, DeletionRequest] = {}
        self.takedowns: dict[str, Takedown] = {}
        """By platform (its directory name, or the name given for an unknown one)."""
        self.evidence_hold = EvidenceHold.UNDECIDED
        self.evidence_decision: Deed | None = None
        self.cooperation: Deed | None = None
        self.before_parents: dict[str, str] = {}
        """Stop steps taken before the parents were involved, each with why it could not wait."""
        # Anmeld
        self.police_reports: list[PoliceReport] = []
        self.police_took_over: Deed | None = None
        self.underretning: Deed | None = None
        self.underretning_receipt: Deed | None = None
        self.underretning_confirmed_at: datetime | None = None
        self.insurance_advice: Deed | None = None
        # Behandl
        self.sparring: Deed | None = None
        """Sparring with the SSP consultant: recorded by the school, or advice sent by SSP."""
        self.referrals: dict[Referral, Deed] = {}
        self.mediation: Deed | None = None
        self.consents: dict[Audience, set[ConsentGiver]] = {}
        self.surroundings_informed: dict[Audience, Deed] = {}
        self.press: Deed | None = None
        self.help: dict[HelpItem, Deed] = {}
        self.help_count: dict[HelpItem, int] = {}
        self.parent_updates_every_days: int | None = None
        self.parent_updates_agreed: Deed | None = None
        self.parents_updated: Deed | None = None
        self.parent_update_deeds: list[Deed] = []
        self.assignments: dict[str, str] = {}
        """Checklist items assigned to a named professional (by item key): who is reminded."""
        """Every update of the parents, oldest first: each meets the rhythm's last deadline."""
        # Closing
        self.outcome: Outcome | None = None
        self.closed: Deed | None = None
        self.left_open: list[str] = []
        self.arrived_after_closing: list[ArrivedAfterClosing] = []

    # ----------------------------------------------------------------- state and guards
    @property
    def is_closed(self) -> bool:
        return self.outcome is not None

    @property
    def parents_involved(self) -> bool:
        """Parents informed, or the value-jump rule recorded (or not a minor)."""
        return not self.victim_is_minor or self.parents_informed is not None or bool(self.deferral)

    @property
    def value_jump_reason(self) -> str | None:
        return self.deferral.reason if self.deferral else None

    @property
    def offender_known(self) -> bool:
        return any(p.role is InvolvedRole.KNOWN_OFFENDER for p in self.involved)

    @property
    def offender_at_same_school(self) -> bool:
        return any(p.role is InvolvedRole.KNOWN_OFFENDER and p.same_school for p in self.involved)

    @property
    def waiting_for_police(self) -> str | None:
        """Why takedown and deletion must wait (level 3 and 4), or None."""
        if self.level is None or self.level < Level.THREE:
            return None
        if self.evidence_hold is EvidenceHold.RELEASED:
            return None
        if self.evidence_hold is EvidenceHold.HELD:
            return "the police have an evidence hold in place"
        return "the police have not yet made an evidence decision"

    def _require_open(self) -> None:
        if self.is_closed:
            raise CaseIsClosed()

    def _require_assessed(self, what: str) -> Level:
        self._require_open()
        if self.level is None:
            raise NotAssessed(what)
        return self.level

    def _require_parents_involved(self, what: str) -> None:
        """Rule 4: steps with the family, and closing, wait for the parents (or the
        value-jump rule)."""
        if not self.parents_involved:
            raise ParentsNotInvolved(what)

    def _before_parents_because(self, reason: str | None, what: str) -> str | None:
        """Rule 4: Stop may come before the parents are involved, with a reason recorded."""
        if self.parents_involved:
            return None
        if reason is None or not reason.strip():
            raise ParentsNotInvolved(what, may_go_first=True)
        return reason.strip()

    def _require_police_release(self, what: str) -> None:
        """Rule 2: at level 3 and 4 the police decide how material is deleted."""
        level = self._require_assessed(what)
        if self.waiting_for_police:
            raise WaitingForPolice(level, self.waiting_for_police)

    def _require_minor(self, what: str) -> None:
        if not self.victim_is_minor:
            raise NotForThisVictim(what, "a minor")

    def _arrived(self, what: Arrival, actor: Actor) -> None:
        """Facts from another agency that reach a closed case are kept to be acted on."""
        if self.is_closed:
            self.arrived_after_closing.append(ArrivedAfterClosing(what, self._deed(actor)))

    # Afdæk: who is involved, what happened, where, how far it spread, the victim's age.
    class FactsUncovered(Event):
        involved: list[InvolvedParty]
        what_happened: str
        where: str
        spread: Spread
        victim_age: int | None
        actor: Actor

    def uncover_facts(
        self,
        *,
        involved: list[InvolvedParty],
        what_happened: str,
        where: str,
        spread: Spread,
        victim_age: int | None,
        actor: Actor,
    ) -> None:
        self._require_open()
        self._facts_uncovered(
            involved=list(involved),
            what_happened=what_happened,
            where=where,
            spread=spread,
            victim_age=victim_age,
            actor=actor,
        )

    @event(FactsUncovered)
    def _facts_uncovered(
        self,
        *,
        involved: list[InvolvedParty],
        what_happened: str,
        where: str,
        spread: Spread,
        victim_age: int | None,
        actor: Actor,
    ) -> None:
        self.involved = list(involved)
        self.spread = Spread(spread)
        self.facts = self._deed(actor)

    # Vurder: the level of the handling model, context A or B, provisions and track.
    class Assessed(Event):
        material: list[MaterialFeature]
        reaction: VictimReaction
        suggested_level: Level
        level: Level
        context: Context
        provisions: list[Provision]
        track: Track
        reason: str | None
        actor: Actor

    def assess(
        self,
        *,
        material: list[MaterialFeature],
        reaction: VictimReaction,
        context: Context,
        provisions: list[Provision],
        track: Track,
        actor: Actor,
        level: Level | None = None,
        reason: str | None = None,
    ) -> Level:
        """Record the assessment; a level other than the suggested one needs a reason."""
        self._require_open()
        suggested = suggest_level(material, reaction)
        chosen = Level(level) if level is not None else suggested
        if chosen != suggested:
            reason = _reason(
                reason, f"Choosing level {chosen} instead of the suggested {suggested}"
            )
        self._assessed(
            material=list(material),
            reaction=reaction,
            suggested_level=suggested,
            level=chosen,
            context=context,
            provisions=list(provisions),
            track=track,
            reason=reason,
            actor=actor,
        )
        return chosen

    @event(Assessed)
    def _assessed(
        self,
        *,
        material: list[MaterialFeature],
        reaction: VictimReaction,
        suggested_level: Level,
        level: Level,
        context: Context,
        provisions: list[Provision],
        track: Track,
        reason: str | None,
        actor: Actor,
    ) -> None:
        self.level = Level(level)
        self.context = Context(context)
        self.provisions = [Provision(p) for p in provisions]
        self.track = Track(track)
        self.assessment = self._deed(actor)

    # Inddrag: a minor's parents as soon as possible, unless the value-jump rule applies.
    class ParentsInformed(Event):
        actor: Actor

    def inform_parents(self, *, actor: Actor) -> None:
        self._require_open()
        self._require_minor("Informing the parents as a step of the card")
        if self.parents_informed is not None:
            raise ParentsAlreadyInformed()
        self._parents_informed(actor=actor)

    @event(ParentsInformed)
    def _parents_informed(self, *, actor: Actor) -> None:
        self.parents_informed = self._deed(actor)

    class ParentsNotYetInformed(Event):
        """Værdispringsreglen (Forvaltningsloven §28): the child's interest comes first."""

        reason: str
        actor: Actor
        reassess_by: date | None = None

    def defer_informing_parents(self, *, reason: str, reassess_by: date, actor: Actor) -> None:
        """Not yet, and reassessed by ``reassess_by``: a deferral is not an involvement."""
        self._require_open()
        self._require_minor("The value-jump rule")
        if self.parents_informed is not None:
            raise ParentsAlreadyInformed()
        self._parents_not_yet_informed(
            reason=_reason(reason, "Not informing the parents (værdispringsreglen)"),
            reassess_by=reassess_by,
            actor=actor,
        )

    @event(ParentsNotYetInformed)
    def _parents_not_yet_informed(
        self, *, reason: str, actor: Actor, reassess_by: date | None = None
    ) -> None:
        self.deferral = Deferral(reason, reassess_by, self._deed(actor))

    class AdultVictimChoseInvolvement(Event):
        involved: list[str]
        actor: Actor

    def record_adult_victim_choice(self, *, involved: list[str], actor: Actor) -> None:
        """An adult victim decides with the professional who is involved."""
        self._require_open()
        if self.victim_is_minor:
            raise NotForThisVictim("The victim's own choice of whom to involve", "an adult")
        self._adult_victim_chose(involved=list(involved), actor=actor)

    @event(AdultVictimChoseInvolvement)
    def _adult_victim_chose(self, *, involved: list[str], actor: Actor) -> None:
        self.adult_victim_choice = self._deed(actor)

    # The police's resource person: a view on the case, a report, the evidence.
    class PoliceNotified(Event):
        notification_id: UUID
        actor: Actor

    def notify_police(self, *, actor: Actor) -> UUID:
        """Tell the district's police liaison: to weigh a report and decide on evidence."""
        self._require_open()
        notification_id = uuid4()
        self._police_notified(notification_id=notification_id, actor=actor)
        return notification_id

    @event(PoliceNotified)
    def _police_notified(self, *, notification_id: UUID, actor: Actor) -> None:
        self.police_contacts[notification_id] = PoliceContact(notification_id, self._deed(actor))

    # Facts from the police are recorded even on a closed case: they are not the
    # school's to refuse, and losing them would break the history.
    class PoliceAcknowledged(Event):
        notification_id: UUID
        actor: Actor

    def record_police_acknowledgement(self, *, notification_id: UUID, actor: Actor) -> None:
        contact = self.police_contacts.get(notification_id)
        if contact is None:
            raise UnknownPoliceNotification(notification_id)
        if contact.acknowledged is not None:
            raise PoliceNotificationAlreadyAcknowledged(notification_id)
        self._police_acknowledged(notification_id=notification_id, actor=actor)

    @event(PoliceAcknowledged)
    def _police_acknowledged(self, *, notification_id: UUID, actor: Actor) -> None:
        contact = self.police_contacts[notification_id]
        self.police_contacts[notification_id] = replace(contact, acknowledged=self._deed(actor))
        self._arrived(Arrival.POLICE_ACKNOWLEDGED, actor)

    # ============================================================ Dokumenter (document)
    # Documenting is always allowed on an open case, before the parents are told too:
    # in a sextortion case securing evidence is the first minutes' work (seeds 003, 004).
    class EvidenceDocumented(Event):
        kind: EvidenceKind
        held_by: EvidenceHolder
        captured_at: datetime | None
        actor: Actor

    def document_evidence(
        self,
        *,
        kind: EvidenceKind,
        held_by: EvidenceHolder,
        captured_at: datetime | None,
        actor: Actor,
    ) -> None:
        self._require_open()
        self._evidence_documented(kind=kind, held_by=held_by, captured_at=captured_at, actor=actor)

    @event(EvidenceDocumented)
    def _evidence_documented(
        self,
        *,
        kind: EvidenceKind,
        held_by: EvidenceHolder,
        captured_at: datetime | None,
        actor: Actor,
    ) -> None:
        self.evidence.append(Evidence(EvidenceKind(kind), EvidenceHolder(held_by)))
        self.evidence_documented = self._deed(actor)

    class MaterialFingerprinted(Event):
        """Fingerprints of the material, computed where it is; never the material itself."""

        fingerprints: list[Fingerprint]
        actor: Actor

    def record_fingerprints(self, *, fingerprints: list[Fingerprint], actor: Actor) -> None:
        """Fingerprints already recorded are not recorded twice."""
        self._require_open()
        new = [f for f in dict.fromkeys(fingerprints) if f not in self.fingerprints]
        if new:
            self._material_fingerprinted(fingerprints=new, actor=actor)

    @event(MaterialFingerprinted)
    def _material_fingerprinted(self, *, fingerprints: list[Fingerprint], actor: Actor) -> None:
        self.fingerprints.extend(fingerprints)

    class PersonNamed(Event):
        """A person involved, by the pseudonym SSP's key gives their national identifier."""

        role: InvolvedRole
        pseudonym: str
        actor: Actor

    def name_person(self, *, role: InvolvedRole, pseudonym: str, actor: Actor) -> None:
        """The same person in the same role is named once."""
        self._require_open()
        if NamedPerson(InvolvedRole(role), pseudonym) not in self.people:
            self._person_named(role=role, pseudonym=pseudonym, actor=actor)

    @event(PersonNamed)
    def _person_named(self, *, role: InvolvedRole, pseudonym: str, actor: Actor) -> None:
        self.people.append(NamedPerson(InvolvedRole(role), pseudonym))

    class LinkedToIncident(Event):
        """SSP found the same material in other schools' cases: how many, never which."""

        cluster_id: UUID
        schools: int
        municipalities: int
        actor: Actor

    def note_linked_to_incident(
        self, *, cluster_id: UUID, schools: int, municipalities: int, actor: Actor
    ) -> None:
        self._linked_to_incident(
            cluster_id=cluster_id, schools=schools, municipalities=municipalities, actor=actor
        )

    @event(LinkedToIncident)
    def _linked_to_incident(
        self, *, cluster_id: UUID, schools: int, municipalities: int, actor: Actor
    ) -> None:
        self.incident = LinkedIncident(cluster_id, schools, municipalities)
        self._arrived(Arrival.LINKED_TO_INCIDENT, actor)

    class SharedWithMunicipality(Event):
        """The case's SSP shared it with another municipality's SSP, to coordinate
        together: that SSP may now be handed the case's key and is told its news."""

        municipality: str
        actor: Actor

    def note_shared_with(self, *, municipality: str, actor: Actor) -> None:
        """Sharing again with the same municipality (or its own) changes nothing."""
        known = (self.municipality, *self.shared_with)
        if not any(same_name(municipality, m) for m in known):
            self._shared_with(municipality=municipality, actor=actor)

    @event(SharedWithMunicipality)
    def _shared_with(self, *, municipality: str, actor: Actor) -> None:
        self.shared_with.append(municipality)

    class LogbookEntryAdded(Event):
        who: str
        what: str
        where: str
        when: datetime
        actor: Actor

    def add_logbook_entry(
        self, *, who: str, what: str, where: str, when: datetime, actor: Actor
    ) -> None:
        self._require_open()
        self._logbook_entry_added(who=who, what=what, where=where, when=when, actor=actor)

    @event(LogbookEntryAdded)
    def _logbook_entry_added(
        self, *, who: str, what: str, where: str, when: datetime, actor: Actor
    ) -> None:
        self.logbook = self._deed(actor)

    # ====================================================== Stop krænkelsen (stop)
    # Stop may come before the parents are involved, with the reason recorded (seed 004:
    # "Dokumenter og Stop krænkelsen kan i enkelte tilfælde komme før forældreinddragelse").
    class KnownOffenderContacted(Event):
        offender_parents_contacted: bool
        actor: Actor
        before_parents_because: str | None = None

    def contact_known_offender(
        self,
        *,
        offender_parents_contacted: bool,
        actor: Actor,
        before_parents_because: str | None = None,
    ) -> None:
        self._require_assessed("Contacting the offender")
        because = self._before_parents_because(before_parents_because, "Contacting the offender")
        self._known_offender_contacted(
            offender_parents_contacted=offender_parents_contacted,
            before_parents_because=because,
            actor=actor,
        )

    @event(KnownOffenderContacted)
    def _known_offender_contacted(
        self,
        *,
        offender_parents_contacted: bool,
        actor: Actor,
        before_parents_because: str | None = None,
    ) -> None:
        self.offender_contacted = self._deed(actor)
        self._note_before_parents("contact_offender", before_parents_because)

    def _note_before_parents(self, step: str, because: str | None) -> None:
        if because:
            self.before_parents[step] = because

    class DeletionRequested(Event):
        from_whom: str
        actor: Actor
        request_id: UUID | None = None
        before_parents_because: str | None = None

    def request_deletion(
        self, *, from_whom: str, actor: Actor, before_parents_because: str | None = None
    ) -> UUID:
        """Ask someone who holds the material to delete it; each request is confirmed alone."""
        self._require_police_release("A deletion request")
        because = self._before_parents_because(before_parents_because, "A deletion request")
        request_id = uuid4()
        self._deletion_requested(
            from_whom=from_whom,
            request_id=request_id,
            before_parents_because=because,
            actor=actor,
        )
        return request_id

    @event(DeletionRequested)
    def _deletion_requested(
        self,
        *,
        from_whom: str,
        actor: Actor,
        request_id: UUID | None = None,
        before_parents_because: str | None = None,
    ) -> None:
        key = request_id or uuid4()
        self.deletions[key] = DeletionRequest(key, from_whom, self._deed(actor))
        self._note_before_parents("request_deletion", before_parents_because)

    class DeletionConfirmed(Event):
        proof: DeletionProof
        shared_with_count: int
        actor: Actor
        request_id: UUID | None = None

    def confirm_deletion(
        self,
        *,
        request_id: UUID,
        proof: DeletionProof,
        shared_with_count: int,
        actor: Actor,
    ) -> None:
        """Confirms the one request it names: three requests need three confirmations."""
        self._require_assessed("Confirming a deletion")
        if request_id not in self.deletions:
            raise UnknownDeletionRequest(request_id)
        self._deletion_confirmed(
            request_id=request_id, proof=proof, shared_with_count=shared_with_count, actor=actor
        )

    @event(DeletionConfirmed)
    def _deletion_confirmed(
        self,
        *,
        proof: DeletionProof,
        shared_with_count: int,
        actor: Actor,
        request_id: UUID | None = None,
    ) -> None:
        unconfirmed = [r for r in self.deletions.values() if r.confirmed is None]
        request = self.deletions.get(request_id) if request_id else None
        request = request or (unconfirmed[0] if unconfirmed else None)
        if request is not None:  # records made before requests had ids confirm the oldest
            self.deletions[request.request_id] = replace(
                request, confirmed=self._deed(actor), proof=DeletionProof(proof)
            )

    class TakedownRequested(Event):
        platform: str
        actor: Actor
        before_parents_because: str | None = None

    def request_takedown(
        self, *, platform: str, actor: Actor, before_parents_because: str | None = None
    ) -> None:
        self._require_police_release("A takedown request")
        because = self._before_parents_because(before_parents_because, "A takedown request")
        self._takedown_requested(
            platform=platform_named(platform).name, before_parents_because=because, actor=actor
        )

    @event(TakedownRequested)
    def _takedown_requested(
        self, *, platform: str, actor: Actor, before_parents_because: str | None = None
    ) -> None:
        self.takedowns[platform] = Takedown(platform, self._deed(actor))
        self._note_before_parents("request_takedown", before_parents_because)

    def _takedown_at(self, platform: str) -> Takedown:
        """The request to a platform, however its name is written ("instagram", "Insta")."""
        found = self.takedowns.get(platform_named(platform).name)
        if found is None:
            raise UnknownTakedown(platform)
        return found

    class TakedownOutcomeRecorded(Event):
        platform: str
        outcome: TakedownOutcome
        actor: Actor

    def record_takedown_outcome(
        self, *, platform: str, outcome: TakedownOutcome, actor: Actor
    ) -> None:
        self._require_open()
        takedown = self._takedown_at(platform)
        self._takedown_outcome(platform=takedown.platform, outcome=outcome, actor=actor)

    @event(TakedownOutcomeRecorded)
    def _takedown_outcome(self, *, platform: str, outcome: TakedownOutcome, actor: Actor) -> None:
        takedown = self.takedowns[platform]
        self.takedowns[platform] = replace(
            takedown, outcome=TakedownOutcome(outcome), answered=self._deed(actor)
        )

    class DatatilsynetComplaintFiled(Event):
        platform: str
        actor: Actor

    def complain_to_datatilsynet(self, *, platform: str, actor: Actor) -> None:
        """Rule 6: only after the platform refused a takedown."""
        self._require_open()
        takedowns = self.takedowns.get(platform_named(platform).name)
        if takedowns is None or takedowns.outcome is not TakedownOutcome.REFUSED:
            raise NoRefusedTakedown(platform)
        self._complaint_filed(platform=takedowns.platform, actor=actor)

    @event(DatatilsynetComplaintFiled)
    def _complaint_filed(self, *, platform: str, actor: Actor) -> None:
        takedown = self.takedowns[platform]
        self.takedowns[platform] = replace(takedown, complaint=Complaint(self._deed(actor)))

    class DatatilsynetDecided(Event):
        platform: str
        outcome: ComplaintOutcome
        actor: Actor

    def record_datatilsynet_decision(
        self, *, platform: str, outcome: ComplaintOutcome, actor: Actor
    ) -> None:
        """Datatilsynet upheld or rejected the complaint; the card follows its answer."""
        self._require_open()
        takedown = self._takedown_at(platform)
        if takedown.complaint is None:
            raise NoRefusedTakedown(platform)
        if takedown.complaint.outcome is not ComplaintOutcome.PENDING:
            raise ComplaintAlreadyDecided(platform)
        self._datatilsynet_decided(platform=takedown.platform, outcome=outcome, actor=actor)

    @event(DatatilsynetDecided)
    def _datatilsynet_decided(
        self, *, platform: str, outcome: ComplaintOutcome, actor: Actor
    ) -> None:
        takedown = self.takedowns[platform]
        assert takedown.complaint is not None
        decided = replace(
            takedown.complaint, outcome=ComplaintOutcome(outcome), decided=self._deed(actor)
        )
        self.takedowns[platform] = replace(takedown, complaint=decided)

    class EvidenceHoldSet(Event):
        """The police secure evidence (bevissikring): nothing is deleted meanwhile."""

        actor: Actor

    def record_evidence_hold(self, *, actor: Actor) -> None:
        if self.evidence_hold is EvidenceHold.HELD:
            raise EvidenceHoldState("The police's evidence hold is already in place.")
        self._evidence_hold_set(actor=actor)

    @event(EvidenceHoldSet)
    def _evidence_hold_set(self, *, actor: Actor) -> None:
        self.evidence_hold = EvidenceHold.HELD
        self.evidence_decision = self._deed(actor)
        self._arrived(Arrival.EVIDENCE_HELD, actor)

    class EvidenceHoldLifted(Event):
        """The police have decided how the material may be deleted."""

        actor: Actor

    def record_evidence_hold_lifted(self, *, actor: Actor) -> None:
        if self.evidence_hold is EvidenceHold.RELEASED:
            raise EvidenceHoldState("The police have already released the material for deletion.")
        self._evidence_hold_lifted(actor=actor)

    @event(EvidenceHoldLifted)
    def _evidence_hold_lifted(self, *, actor: Actor) -> None:
        self.evidence_hold = EvidenceHold.RELEASED
        self.evidence_decision = self._deed(actor)
        self._arrived(Arrival.EVIDENCE_RELEASED, actor)

    class CooperationRequested(Event):
        """Other schools in the municipality are involved; SSP coordinates."""

        schools: list[str]
        actor: Actor

    def request_cooperation(self, *, schools: list[str], actor: Actor) -> None:
        self._require_open()
        self._cooperation_requested(schools=list(schools), actor=actor)

    @event(CooperationRequested)
    def _cooperation_requested(self, *, schools: list[str], actor: Actor) -> None:
        self.cooperation = self._deed(actor)

    # ============================================================== Anmeld (report)
    class PoliceReportFiled(Event):
        filed_by: ReportFiler
        provision: Provision
        channel: ReportChannel
        actor: Actor

    def file_police_report(
        self,
        *,
        filed_by: ReportFiler,
        provision: Provision,
        channel: ReportChannel,
        actor: Actor,
    ) -> None:
        """Rule 5: under §264d the victim or parents report; the school only §232/§235."""
        self._require_open()
        if filed_by is ReportFiler.SCHOOL and provision not in SCHOOL_MAY_REPORT:
            raise SchoolMayNotReport(provision.value)
        self._police_report_filed(
            filed_by=filed_by, provision=provision, channel=channel, actor=actor
        )

    @event(PoliceReportFiled)
    def _police_report_filed(
        self,
        *,
        filed_by: ReportFiler,
        provision: Provision,
        channel: ReportChannel,
        actor: Actor,
    ) -> None:
        self.police_reports.append(
            PoliceReport(ReportFiler(filed_by), Provision(provision), self._deed(actor))
        )

    class PoliceTookOver(Event):
        actor: Actor

    def record_police_took_over(self, *, actor: Actor) -> None:
        self._require_open()
        self._police_took_over(actor=actor)

    @event(PoliceTookOver)
    def _police_took_over(self, *, actor: Actor) -> None:
        self.police_took_over = self._deed(actor)

    class UnderretningSent(Event):
        reason: str
        actor: Actor

    def send_underretning(self, *, reason: str, actor: Actor) -> None:
        """Not waiting for the parents: an underretning is sent when they are the problem."""
        self._require_open()
        self._underretning_sent(reason=_reason(reason, "An underretning"), actor=actor)

    @event(UnderretningSent)
    def _underretning_sent(self, *, reason: str, actor: Actor) -> None:
        self.underretning = self._deed(actor)

    class UnderretningReceiptRecorded(Event):
        confirmed_at: datetime
        actor: Actor

    def record_underretning_receipt(self, *, confirmed_at: datetime, actor: Actor) -> None:
        """The municipal authority confirms it received the underretning (within six
        working days, by law), recorded by its case system. Once: a receipt sent again
        changes nothing. A closed case still takes it, as a fact of its history."""
        self._require_underretning_sent()
        if self.underretning_receipt is None:
            self._underretning_receipt(confirmed_at=confirmed_at, actor=actor)

    @event(UnderretningReceiptRecorded)
    def _underretning_receipt(self, *, confirmed_at: datetime, actor: Actor) -> None:
        self.underretning_receipt = self._deed(actor)
        """When Samspil learned of it: what meets the deadline (a receipt is not backdated)."""
        self.underretning_confirmed_at = confirmed_at

    def _require_underretning_sent(self) -> None:
        if self.underretning is None:
            raise NoUnderretningSent()

    class InsuranceAdviceGiven(Event):
        actor: Actor

    def give_insurance_advice(self, *, actor: Actor) -> None:
        """Relevant with or without a police report (psychologist, legal help)."""
        self._require_open()
        self._insurance_advice(actor=actor)

    @event(InsuranceAdviceGiven)
    def _insurance_advice(self, *, actor: Actor) -> None:
        self.insurance_advice = self._deed(actor)

    # ============================================================ Behandl (follow up)
    class SspSparringHeld(Event):
        note: str
        actor: Actor

    def hold_ssp_sparring(self, *, note: str, actor: Actor) -> None:
        self._require_open()
        self._sparring(note=note, actor=actor)

    @event(SspSparringHeld)
    def _sparring(self, *, note: str, actor: Actor) -> None:
        self.sparring = self._deed(actor)

    class SspAdviceReceived(Event):
        """The SSP consultant gave advice on the case (sent by SSP, who and when)."""

        actor: Actor

    def record_ssp_advice(self, *, actor: Actor) -> None:
        """From SSP, also on a closed case: it is SSP's deed, not the school's to refuse."""
        self._ssp_advice_received(actor=actor)

    @event(SspAdviceReceived)
    def _ssp_advice_received(self, *, actor: Actor) -> None:
        self.sparring = self._deed(actor)
        self._arrived(Arrival.SSP_ADVICE, actor)

    class HelpGiven(Event):
        """Help to those concerned, as the handling model and the card describe it."""

        item: HelpItem
        note: str | None
        actor: Actor

    def give_help(self, *, item: HelpItem, note: str | None, actor: Actor) -> None:
        """Help for the pupil starts at once (talks, normalising, a friend …): none of it
        waits for the parents; what involves them (referrals, consents, updates) does."""
        self._require_open()
        self._help_given(item=HelpItem(item), note=note, actor=actor)

    @event(HelpGiven)
    def _help_given(self, *, item: HelpItem, note: str | None, actor: Actor) -> None:
        self.help[HelpItem(item)] = self._deed(actor)
        self.help_count[HelpItem(item)] = self.help_count.get(HelpItem(item), 0) + 1

    class ItemAssigned(Event):
        """An item of the card given to a named colleague: they see it first and are reminded."""

        item: str
        person_id: str
        actor: Actor

    def assign(self, *, item: str, person_id: str, actor: Actor) -> None:
        self._require_open()
        self._item_assigned(item=item, person_id=person_id, actor=actor)

    @event(ItemAssigned)
    def _item_assigned(self, *, item: str, person_id: str, actor: Actor) -> None:
        self.__dict__.setdefault("assignments", {})[item] = person_id

    class ParentUpdatesAgreed(Event):
        """Seed 004: agree with the parents how often school and home update each other."""

        every_days: int
        actor: Actor

    def agree_parent_updates(self, *, every_days: int, actor: Actor) -> None:
        self._require_open()
        self._require_minor("Agreeing updates with the parents")
        self._require_parents_involved("Agreeing updates with the parents")
        self._parent_updates_agreed(every_days=every_days, actor=actor)

    @event(ParentUpdatesAgreed)
    def _parent_updates_agreed(self, *, every_days: int, actor: Actor) -> None:
        self.parent_updates_every_days = every_days
        self.parent_updates_agreed = self._deed(actor)

    class ParentsUpdated(Event):
        actor: Actor

    def update_parents(self, *, actor: Actor) -> None:
        self._require_open()
        self._require_minor("Updating the parents")
        self._require_parents_involved("Updating the parents")
        self._parents_updated(actor=actor)

    @event(ParentsUpdated)
    def _parents_updated(self, *, actor: Actor) -> None:
        self.parents_updated = self._deed(actor)
        self.__dict__.setdefault("parent_update_deeds", []).append(self.parents_updated)

    class Referred(Event):
        to: Referral
        actor: Actor

    def refer(self, *, to: Referral, actor: Actor) -> None:
        self._require_open()
        if Referral(to).needs_parents:
            self._require_parents_involved("A referral to a psychologist, lawyer or centre")
        self._referred(to=to, actor=actor)

    @event(Referred)
    def _referred(self, *, to: Referral, actor: Actor) -> None:
        self.referrals[Referral(to)] = self._deed(actor)

    class ConflictMediationOffered(Event):
        actor: Actor

    def offer_conflict_mediation(self, *, actor: Actor) -> None:
        self._require_assessed("Conflict mediation")
        self._require_parents_involved("Conflict mediation")
        self._mediation_offered(actor=actor)

    @event(ConflictMediationOffered)
    def _mediation_offered(self, *, actor: Actor) -> None:
        self.mediation = self._deed(actor)

    class ConsentRecorded(Event):
        given_by: ConsentGiver
        audience: Audience
        actor: Actor

    def record_consent(self, *, given_by: ConsentGiver, audience: Audience, actor: Actor) -> None:
        self._require_open()
        if given_by is ConsentGiver.PARENTS:
            self._require_minor("The parents' consent")
        self._require_parents_involved("A consent to tell the surroundings")
        self._consent_recorded(given_by=given_by, audience=audience, actor=actor)

    @event(ConsentRecorded)
    def _consent_recorded(
        self, *, given_by: ConsentGiver, audience: Audience, actor: Actor
    ) -> None:
        self.consents.setdefault(Audience(audience), set()).add(ConsentGiver(given_by))

    def consent_missing_for(self, audience: Audience) -> list[str]:
        """Whose consent is still needed before ``audience`` may be told (rule 7)."""
        needed = [ConsentGiver.VICTIM]
        if self.victim_is_minor:
            needed.append(ConsentGiver.PARENTS)
        given = self.consents.get(audience, set())
        return [f"the {g.value}" for g in needed if g not in given]

    class SurroundingsInformed(Event):
        audience: Audience
        actor: Actor

    def inform_surroundings(self, *, audience: Audience, actor: Actor) -> None:
        """Rule 7: with the consent of the victim (and, for a minor, the parents); the
        class is talked to by the class team only after management agreed to it."""
        self._require_open()
        self._require_parents_involved("Telling the surroundings")
        missing = self.consent_missing_for(audience)
        if missing:
            raise ConsentMissing(audience.value, missing)
        if audience is Audience.CLASS and HelpItem.CLASS_TALK_AGREED not in self.help:
            raise ManagementAgreementMissing()
        self._surroundings_informed(audience=audience, actor=actor)

    @event(SurroundingsInformed)
    def _surroundings_informed(self, *, audience: Audience, actor: Actor) -> None:
        self.surroundings_informed[Audience(audience)] = self._deed(actor)

    class PressHandled(Event):
        note: str
        actor: Actor

    def handle_press(self, *, note: str, actor: Actor) -> None:
        self._require_open()
        self._press_handled(note=note, actor=actor)

    @event(PressHandled)
    def _press_handled(self, *, note: str, actor: Actor) -> None:
        self.press = self._deed(actor)

    # ================================================================ Closing
    class Closed(Event):
        outcome: Outcome
        reason: str | None
        actor: Actor
        left_open: tuple[str, ...] = ()
        """The checklist's steps still due when it was closed (the reason says why)."""

    def close(
        self, *, outcome: Outcome, reason: str | None, left_open: list[str], actor: Actor
    ) -> None:
        """Rules 3, 4 and 8: closing needs an outcome, the parents involved, at level 4 a
        police report, the police's evidence released unless they took the case over, and
        a reason for each step still due (``left_open``, kept on the event)."""
        self._require_open()
        self._require_parents_involved("Closing the case")
        if self.level is Level.FOUR and not self.police_reports:
            raise PoliceReportRequired()
        if self.evidence_hold is EvidenceHold.HELD and self.police_took_over is None:
            raise EvidenceHeldByPolice()
        if left_open:
            reason = _reason(reason, f"Closing with steps still due ({', '.join(left_open)})")
        self._closed(outcome=outcome, reason=reason, left_open=list(left_open), actor=actor)

    @event(Closed)
    def _closed(
        self,
        *,
        outcome: Outcome,
        reason: str | None,
        actor: Actor,
        left_open: tuple[str, ...] | list[str] = (),
    ) -> None:
        self.outcome = Outcome(outcome)
        self.closed = self._deed(actor)
        self.left_open = list(left_open)
        self.arrived_after_closing = []

    class Reopened(Event):
        reason: str
        actor: Actor
        because: ReopenReason = ReopenReason.OTHER

    def reopen(
        self, *, reason: str, actor: Actor, because: ReopenReason = ReopenReason.OTHER
    ) -> None:
        """What the reason touches is due again: the material resurfaced → Dokumenter and
        Stop; new facts → Vurder; a new offence → all three."""
        if not self.is_closed:
            raise CaseIsOpen()
        self._reopened(reason=_reason(reason, "Reopening a case"), because=because, actor=actor)

    @event(Reopened)
    def _reopened(
        self, *, reason: str, actor: Actor, because: ReopenReason = ReopenReason.OTHER
    ) -> None:
        self.outcome = None
        self.closed = None
        because = ReopenReason(because)
        if because in (ReopenReason.NEW_FACTS, ReopenReason.NEW_OFFENCE):
            self.facts = None
            self.assessment = None
        if because in (ReopenReason.MATERIAL_RESURFACED, ReopenReason.NEW_OFFENCE):
            self.evidence_documented = None
            self.logbook = None
            self.offender_contacted = None
            self.deletions = {}
            self.takedowns = {}
