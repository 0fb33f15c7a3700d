"""The school's HTTP API: a case walked through the action card.

Routes are grouped as the card is: vurder (assess), dokumenter (document), stop,
anmeld (report) and behandl (follow up). Every command answers with the whole
case, including the checklist of what is now done, due, recommended or blocked.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from domain.case import Case
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
from domain.checklist import ChecklistItem, checklist
from domain.fingerprints import Fingerprint, FingerprintKind
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
from infra.key_exchange import KeyRefused, KeyUnavailable
from services.kit import text_fields as text
from services.kit.audit_export import AuditExport
from services.kit.http import ActingProfessional
from services.kit.views import ActorView, HistoryEntry
from services.school.application import SchoolApplication


class Command(BaseModel):
    """Requests refuse unknown fields: nothing unexpected (such as a file) slips in."""

    model_config = ConfigDict(extra="forbid")


class ReportCase(Command):
    """What a school records when a case comes to its attention (never the material itself)."""

    institution: text.InstitutionName = Field(examples=["Hjørring Gymnasium"])
    municipality: text.MunicipalityName = Field(examples=["Hjørring"])
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool
    description: text.CaseDescription = Field(
        description="A short description of what happened. Never the images themselves."
    )


class Involved(Command):
    role: InvolvedRole
    description: text.PersonDescription = Field(
        description="Who, without a name: e.g. 'classmate in 8.b'."
    )
    is_minor: bool | None = None


class UncoverFacts(Command):
    """Afdæk: who is involved, what happened, where, how far it spread, the victim's age."""

    involved: list[Involved] = Field(max_length=200)
    what_happened: text.Description
    where: text.Place
    spread: Spread
    victim_age: int | None = Field(None, ge=5, le=99)


class Assess(Command):
    """Vurder: the level is suggested from the material and the reaction; override with a reason."""

    material: list[MaterialFeature] = Field(max_length=6)
    reaction: VictimReaction
    context: Context
    provisions: list[Provision] = Field(default_factory=list, max_length=3)
    track: Track
    level: Level | None = Field(None, description="Leave out to confirm the suggested level.")
    reason: text.Reason | None = Field(None, description="Required when overriding the suggestion.")


class Reason(Command):
    reason: text.Reason


class OptionalReason(Command):
    reason: text.Reason | None = None


class AdultVictimChoice(Command):
    involved: list[text.PersonDescription] = Field(max_length=20)


class DocumentEvidence(Command):
    kind: EvidenceKind
    held_by: EvidenceHolder
    captured_at: datetime | None = None


class LogbookEntry(Command):
    who: text.PersonDescription
    what: text.Description
    where: text.Place
    when: datetime


class OffenderContact(Command):
    offender_parents_contacted: bool


class DeletionRequest(Command):
    from_whom: text.PersonDescription


class DeletionConfirmation(Command):
    proof: DeletionProof
    shared_with_count: int = Field(ge=0, le=100_000)


class Platform(Command):
    platform: text.PlatformName = Field(examples=["Snapchat"])


class FingerprintIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: FingerprintKind = Field(description="pdq (image), md5 (video) or sha256 (any file)")
    value: str = Field(
        min_length=32,
        max_length=64,
        pattern=r"^[0-9a-fA-F]+$",
        description="The hash in hexadecimal: 64 digits for pdq and sha256, 32 for md5.",
    )

    @field_validator("value")
    @classmethod
    def _well_formed(cls, value: str, info: ValidationInfo) -> str:
        """Lower-cased; a value that is not a hash of its kind is refused (422, on ``value``)."""
        if "kind" in info.data:  # NotAFingerprint is a ValueError
            Fingerprint(info.data["kind"], value.lower())
        return value.lower()

    def to_domain(self) -> Fingerprint:
        return Fingerprint(self.kind, self.value)


class NamePerson(Command):
    """A person involved, by CPR number: only its pseudonym (SSP's key) is kept."""

    role: InvolvedRole
    national_id: str = Field(
        pattern=r"^\d{6}-?\d{4}$",
        description="CPR number (DDMMYY-XXXX). Used once to compute the pseudonym; never kept.",
    )


class RecordFingerprints(Command):
    """Fingerprints computed where the material is (``samspil fingerprint FILE``)."""

    fingerprints: list[FingerprintIn] = Field(min_length=1, max_length=50)


class TakedownResult(Platform):
    outcome: TakedownOutcome


class Cooperation(Command):
    schools: list[text.InstitutionName] = Field(min_length=1, max_length=50)


class PoliceReport(Command):
    filed_by: ReportFiler
    provision: Provision
    channel: ReportChannel


class Note(Command):
    note: text.Note


class Referring(Command):
    to: Referral


class Consent(Command):
    given_by: ConsentGiver
    audience: Audience


class Surroundings(Command):
    audience: Audience


class Close(Command):
    outcome: Outcome
    reason: text.Reason | None = None


class Erase(Command):
    reason: text.ErasureReason = Field(
        description="Why, without personal data: e.g. 'GDPR art. 17 request 2026-41'.",
    )


class ErasureView(BaseModel):
    case_id: UUID
    erased_at: datetime
    reason: str


class PoliceNotificationView(BaseModel):
    notification_id: UUID
    acknowledged: bool
    acknowledged_by: ActorView | None


class ChecklistItemView(BaseModel):
    key: str
    step: str
    label_da: str
    label_en: str
    responsible: str
    status: str
    why: str | None

    @classmethod
    def of(cls, item: ChecklistItem) -> ChecklistItemView:
        return cls(**{**vars(item), "step": item.step.value, "responsible": item.responsible.value})


class LinkedIncidentView(BaseModel):
    cluster_id: UUID
    schools: int
    municipalities: int


class CaseView(BaseModel):
    case_id: UUID
    institution: str
    municipality: str
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool
    description: str
    reported_at: datetime
    reported_by: ActorView
    level: Level | None
    context: Context | None
    track: Track | None
    provisions: list[Provision]
    parents_informed: bool
    parents_not_yet_informed_because: str | None
    waiting_for_police: str | None
    takedowns: dict[str, TakedownOutcome | None]
    police_notifications: list[PoliceNotificationView]
    police_reports: int
    fingerprints: list[str]
    linked_incident: LinkedIncidentView | None
    """SSP found the same material in other schools' cases (how many, never which)."""
    closed: bool
    outcome: Outcome | None
    checklist: list[ChecklistItemView]
    history: list[HistoryEntry]


class PoliceNotified(BaseModel):
    case_id: UUID
    police_notification_id: UUID


class LevelSuggestion(BaseModel):
    suggested_level: Level


def routes(app: SchoolApplication) -> APIRouter:
    router = APIRouter(prefix="/cases", tags=["cases"])

    def view(case: Case) -> CaseView:
        return CaseView(
            case_id=case.id,
            institution=case.institution,
            municipality=case.municipality,
            police_district=case.police_district,
            offence_category=case.offence_category,
            victim_is_minor=case.victim_is_minor,
            description=case.description,
            reported_at=case.created_on,
            reported_by=ActorView.of(case.reported_by),
            level=case.level,
            context=case.context,
            track=case.track,
            provisions=case.provisions,
            parents_informed=case.parents_informed,
            parents_not_yet_informed_because=case.value_jump_reason,
            waiting_for_police=case.waiting_for_police,
            takedowns=case.takedowns,
            police_notifications=[
                PoliceNotificationView(
                    notification_id=notification_id,
                    acknowledged=by is not None,
                    acknowledged_by=ActorView.of(by) if by else None,
                )
                for notification_id, by in case.police_notifications.items()
            ],
            police_reports=len(case.police_reports),
            fingerprints=[str(f) for f in case.fingerprints],
            linked_incident=LinkedIncidentView(
                cluster_id=case.incident[0],
                schools=case.incident[1],
                municipalities=case.incident[2],
            )
            if case.incident
            else None,
            closed=case.is_closed,
            outcome=case.outcome,
            checklist=[ChecklistItemView.of(i) for i in checklist(case)],
            history=[HistoryEntry.of(e) for e in app.history(case.id)],
        )

    @router.post("", status_code=status.HTTP_201_CREATED, summary="Report a case")
    def report_case(body: ReportCase, actor: ActingProfessional) -> CaseView:
        return view(app.report_case_as(actor, **body.model_dump()))

    @router.get("/level-suggestion", summary="The level the handling model suggests")
    def level_suggestion(
        actor: ActingProfessional,
        reaction: VictimReaction,
        material: Annotated[list[MaterialFeature] | None, Query()] = None,
    ) -> LevelSuggestion:
        return LevelSuggestion(suggested_level=suggest_level(material or [], reaction))

    @router.get("/{case_id}", summary="Read a case with its checklist and full history")
    def read_case(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return view(app.read_case_as(actor, case_id))

    # Vurder
    @router.post("/{case_id}/facts", summary="Vurder · afdæk: record the uncovered facts")
    def uncover_facts(case_id: UUID, body: UncoverFacts, actor: ActingProfessional) -> CaseView:
        involved = [InvolvedParty(p.role, p.description, p.is_minor) for p in body.involved]
        fields = body.model_dump(exclude={"involved"})
        return view(
            app.command_as(
                actor,
                case_id,
                "facts",
                lambda c: c.uncover_facts(involved=involved, **fields, actor=actor),
            )
        )

    @router.post("/{case_id}/assessment", summary="Vurder: level, context A/B, provisions, track")
    def assess(case_id: UUID, body: Assess, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor, case_id, "assessment", lambda c: c.assess(**body.model_dump(), actor=actor)
            )
        )

    @router.post("/{case_id}/parents-informed", summary="Vurder · involver: parents informed")
    def inform_parents(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor, case_id, "parents-informed", lambda c: c.inform_parents(actor=actor)
            )
        )

    @router.post(
        "/{case_id}/parents-not-yet-informed",
        summary="Vurder · involver: parents deliberately not yet informed (værdispringsreglen)",
    )
    def defer_parents(case_id: UUID, body: Reason, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "parents-not-yet-informed",
                lambda c: c.defer_informing_parents(reason=body.reason, actor=actor),
            )
        )

    @router.post(
        "/{case_id}/adult-victim-involvement",
        summary="Vurder · involver: whom the adult victim chose to involve",
    )
    def adult_choice(case_id: UUID, body: AdultVictimChoice, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "adult-victim-involvement",
                lambda c: c.record_adult_victim_choice(involved=body.involved, actor=actor),
            )
        )

    @router.post(
        "/{case_id}/police-notifications",
        status_code=status.HTTP_201_CREATED,
        summary="Notify the district's police liaison",
    )
    def notify_police(case_id: UUID, actor: ActingProfessional) -> PoliceNotified:
        sent: list[UUID] = []
        app.command_as(
            actor,
            case_id,
            "police-notifications",
            lambda c: sent.append(c.notify_police(actor=actor)),
        )
        return PoliceNotified(case_id=case_id, police_notification_id=sent[-1])

    # Dokumenter
    @router.post("/{case_id}/evidence", summary="Dokumenter: evidence exists and who holds it")
    def document(case_id: UUID, body: DocumentEvidence, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "evidence",
                lambda c: c.document_evidence(**body.model_dump(), actor=actor),
            )
        )

    @router.post("/{case_id}/logbook", summary="Dokumenter: a logbook entry")
    def logbook(case_id: UUID, body: LogbookEntry, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "logbook",
                lambda c: c.add_logbook_entry(**body.model_dump(), actor=actor),
            )
        )

    # Stop krænkelsen
    @router.post("/{case_id}/offender-contacts", summary="Stop: the known offender was contacted")
    def contact_offender(
        case_id: UUID, body: OffenderContact, actor: ActingProfessional
    ) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "offender-contacts",
                lambda c: c.contact_known_offender(**body.model_dump(), actor=actor),
            )
        )

    @router.post("/{case_id}/deletion-requests", summary="Stop: deletion requested")
    def request_deletion(
        case_id: UUID, body: DeletionRequest, actor: ActingProfessional
    ) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "deletion-requests",
                lambda c: c.request_deletion(**body.model_dump(), actor=actor),
            )
        )

    @router.post("/{case_id}/deletion-confirmations", summary="Stop: deletion confirmed")
    def confirm_deletion(
        case_id: UUID, body: DeletionConfirmation, actor: ActingProfessional
    ) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "deletion-confirmations",
                lambda c: c.confirm_deletion(**body.model_dump(), actor=actor),
            )
        )

    @router.post(
        "/{case_id}/people",
        summary="Assess: a person involved, by pseudonym (the CPR number is never kept)",
        responses={503: {"description": "SSP could not be reached for its pseudonym key"}},
    )
    async def name_person(case_id: UUID, body: NamePerson, actor: ActingProfessional) -> CaseView:
        await run_in_threadpool(app.may_command, actor, case_id, "people")
        try:
            named = await app.pseudonym_of(body.national_id)
        except (KeyUnavailable, KeyRefused) as error:
            raise HTTPException(503, f"SSP's pseudonym key is not available: {error}") from None
        case = await run_in_threadpool(
            app.command_as,
            actor,
            case_id,
            "people",
            lambda c: c.name_person(role=body.role, pseudonym=named, actor=actor),
        )
        return await run_in_threadpool(view, case)

    @router.post(
        "/{case_id}/fingerprints",
        summary="Document: fingerprints of the material (hashes only, never the material)",
    )
    def record_fingerprints(
        case_id: UUID, body: RecordFingerprints, actor: ActingProfessional
    ) -> CaseView:
        fingerprints = [f.to_domain() for f in body.fingerprints]
        return view(
            app.command_as(
                actor,
                case_id,
                "fingerprints",
                lambda c: c.record_fingerprints(fingerprints=fingerprints, actor=actor),
            )
        )

    @router.post("/{case_id}/takedown-requests", summary="Stop: takedown requested at a platform")
    def request_takedown(case_id: UUID, body: Platform, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "takedown-requests",
                lambda c: c.request_takedown(platform=body.platform, actor=actor),
            )
        )

    @router.post("/{case_id}/takedown-outcomes", summary="Stop: a platform's answer")
    def takedown_outcome(
        case_id: UUID, body: TakedownResult, actor: ActingProfessional
    ) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "takedown-outcomes",
                lambda c: c.record_takedown_outcome(**body.model_dump(), actor=actor),
            )
        )

    @router.post(
        "/{case_id}/datatilsynet-complaints",
        summary="Stop: complaint to Datatilsynet after a platform refused",
    )
    def complain(case_id: UUID, body: Platform, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "datatilsynet-complaints",
                lambda c: c.complain_to_datatilsynet(platform=body.platform, actor=actor),
            )
        )

    @router.post(
        "/{case_id}/cooperation-requests", summary="Stop · samarbejd: other schools, through SSP"
    )
    def cooperate(case_id: UUID, body: Cooperation, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "cooperation-requests",
                lambda c: c.request_cooperation(schools=body.schools, actor=actor),
            )
        )

    # Anmeld
    @router.post("/{case_id}/police-reports", summary="Anmeld: a police report was filed")
    def report_to_police(case_id: UUID, body: PoliceReport, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "police-reports",
                lambda c: c.file_police_report(**body.model_dump(), actor=actor),
            )
        )

    @router.post("/{case_id}/police-takeover", summary="Anmeld: the police took over")
    def police_took_over(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor, case_id, "police-takeover", lambda c: c.record_police_took_over(actor=actor)
            )
        )

    @router.post("/{case_id}/underretninger", summary="Anmeld: underretning to the authority")
    def underretning(case_id: UUID, body: Reason, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "underretninger",
                lambda c: c.send_underretning(reason=body.reason, actor=actor),
            )
        )

    @router.post("/{case_id}/insurance-advice", summary="Anmeld: insurance advice given")
    def insurance(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor, case_id, "insurance-advice", lambda c: c.give_insurance_advice(actor=actor)
            )
        )

    # Behandl
    @router.post("/{case_id}/ssp-sparring", summary="Behandl: sparring with the SSP consultant")
    def sparring(case_id: UUID, body: Note, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "ssp-sparring",
                lambda c: c.hold_ssp_sparring(note=body.note, actor=actor),
            )
        )

    @router.post("/{case_id}/referrals", summary="Behandl: referral to further help")
    def refer(case_id: UUID, body: Referring, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(actor, case_id, "referrals", lambda c: c.refer(to=body.to, actor=actor))
        )

    @router.post("/{case_id}/conflict-mediation", summary="Behandl: conflict mediation offered")
    def mediation(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "conflict-mediation",
                lambda c: c.offer_conflict_mediation(actor=actor),
            )
        )

    @router.post("/{case_id}/consents", summary="Behandl: consent to tell the surroundings")
    def consent(case_id: UUID, body: Consent, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "consents",
                lambda c: c.record_consent(**body.model_dump(), actor=actor),
            )
        )

    @router.post("/{case_id}/surroundings-informed", summary="Behandl: class/school/parents told")
    def surroundings(case_id: UUID, body: Surroundings, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor,
                case_id,
                "surroundings-informed",
                lambda c: c.inform_surroundings(audience=body.audience, actor=actor),
            )
        )

    @router.post("/{case_id}/press", summary="Behandl: press handled")
    def press(case_id: UUID, body: Note, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor, case_id, "press", lambda c: c.handle_press(note=body.note, actor=actor)
            )
        )

    @router.post("/{case_id}/close", summary="Close the case with an outcome")
    def close(case_id: UUID, body: Close, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor, case_id, "close", lambda c: c.close(**body.model_dump(), actor=actor)
            )
        )

    @router.post("/{case_id}/reopen", summary="Reopen a closed case, with a reason")
    def reopen(case_id: UUID, body: Reason, actor: ActingProfessional) -> CaseView:
        return view(
            app.command_as(
                actor, case_id, "reopen", lambda c: c.reopen(reason=body.reason, actor=actor)
            )
        )

    @router.post("/{case_id}/erasure", summary="Erase the case everywhere (crypto-shredding)")
    def erase(case_id: UUID, body: Erase, actor: ActingProfessional) -> ErasureView:
        record = app.erase_as(actor, case_id, body.reason)
        return ErasureView(case_id=case_id, erased_at=record.created_on, reason=record.reason)

    return router


class RetentionRun(BaseModel):
    dry_run: bool
    cases: list[UUID]
    """Due cases: erased now, or (in a dry run) that would be."""


def audit_routes(app: SchoolApplication) -> APIRouter:
    router = APIRouter(prefix="/audit", tags=["audit"])

    @router.post("/retention", summary="Erase (or list, dry run) the cases due for retention")
    def retention(actor: ActingProfessional, dry_run: bool = True) -> RetentionRun:
        due = app.run_retention(actor, datetime.now(UTC), dry_run=dry_run)
        return RetentionRun(dry_run=dry_run, cases=due)

    @router.get("/cases/{case_id}", summary="A case's full chronology of deeds and reads")
    def audit_export(case_id: UUID, actor: ActingProfessional) -> AuditExport:
        return app.audit_export_as(actor, case_id, datetime.now(UTC))

    return router
