"""The school's case (sag), walked through the action card at a level of the handling model.

Each public method is something a professional does; the event class it records
sits in the section of the action card it belongs to. Checks run before an event
is triggered, so a refused command leaves the case unchanged. The rules are the
ones in ``../shared/domain/HANDLING_MODEL.md``; each refusal is a named error from
``domain.errors``.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.actors import Actor
from domain.case_facts import (
    Audience,
    ConsentGiver,
    DeletionProof,
    EvidenceHolder,
    EvidenceKind,
    InvolvedParty,
    InvolvedRole,
    Outcome,
    Referral,
    ReportChannel,
    ReportFiler,
    Spread,
    TakedownOutcome,
)
from domain.errors import (
    CaseIsClosed,
    CaseIsOpen,
    ConsentMissing,
    EvidenceHoldState,
    NoRefusedTakedown,
    NotAssessed,
    NotForThisVictim,
    ParentsAlreadyInformed,
    ParentsNotInvolved,
    PoliceNotificationAlreadyAcknowledged,
    PoliceReportRequired,
    ReasonRequired,
    SchoolMayNotReport,
    UnknownPoliceNotification,
    UnknownTakedown,
    WaitingForPolice,
)
from domain.fingerprints import Fingerprint
from domain.geography import PoliceDistrict
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

SCHOOL_MAY_REPORT = frozenset({Provision.INDECENCY, Provision.CHILD_SEXUAL_ABUSE_MATERIAL})


def _reason(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise ReasonRequired(what)
    return text.strip()


class Case(Aggregate):
    """A case of a digital sexual offence, as the school handles it."""

    # ----------------------------------------------------------------- Vurder (assess)
    class Reported(Aggregate.Created):
        institution: str
        municipality: str
        police_district: PoliceDistrict
        offence_category: OffenceCategory
        victim_is_minor: bool
        description: str
        actor: Actor

    class FactsUncovered(Aggregate.Event):
        involved: list[InvolvedParty]
        what_happened: str
        where: str
        spread: Spread
        victim_age: int | None
        actor: Actor

    class Assessed(Aggregate.Event):
        material: list[MaterialFeature]
        reaction: VictimReaction
        suggested_level: Level
        level: Level
        context: Context
        provisions: list[Provision]
        track: Track
        reason: str | None
        actor: Actor

    class ParentsInformed(Aggregate.Event):
        actor: Actor

    class ParentsNotYetInformed(Aggregate.Event):
        """Værdispringsreglen (Forvaltningsloven §28): the child's interest comes first."""

        reason: str
        actor: Actor

    class AdultVictimChoseInvolvement(Aggregate.Event):
        involved: list[str]
        actor: Actor

    class PoliceNotified(Aggregate.Event):
        notification_id: UUID
        actor: Actor

    class PoliceAcknowledged(Aggregate.Event):
        notification_id: UUID
        actor: Actor

    # ---------------------------------------------------------- Dokumenter (document)
    class EvidenceDocumented(Aggregate.Event):
        kind: EvidenceKind
        held_by: EvidenceHolder
        captured_at: datetime | None
        actor: Actor

    class MaterialFingerprinted(Aggregate.Event):
        """Fingerprints of the material, computed where it is; never the material itself."""

        fingerprints: list[Fingerprint]
        actor: Actor

    class PersonNamed(Aggregate.Event):
        """A person involved, by the pseudonym SSP's key gives their national identifier."""

        role: InvolvedRole
        pseudonym: str
        actor: Actor

    class LinkedToIncident(Aggregate.Event):
        """SSP found the same material in other schools' cases: how many, never which."""

        cluster_id: UUID
        schools: int
        municipalities: int
        actor: Actor

    class LogbookEntryAdded(Aggregate.Event):
        who: str
        what: str
        where: str
        when: datetime
        actor: Actor

    # ------------------------------------------------------ Stop krænkelsen (stop)
    class KnownOffenderContacted(Aggregate.Event):
        offender_parents_contacted: bool
        actor: Actor

    class DeletionRequested(Aggregate.Event):
        from_whom: str
        actor: Actor

    class DeletionConfirmed(Aggregate.Event):
        proof: DeletionProof
        shared_with_count: int
        actor: Actor

    class TakedownRequested(Aggregate.Event):
        platform: str
        actor: Actor

    class TakedownOutcomeRecorded(Aggregate.Event):
        platform: str
        outcome: TakedownOutcome
        actor: Actor

    class DatatilsynetComplaintFiled(Aggregate.Event):
        platform: str
        actor: Actor

    class EvidenceHoldSet(Aggregate.Event):
        """The police secure evidence (bevissikring): nothing is deleted meanwhile."""

        actor: Actor

    class EvidenceHoldLifted(Aggregate.Event):
        """The police have decided how the material may be deleted."""

        actor: Actor

    class CooperationRequested(Aggregate.Event):
        """Other schools in the municipality are involved; SSP coordinates."""

        schools: list[str]
        actor: Actor

    # ------------------------------------------------------------ Anmeld (report)
    class PoliceReportFiled(Aggregate.Event):
        filed_by: ReportFiler
        provision: Provision
        channel: ReportChannel
        actor: Actor

    class PoliceTookOver(Aggregate.Event):
        actor: Actor

    class UnderretningSent(Aggregate.Event):
        reason: str
        actor: Actor

    class InsuranceAdviceGiven(Aggregate.Event):
        actor: Actor

    # ---------------------------------------------------------- Behandl (follow up)
    class SspSparringHeld(Aggregate.Event):
        note: str
        actor: Actor

    class Referred(Aggregate.Event):
        to: Referral
        actor: Actor

    class ConflictMediationOffered(Aggregate.Event):
        actor: Actor

    class ConsentRecorded(Aggregate.Event):
        given_by: ConsentGiver
        audience: Audience
        actor: Actor

    class SurroundingsInformed(Aggregate.Event):
        audience: Audience
        actor: Actor

    class PressHandled(Aggregate.Event):
        note: str
        actor: Actor

    class Closed(Aggregate.Event):
        outcome: Outcome
        reason: str | None
        actor: Actor

    class Reopened(Aggregate.Event):
        reason: str
        actor: Actor

    # ================================================================= Vurder
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
        self.involved: list[InvolvedParty] = []
        self.spread: Spread | None = None
        self.facts_uncovered = False
        self.level: Level | None = None
        self.context: Context | None = None
        self.provisions: list[Provision] = []
        self.track: Track | None = None
        self.parents_informed = False
        self.value_jump_reason: str | None = None
        self.adult_victim_involved: list[str] | None = None
        self.police_notifications: dict[UUID, Actor | None] = {}
        """Each notification sent to the police, with who acknowledged it (if anyone)."""
        self.evidence: list[tuple[EvidenceKind, EvidenceHolder]] = []
        self.fingerprints: list[Fingerprint] = []
        self.people: list[tuple[InvolvedRole, str]] = []
        """(role, pseudonym) of each person named; never their identifier."""
        self.incident: tuple[UUID, int, int] | None = None
        """The incident cluster SSP linked the case to: (id, schools, municipalities)."""
        self.logbook_entries = 0
        self.offender_contacted = False
        self.deletion_requested = False
        self.deletion_confirmed = False
        self.takedowns: dict[str, TakedownOutcome | None] = {}
        """Platform → latest outcome (None until one is recorded)."""
        self.complaints: list[str] = []
        self.evidence_hold: str | None = None
        """None (no police decision yet), "set" or "lifted"."""
        self.cooperation_requested = False
        self.police_reports: list[tuple[ReportFiler, Provision]] = []
        self.police_took_over = False
        self.underretning_sent = False
        self.insurance_advised = False
        self.sparring_held = False
        self.referrals: list[Referral] = []
        self.mediation_offered = False
        self.consents: dict[Audience, set[ConsentGiver]] = {}
        self.surroundings_informed: list[Audience] = []
        self.press_handled = False
        self.outcome: Outcome | None = None

    @property
    def is_closed(self) -> bool:
        return self.outcome is not None

    @property
    def parents_involved(self) -> bool:
        """Parents informed, or the value-jump rule recorded (or not a minor)."""
        return not self.victim_is_minor or self.parents_informed or bool(self.value_jump_reason)

    @property
    def waiting_for_police(self) -> str | None:
        """Why takedown and deletion must wait (level 3 and 4), or None."""
        if self.level is None or self.level < Level.THREE or self.evidence_hold == "lifted":
            return None
        if self.evidence_hold == "set":
            return "the police have an evidence hold in place"
        return "the police have not yet made an evidence decision"

    def _open(self) -> None:
        if self.is_closed:
            raise CaseIsClosed()

    def _beyond_assess(self) -> None:
        """Rule 4: the case leaves the assess step only once the parents are involved."""
        self._open()
        if not self.parents_involved:
            raise ParentsNotInvolved()

    def _assessed(self, what: str) -> Level:
        self._beyond_assess()
        if self.level is None:
            raise NotAssessed(what)
        return self.level

    def _police_allow_removal(self, what: str) -> None:
        level = self._assessed(what)
        if self.waiting_for_police:
            raise WaitingForPolice(level, self.waiting_for_police)

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
        self._open()
        self._facts_uncovered(
            involved=involved,
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
        self.facts_uncovered = True

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
        self._open()
        suggested = suggest_level(material, reaction)
        chosen = Level(level) if level is not None else suggested
        if chosen != suggested:
            reason = _reason(
                reason, f"Choosing level {chosen} instead of the suggested {suggested}"
            )
        self._assessed_event(
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
    def _assessed_event(
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

    # Involver: parents of a minor are involved as soon as possible.
    def inform_parents(self, *, actor: Actor) -> None:
        self._open()
        if not self.victim_is_minor:
            raise NotForThisVictim("Informing the parents as a step of the card", "a minor")
        if self.parents_informed:
            raise ParentsAlreadyInformed()
        self._parents_informed(actor=actor)

    @event(ParentsInformed)
    def _parents_informed(self, *, actor: Actor) -> None:
        self.parents_informed = True

    def defer_informing_parents(self, *, reason: str, actor: Actor) -> None:
        """Værdispringsreglen: the child's interest outweighs the parents', for now."""
        self._open()
        if not self.victim_is_minor:
            raise NotForThisVictim("The value-jump rule", "a minor")
        if self.parents_informed:
            raise ParentsAlreadyInformed()
        self._parents_not_yet_informed(
            reason=_reason(reason, "Not informing the parents (værdispringsreglen)"), actor=actor
        )

    @event(ParentsNotYetInformed)
    def _parents_not_yet_informed(self, *, reason: str, actor: Actor) -> None:
        self.value_jump_reason = reason

    def record_adult_victim_choice(self, *, involved: list[str], actor: Actor) -> None:
        """An adult victim decides with the professional who is involved."""
        self._open()
        if self.victim_is_minor:
            raise NotForThisVictim("The victim's own choice of whom to involve", "an adult")
        self._adult_victim_chose(involved=list(involved), actor=actor)

    @event(AdultVictimChoseInvolvement)
    def _adult_victim_chose(self, *, involved: list[str], actor: Actor) -> None:
        self.adult_victim_involved = list(involved)

    def notify_police(self, *, actor: Actor) -> UUID:
        """Tell the district's police liaison: to weigh a report and decide on evidence."""
        self._open()
        notification_id = uuid4()
        self._police_notified(notification_id=notification_id, actor=actor)
        return notification_id

    @event(PoliceNotified)
    def _police_notified(self, *, notification_id: UUID, actor: Actor) -> None:
        self.police_notifications[notification_id] = None

    # Facts from the police are recorded even on a closed case: they are not the
    # school's to refuse, and losing them would break the history.
    def record_police_acknowledgement(self, *, notification_id: UUID, actor: Actor) -> None:
        if notification_id not in self.police_notifications:
            raise UnknownPoliceNotification(notification_id)
        if self.police_notifications[notification_id] is not None:
            raise PoliceNotificationAlreadyAcknowledged(notification_id)
        self._police_acknowledged(notification_id=notification_id, actor=actor)

    @event(PoliceAcknowledged)
    def _police_acknowledged(self, *, notification_id: UUID, actor: Actor) -> None:
        self.police_notifications[notification_id] = actor

    # ============================================================= Dokumenter
    def record_fingerprints(self, *, fingerprints: list[Fingerprint], actor: Actor) -> None:
        """Fingerprints already recorded are not recorded twice."""
        self._open()
        new = [f for f in dict.fromkeys(fingerprints) if f not in self.fingerprints]
        if new:
            self._material_fingerprinted(fingerprints=new, actor=actor)

    @event(MaterialFingerprinted)
    def _material_fingerprinted(self, *, fingerprints: list[Fingerprint], actor: Actor) -> None:
        self.fingerprints.extend(fingerprints)

    def name_person(self, *, role: InvolvedRole, pseudonym: str, actor: Actor) -> None:
        """The same person in the same role is named once."""
        self._open()
        if (InvolvedRole(role), pseudonym) not in self.people:
            self._person_named(role=role, pseudonym=pseudonym, actor=actor)

    @event(PersonNamed)
    def _person_named(self, *, role: InvolvedRole, pseudonym: str, actor: Actor) -> None:
        self.people.append((InvolvedRole(role), pseudonym))

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
        self.incident = (cluster_id, schools, municipalities)

    def document_evidence(
        self,
        *,
        kind: EvidenceKind,
        held_by: EvidenceHolder,
        captured_at: datetime | None,
        actor: Actor,
    ) -> None:
        self._beyond_assess()
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
        self.evidence.append((EvidenceKind(kind), EvidenceHolder(held_by)))

    def add_logbook_entry(
        self, *, who: str, what: str, where: str, when: datetime, actor: Actor
    ) -> None:
        self._beyond_assess()
        self._logbook_entry_added(who=who, what=what, where=where, when=when, actor=actor)

    @event(LogbookEntryAdded)
    def _logbook_entry_added(
        self, *, who: str, what: str, where: str, when: datetime, actor: Actor
    ) -> None:
        self.logbook_entries += 1

    # ======================================================== Stop krænkelsen
    def contact_known_offender(self, *, offender_parents_contacted: bool, actor: Actor) -> None:
        self._assessed("Contacting the offender")
        self._known_offender_contacted(
            offender_parents_contacted=offender_parents_contacted, actor=actor
        )

    @event(KnownOffenderContacted)
    def _known_offender_contacted(self, *, offender_parents_contacted: bool, actor: Actor) -> None:
        self.offender_contacted = True

    def request_deletion(self, *, from_whom: str, actor: Actor) -> None:
        self._police_allow_removal("A deletion request")
        self._deletion_requested(from_whom=from_whom, actor=actor)

    @event(DeletionRequested)
    def _deletion_requested(self, *, from_whom: str, actor: Actor) -> None:
        self.deletion_requested = True

    def confirm_deletion(
        self, *, proof: DeletionProof, shared_with_count: int, actor: Actor
    ) -> None:
        self._assessed("Confirming a deletion")
        self._deletion_confirmed(proof=proof, shared_with_count=shared_with_count, actor=actor)

    @event(DeletionConfirmed)
    def _deletion_confirmed(
        self, *, proof: DeletionProof, shared_with_count: int, actor: Actor
    ) -> None:
        self.deletion_confirmed = True

    def request_takedown(self, *, platform: str, actor: Actor) -> None:
        self._police_allow_removal("A takedown request")
        self._takedown_requested(platform=platform, actor=actor)

    @event(TakedownRequested)
    def _takedown_requested(self, *, platform: str, actor: Actor) -> None:
        self.takedowns[platform] = None

    def record_takedown_outcome(
        self, *, platform: str, outcome: TakedownOutcome, actor: Actor
    ) -> None:
        self._beyond_assess()
        if platform not in self.takedowns:
            raise UnknownTakedown(platform)
        self._takedown_outcome(platform=platform, outcome=outcome, actor=actor)

    @event(TakedownOutcomeRecorded)
    def _takedown_outcome(self, *, platform: str, outcome: TakedownOutcome, actor: Actor) -> None:
        self.takedowns[platform] = TakedownOutcome(outcome)

    def complain_to_datatilsynet(self, *, platform: str, actor: Actor) -> None:
        """Rule 6: only after the platform refused a takedown."""
        self._beyond_assess()
        if self.takedowns.get(platform) is not TakedownOutcome.REFUSED:
            raise NoRefusedTakedown(platform)
        self._complaint_filed(platform=platform, actor=actor)

    @event(DatatilsynetComplaintFiled)
    def _complaint_filed(self, *, platform: str, actor: Actor) -> None:
        self.complaints.append(platform)

    def record_evidence_hold(self, *, actor: Actor) -> None:
        if self.evidence_hold == "set":
            raise EvidenceHoldState("The police's evidence hold is already in place.")
        self._evidence_hold_set(actor=actor)

    @event(EvidenceHoldSet)
    def _evidence_hold_set(self, *, actor: Actor) -> None:
        self.evidence_hold = "set"

    def record_evidence_hold_lifted(self, *, actor: Actor) -> None:
        if self.evidence_hold == "lifted":
            raise EvidenceHoldState("The police have already released the material for deletion.")
        self._evidence_hold_lifted(actor=actor)

    @event(EvidenceHoldLifted)
    def _evidence_hold_lifted(self, *, actor: Actor) -> None:
        self.evidence_hold = "lifted"

    def request_cooperation(self, *, schools: list[str], actor: Actor) -> None:
        self._beyond_assess()
        self._cooperation_requested(schools=list(schools), actor=actor)

    @event(CooperationRequested)
    def _cooperation_requested(self, *, schools: list[str], actor: Actor) -> None:
        self.cooperation_requested = True

    # ================================================================= Anmeld
    def file_police_report(
        self,
        *,
        filed_by: ReportFiler,
        provision: Provision,
        channel: ReportChannel,
        actor: Actor,
    ) -> None:
        """Rule 5: under §264d the victim or parents report; the school only §232/§235."""
        self._beyond_assess()
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
        self.police_reports.append((ReportFiler(filed_by), Provision(provision)))

    def record_police_took_over(self, *, actor: Actor) -> None:
        self._beyond_assess()
        self._police_took_over(actor=actor)

    @event(PoliceTookOver)
    def _police_took_over(self, *, actor: Actor) -> None:
        self.police_took_over = True

    def send_underretning(self, *, reason: str, actor: Actor) -> None:
        self._beyond_assess()
        self._underretning_sent(reason=_reason(reason, "An underretning"), actor=actor)

    @event(UnderretningSent)
    def _underretning_sent(self, *, reason: str, actor: Actor) -> None:
        self.underretning_sent = True

    def give_insurance_advice(self, *, actor: Actor) -> None:
        self._beyond_assess()
        self._insurance_advice(actor=actor)

    @event(InsuranceAdviceGiven)
    def _insurance_advice(self, *, actor: Actor) -> None:
        self.insurance_advised = True

    # ================================================================ Behandl
    def hold_ssp_sparring(self, *, note: str, actor: Actor) -> None:
        self._beyond_assess()
        self._sparring(note=note, actor=actor)

    @event(SspSparringHeld)
    def _sparring(self, *, note: str, actor: Actor) -> None:
        self.sparring_held = True

    def refer(self, *, to: Referral, actor: Actor) -> None:
        self._beyond_assess()
        self._referred(to=to, actor=actor)

    @event(Referred)
    def _referred(self, *, to: Referral, actor: Actor) -> None:
        self.referrals.append(Referral(to))

    def offer_conflict_mediation(self, *, actor: Actor) -> None:
        self._beyond_assess()
        self._mediation_offered(actor=actor)

    @event(ConflictMediationOffered)
    def _mediation_offered(self, *, actor: Actor) -> None:
        self.mediation_offered = True

    def record_consent(self, *, given_by: ConsentGiver, audience: Audience, actor: Actor) -> None:
        self._beyond_assess()
        if given_by is ConsentGiver.PARENTS and not self.victim_is_minor:
            raise NotForThisVictim("The parents' consent", "a minor")
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

    def consent_missing_for_any(self) -> str | None:
        """None once some audience may be told; otherwise whose consent is missing."""
        missing: list[list[str]] = [self.consent_missing_for(a) for a in Audience]
        fewest = min(missing, key=len)
        return " and ".join(fewest) if fewest else None

    def inform_surroundings(self, *, audience: Audience, actor: Actor) -> None:
        self._beyond_assess()
        missing = self.consent_missing_for(audience)
        if missing:
            raise ConsentMissing(audience.value, missing)
        self._surroundings_informed(audience=audience, actor=actor)

    @event(SurroundingsInformed)
    def _surroundings_informed(self, *, audience: Audience, actor: Actor) -> None:
        self.surroundings_informed.append(Audience(audience))

    def handle_press(self, *, note: str, actor: Actor) -> None:
        self._beyond_assess()
        self._press_handled(note=note, actor=actor)

    @event(PressHandled)
    def _press_handled(self, *, note: str, actor: Actor) -> None:
        self.press_handled = True

    def close(self, *, outcome: Outcome, reason: str | None, actor: Actor) -> None:
        """Rule 3 and 8: closing needs an outcome, and at level 4 a police report."""
        self._open()
        if self.level is Level.FOUR and not self.police_reports:
            raise PoliceReportRequired()
        self._closed(outcome=outcome, reason=reason, actor=actor)

    @event(Closed)
    def _closed(self, *, outcome: Outcome, reason: str | None, actor: Actor) -> None:
        self.outcome = Outcome(outcome)

    def reopen(self, *, reason: str, actor: Actor) -> None:
        if not self.is_closed:
            raise CaseIsOpen()
        self._reopened(reason=_reason(reason, "Reopening a case"), actor=actor)

    @event(Reopened)
    def _reopened(self, *, reason: str, actor: Actor) -> None:
        self.outcome = None
