"""The school's HTTP API: a case walked through the action card.

Every command of the card is a route made from the one table of commands
(``services.school.commands``), in the card's order: vurder, dokumenter, stop, anmeld,
behandl. Each answers with the whole case, including the checklist of what is now done,
due, recommended, waiting or blocked. Requests are ``services.school.requests``; what is
shown, ``services.school.views``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from domain.actors import Actor
from domain.case import Case
from domain.commands import SchoolCommand
from domain.handling_model import Level, MaterialFeature, VictimReaction, suggest_level
from infra.key_exchange import KeyRefused, KeyUnavailable
from services.kit.audit_export import AuditExport
from services.kit.http import ActingProfessional
from services.school import requests as r
from services.school.application import SchoolApplication
from services.school.commands import BY_COMMAND, CASE_COMMANDS, CaseCommand
from services.school.views import CaseSummary, CaseView, case_summary, case_view

ANSWERED_OTHERWISE = {SchoolCommand.POLICE_NOTIFICATIONS, SchoolCommand.DELETION_REQUESTS}
"""Commands that answer with the id they made, not the case."""


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


class Cases(BaseModel):
    institution: str
    closed: bool
    cases: list[CaseSummary]


def routes(app: SchoolApplication) -> APIRouter:
    router = APIRouter(prefix="/cases", tags=["cases"])

    def view(case: Case, actor: Actor) -> CaseView:
        clock = app.clocks.clock_of(case.id)
        return case_view(case, app.history(case.id), actor, app.today(), clock)

    def run(spec: CaseCommand, case_id: UUID, body: Any, actor: Actor) -> Any:
        today = app.today()
        return app.command_as(
            actor, case_id, spec.command, lambda case: spec.run(case, body, actor, today)
        )

    @router.get("", summary="The institution's cases, newest activity first")
    def cases(actor: ActingProfessional, closed: bool = False) -> Cases:
        found = app.cases_as(actor, closed=closed)
        today = app.today()
        return Cases(
            institution=actor.organisation,
            closed=closed,
            cases=[case_summary(c, today) for c in found],
        )

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

    for spec in CASE_COMMANDS:
        if spec.command in ANSWERED_OTHERWISE:
            continue
        router.add_api_route(
            f"/{{case_id}}/{spec.command.value}",
            _case_endpoint(spec, lambda s, i, b, a: view(run(s, i, b, a).case, a)),
            methods=["POST"],
            summary=spec.summary,
            response_model=CaseView,
        )

    notify = BY_COMMAND[SchoolCommand.POLICE_NOTIFICATIONS]

    @router.post(
        "/{case_id}/police-notifications",
        status_code=status.HTTP_201_CREATED,
        summary=notify.summary,
    )
    def notify_police(case_id: UUID, actor: ActingProfessional) -> PoliceNotified:
        sent = run(notify, case_id, None, actor).result
        return PoliceNotified(case_id=case_id, police_notification_id=sent)

    deletion = BY_COMMAND[SchoolCommand.DELETION_REQUESTS]

    @router.post(
        "/{case_id}/deletion-requests",
        status_code=status.HTTP_201_CREATED,
        summary=deletion.summary,
    )
    def request_deletion(
        case_id: UUID, body: r.DeletionRequest, actor: ActingProfessional
    ) -> DeletionRequested:
        return DeletionRequested(
            case_id=case_id, request_id=run(deletion, case_id, body, actor).result
        )

    @router.post(
        "/{case_id}/people",
        summary="Dokumenter: a person involved, by pseudonym (the CPR number is never kept)",
        responses={503: {"description": "SSP could not be reached for its pseudonym key"}},
    )
    async def name_person(case_id: UUID, body: r.NamePerson, actor: ActingProfessional) -> CaseView:
        await run_in_threadpool(app.may_command, actor, case_id, SchoolCommand.PEOPLE)
        try:
            named = await app.pseudonym_of(body.national_id)
        except (KeyUnavailable, KeyRefused) as error:
            raise HTTPException(503, f"SSP's pseudonym key is not available: {error}") from None
        done = await run_in_threadpool(
            app.command_as,
            actor,
            case_id,
            SchoolCommand.PEOPLE,
            lambda c: c.name_person(role=body.role, pseudonym=named, actor=actor),
        )
        return await run_in_threadpool(view, done.case, actor)

    @router.post("/{case_id}/erasure", summary="Erase the case everywhere (crypto-shredding)")
    def erase(case_id: UUID, body: r.Erase, actor: ActingProfessional) -> ErasureView:
        record = app.erase_as(actor, case_id, body.reason)
        return ErasureView(case_id=case_id, erased_at=record.created_on, reason=record.reason)

    return router


def _case_endpoint(
    spec: CaseCommand, answer: Callable[[CaseCommand, UUID, Any, Actor], CaseView]
) -> Callable[..., CaseView]:
    """A route function for one command, typed for FastAPI from the command's body model."""

    def endpoint(case_id: UUID, actor: Actor, body: Any = None) -> CaseView:
        return answer(spec, case_id, body, actor)

    parameters = [
        inspect.Parameter("case_id", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=UUID),
        *(
            [
                inspect.Parameter(
                    "body", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=spec.body
                )
            ]
            if spec.body is not None
            else []
        ),
        inspect.Parameter(
            "actor", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=ActingProfessional
        ),
    ]
    endpoint.__signature__ = inspect.Signature(parameters, return_annotation=CaseView)  # type: ignore[attr-defined]
    endpoint.__name__ = spec.command.value.replace("-", "_")
    return endpoint


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
