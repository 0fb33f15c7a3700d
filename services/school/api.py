"""The school's HTTP API: a case walked through the action card.

Routes are grouped as the card is: vurder (assess), dokumenter (document), stop,
anmeld (report) and behandl (follow up). Every command answers with the whole case,
including the checklist of what is now done, due, recommended, waiting or blocked.
The request bodies are ``services.school.requests``; what is shown, ``services.school.views``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from domain.actors import Actor
from domain.case import Case
from domain.checklist import close_case
from domain.handling_model import Level, MaterialFeature, VictimReaction, suggest_level
from infra.key_exchange import KeyRefused, KeyUnavailable
from services.kit.audit_export import AuditExport
from services.kit.http import ActingProfessional
from services.school import requests as r
from services.school.application import SchoolApplication
from services.school.views import CaseView, case_view


class ErasureView(BaseModel):
    case_id: UUID
    erased_at: datetime
    reason: str


class PoliceNotified(BaseModel):
    case_id: UUID
    police_notification_id: UUID


class DeletionRequested(BaseModel):
    case_id: UUID
    request_id: UUID


class LevelSuggestion(BaseModel):
    suggested_level: Level


Run = Callable[[Case], object]


def routes(app: SchoolApplication) -> APIRouter:
    router = APIRouter(prefix="/cases", tags=["cases"])

    def view(case: Case, actor: Actor) -> CaseView:
        return case_view(case, app.history(case.id), actor, app.today())

    def act(case_id: UUID, actor: Actor, command: str, run: Run) -> CaseView:
        return view(app.command_as(actor, case_id, command, run), actor)

    @router.post("", status_code=status.HTTP_201_CREATED, summary="Report a case")
    def report_case(body: r.ReportCase, actor: ActingProfessional) -> CaseView:
        return view(app.report_case_as(actor, **body.model_dump()), actor)

    @router.get("/level-suggestion", summary="The level the handling model suggests")
    def level_suggestion(
        actor: ActingProfessional,
        reaction: VictimReaction,
        material: Annotated[list[MaterialFeature] | None, Query()] = None,
    ) -> LevelSuggestion:
        return LevelSuggestion(suggested_level=suggest_level(material or [], reaction))

    @router.get("/{case_id}", summary="Read a case with its checklist and full history")
    def read_case(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return view(app.read_case_as(actor, case_id), actor)

    # ---------------------------------------------------------------- Vurder
    @router.post("/{case_id}/facts", summary="Vurder · afdæk: record the uncovered facts")
    def uncover_facts(case_id: UUID, body: r.UncoverFacts, actor: ActingProfessional) -> CaseView:
        involved = [p.to_domain() for p in body.involved]
        fields = body.model_dump(exclude={"involved"})
        return act(
            case_id,
            actor,
            "facts",
            lambda c: c.uncover_facts(involved=involved, **fields, actor=actor),
        )

    @router.post("/{case_id}/assessment", summary="Vurder: level, context A/B, provisions, track")
    def assess(case_id: UUID, body: r.Assess, actor: ActingProfessional) -> CaseView:
        return act(
            case_id, actor, "assessment", lambda c: c.assess(**body.model_dump(), actor=actor)
        )

    @router.post("/{case_id}/parents-informed", summary="Vurder · involver: parents informed")
    def inform_parents(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return act(case_id, actor, "parents-informed", lambda c: c.inform_parents(actor=actor))

    @router.post(
        "/{case_id}/parents-not-yet-informed",
        summary="Vurder · involver: parents deliberately not yet informed (værdispringsreglen), "
        "reassessed by a date",
    )
    def defer_parents(
        case_id: UUID, body: r.DeferInformingParents, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "parents-not-yet-informed",
            lambda c: c.defer_informing_parents(**body.model_dump(), actor=actor),
        )

    @router.post(
        "/{case_id}/adult-victim-involvement",
        summary="Vurder · involver: whom the adult victim chose to involve",
    )
    def adult_choice(
        case_id: UUID, body: r.AdultVictimChoice, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "adult-victim-involvement",
            lambda c: c.record_adult_victim_choice(involved=body.involved, actor=actor),
        )

    @router.post(
        "/{case_id}/police-notifications",
        status_code=status.HTTP_201_CREATED,
        summary="Notify the district's police liaison",
    )
    def notify_police(case_id: UUID, actor: ActingProfessional) -> PoliceNotified:
        sent = app.command_with_result(
            actor, case_id, "police-notifications", lambda c: c.notify_police(actor=actor)
        )
        return PoliceNotified(case_id=case_id, police_notification_id=sent)

    # ------------------------------------------------------------ Dokumenter
    @router.post("/{case_id}/evidence", summary="Dokumenter: evidence exists and who holds it")
    def document(case_id: UUID, body: r.DocumentEvidence, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "evidence",
            lambda c: c.document_evidence(**body.model_dump(), actor=actor),
        )

    @router.post("/{case_id}/logbook", summary="Dokumenter: a logbook entry")
    def logbook(case_id: UUID, body: r.LogbookEntry, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "logbook",
            lambda c: c.add_logbook_entry(**body.model_dump(), actor=actor),
        )

    @router.post(
        "/{case_id}/people",
        summary="Dokumenter: a person involved, by pseudonym (the CPR number is never kept)",
        responses={503: {"description": "SSP could not be reached for its pseudonym key"}},
    )
    async def name_person(case_id: UUID, body: r.NamePerson, actor: ActingProfessional) -> CaseView:
        await run_in_threadpool(app.may_command, actor, case_id, "people")
        try:
            named = await app.pseudonym_of(body.national_id)
        except (KeyUnavailable, KeyRefused) as error:
            raise HTTPException(503, f"SSP's pseudonym key is not available: {error}") from None
        return await run_in_threadpool(
            act,
            case_id,
            actor,
            "people",
            lambda c: c.name_person(role=body.role, pseudonym=named, actor=actor),
        )

    @router.post(
        "/{case_id}/fingerprints",
        summary="Dokumenter: fingerprints of the material (hashes only, never the material)",
    )
    def record_fingerprints(
        case_id: UUID, body: r.RecordFingerprints, actor: ActingProfessional
    ) -> CaseView:
        fingerprints = [f.to_domain() for f in body.fingerprints]
        return act(
            case_id,
            actor,
            "fingerprints",
            lambda c: c.record_fingerprints(fingerprints=fingerprints, actor=actor),
        )

    # ---------------------------------------------------------- Stop krænkelsen
    @router.post("/{case_id}/offender-contacts", summary="Stop: the known offender was contacted")
    def contact_offender(
        case_id: UUID, body: r.OffenderContact, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "offender-contacts",
            lambda c: c.contact_known_offender(**body.model_dump(), actor=actor),
        )

    @router.post(
        "/{case_id}/deletion-requests",
        status_code=status.HTTP_201_CREATED,
        summary="Stop: deletion requested (each request is confirmed on its own)",
    )
    def request_deletion(
        case_id: UUID, body: r.DeletionRequest, actor: ActingProfessional
    ) -> DeletionRequested:
        request_id = app.command_with_result(
            actor,
            case_id,
            "deletion-requests",
            lambda c: c.request_deletion(**body.model_dump(), actor=actor),
        )
        return DeletionRequested(case_id=case_id, request_id=request_id)

    @router.post("/{case_id}/deletion-confirmations", summary="Stop: one deletion confirmed")
    def confirm_deletion(
        case_id: UUID, body: r.DeletionConfirmation, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "deletion-confirmations",
            lambda c: c.confirm_deletion(**body.model_dump(), actor=actor),
        )

    @router.post("/{case_id}/takedown-requests", summary="Stop: takedown requested at a platform")
    def request_takedown(
        case_id: UUID, body: r.TakedownRequest, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "takedown-requests",
            lambda c: c.request_takedown(**body.model_dump(), actor=actor),
        )

    @router.post("/{case_id}/takedown-outcomes", summary="Stop: a platform's answer")
    def takedown_outcome(
        case_id: UUID, body: r.TakedownResult, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "takedown-outcomes",
            lambda c: c.record_takedown_outcome(**body.model_dump(), actor=actor),
        )

    @router.post(
        "/{case_id}/datatilsynet-complaints",
        summary="Stop: complaint to Datatilsynet after a platform refused",
    )
    def complain(case_id: UUID, body: r.Platform, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "datatilsynet-complaints",
            lambda c: c.complain_to_datatilsynet(platform=body.platform, actor=actor),
        )

    @router.post(
        "/{case_id}/datatilsynet-decisions",
        summary="Stop: Datatilsynet upheld or rejected the complaint",
    )
    def complaint_decided(
        case_id: UUID, body: r.ComplaintDecision, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "datatilsynet-decisions",
            lambda c: c.record_datatilsynet_decision(**body.model_dump(), actor=actor),
        )

    @router.post(
        "/{case_id}/cooperation-requests", summary="Stop · samarbejd: other schools, through SSP"
    )
    def cooperate(case_id: UUID, body: r.Cooperation, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "cooperation-requests",
            lambda c: c.request_cooperation(schools=body.schools, actor=actor),
        )

    router.include_router(_anmeld_and_behandl(app, act))
    return router


def _anmeld_and_behandl(
    app: SchoolApplication, act: Callable[[UUID, Actor, str, Run], CaseView]
) -> APIRouter:
    router = APIRouter()

    # ---------------------------------------------------------------- Anmeld
    @router.post("/{case_id}/police-reports", summary="Anmeld: a police report was filed")
    def report_to_police(
        case_id: UUID, body: r.PoliceReport, actor: ActingProfessional
    ) -> CaseView:
        return act(
            case_id,
            actor,
            "police-reports",
            lambda c: c.file_police_report(**body.model_dump(), actor=actor),
        )

    @router.post("/{case_id}/police-takeover", summary="Anmeld: the police took over")
    def police_took_over(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return act(
            case_id, actor, "police-takeover", lambda c: c.record_police_took_over(actor=actor)
        )

    @router.post("/{case_id}/underretninger", summary="Anmeld: underretning to the authority")
    def underretning(case_id: UUID, body: r.Reason, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "underretninger",
            lambda c: c.send_underretning(reason=body.reason, actor=actor),
        )

    @router.post("/{case_id}/insurance-advice", summary="Anmeld: insurance advice given")
    def insurance(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return act(
            case_id, actor, "insurance-advice", lambda c: c.give_insurance_advice(actor=actor)
        )

    # --------------------------------------------------------------- Behandl
    @router.post("/{case_id}/ssp-sparring", summary="Behandl: sparring with the SSP consultant")
    def sparring(case_id: UUID, body: r.Note, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "ssp-sparring",
            lambda c: c.hold_ssp_sparring(note=body.note, actor=actor),
        )

    @router.post(
        "/{case_id}/help",
        summary="Behandl: help given to those concerned (talks, normalising, a friend …)",
    )
    def give_help(case_id: UUID, body: r.GiveHelp, actor: ActingProfessional) -> CaseView:
        return act(case_id, actor, "help", lambda c: c.give_help(**body.model_dump(), actor=actor))

    @router.post(
        "/{case_id}/parent-updates-agreement",
        summary="Behandl: how often school and home update each other",
    )
    def agree_updates(case_id: UUID, body: r.ParentUpdates, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "parent-updates-agreement",
            lambda c: c.agree_parent_updates(every_days=body.every_days, actor=actor),
        )

    @router.post("/{case_id}/parent-updates", summary="Behandl: the parents were updated")
    def update_parents(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return act(case_id, actor, "parent-updates", lambda c: c.update_parents(actor=actor))

    @router.post("/{case_id}/referrals", summary="Behandl: referral to further help")
    def refer(case_id: UUID, body: r.Referring, actor: ActingProfessional) -> CaseView:
        return act(case_id, actor, "referrals", lambda c: c.refer(to=body.to, actor=actor))

    @router.post("/{case_id}/conflict-mediation", summary="Behandl: conflict mediation offered")
    def mediation(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return act(
            case_id, actor, "conflict-mediation", lambda c: c.offer_conflict_mediation(actor=actor)
        )

    @router.post("/{case_id}/consents", summary="Behandl: consent to tell the surroundings")
    def consent(case_id: UUID, body: r.Consent, actor: ActingProfessional) -> CaseView:
        return act(
            case_id, actor, "consents", lambda c: c.record_consent(**body.model_dump(), actor=actor)
        )

    @router.post("/{case_id}/surroundings-informed", summary="Behandl: class/school/parents told")
    def surroundings(case_id: UUID, body: r.Surroundings, actor: ActingProfessional) -> CaseView:
        return act(
            case_id,
            actor,
            "surroundings-informed",
            lambda c: c.inform_surroundings(audience=body.audience, actor=actor),
        )

    @router.post("/{case_id}/press", summary="Behandl: press handled")
    def press(case_id: UUID, body: r.Note, actor: ActingProfessional) -> CaseView:
        return act(case_id, actor, "press", lambda c: c.handle_press(note=body.note, actor=actor))

    @router.post(
        "/{case_id}/close",
        summary="Close the case with an outcome (steps still due are named, with why)",
    )
    def close(case_id: UUID, body: r.Close, actor: ActingProfessional) -> CaseView:
        today = app.today()
        return act(
            case_id,
            actor,
            "close",
            lambda c: close_case(
                c, outcome=body.outcome, reason=body.reason, actor=actor, today=today
            ),
        )

    @router.post("/{case_id}/reopen", summary="Reopen a closed case, with a reason")
    def reopen(case_id: UUID, body: r.Reopen, actor: ActingProfessional) -> CaseView:
        return act(case_id, actor, "reopen", lambda c: c.reopen(**body.model_dump(), actor=actor))

    @router.post("/{case_id}/erasure", summary="Erase the case everywhere (crypto-shredding)")
    def erase(case_id: UUID, body: r.Erase, actor: ActingProfessional) -> ErasureView:
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
