"""The school's HTTP API: report a case and record the steps of the action card."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status
from pydantic import BaseModel, ConfigDict, Field

from domain.actors import Actor
from domain.case import Case
from domain.geography import PoliceDistrict
from domain.offences import OffenceCategory
from services.kit.http import current_actor
from services.kit.views import ActorView, HistoryEntry
from services.school.application import SchoolApplication

ActingProfessional = Annotated[Actor, Depends(current_actor)]


class ReportCase(BaseModel):
    """What a school records when a case comes to its attention (never the material itself)."""

    model_config = ConfigDict(extra="forbid")

    institution: str = Field(min_length=1, max_length=200, examples=["Hjørring Gymnasium"])
    municipality: str = Field(min_length=1, max_length=100, examples=["Hjørring"])
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool
    description: str = Field(
        min_length=1,
        max_length=2000,
        description="A short description of what happened. Never the images themselves.",
    )


class RequestTakedown(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: str = Field(min_length=1, max_length=100, examples=["Snapchat"])


class PoliceNotificationView(BaseModel):
    notification_id: UUID
    acknowledged: bool
    acknowledged_by: ActorView | None


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
    parents_informed: bool
    takedown_platforms: list[str]
    police_notifications: list[PoliceNotificationView]
    history: list[HistoryEntry]


class PoliceNotified(BaseModel):
    case_id: UUID
    police_notification_id: UUID


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
            parents_informed=case.parents_informed,
            takedown_platforms=case.takedown_platforms,
            police_notifications=[
                PoliceNotificationView(
                    notification_id=notification_id,
                    acknowledged=by is not None,
                    acknowledged_by=ActorView.of(by) if by else None,
                )
                for notification_id, by in case.police_notifications.items()
            ],
            history=[HistoryEntry.of(e) for e in app.history(case.id)],
        )

    @router.post("", status_code=status.HTTP_201_CREATED, summary="Report a case (Vurder)")
    def report_case(body: ReportCase, actor: ActingProfessional) -> CaseView:
        return view(app.report_case(**body.model_dump(), actor=actor))

    @router.get("/{case_id}", summary="Read a case with its full history")
    def read_case(case_id: UUID) -> CaseView:
        return view(app.get_case(case_id))

    @router.post("/{case_id}/parents-informed", summary="Record that the parents are informed")
    def inform_parents(case_id: UUID, actor: ActingProfessional) -> CaseView:
        return view(app.inform_parents(case_id, actor))

    @router.post(
        "/{case_id}/takedown-requests",
        summary="Record a takedown request to a platform (Stop krænkelsen)",
    )
    def request_takedown(
        case_id: UUID, body: RequestTakedown, actor: ActingProfessional
    ) -> CaseView:
        return view(app.request_takedown(case_id, body.platform, actor))

    @router.post(
        "/{case_id}/police-notifications",
        status_code=status.HTTP_201_CREATED,
        summary="Notify the district's police liaison (Anmeld)",
    )
    def notify_police(case_id: UUID, actor: ActingProfessional) -> PoliceNotified:
        case, notification_id = app.notify_police(case_id, actor)
        return PoliceNotified(case_id=case.id, police_notification_id=notification_id)

    return router
