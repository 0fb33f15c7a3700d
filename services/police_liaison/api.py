"""The police liaison's HTTP API: the district inbox and acknowledgements."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.cluster_alerts import ClusterAlert
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Provision, Track
from domain.offences import OffenceCategory
from domain.police_inbox import PoliceNotification
from services.kit.deadline_rules import DeadlineRules
from services.kit.http import ActingProfessional
from services.kit.views import ActorView, PageInfo, PageLimit, PageOffset
from services.police_liaison.application import PoliceLiaisonApplication


class InboxItem(BaseModel):
    notification_id: UUID
    case_id: UUID
    police_district: PoliceDistrict
    institution: str
    municipality: str
    offence_category: OffenceCategory
    victim_is_minor: bool
    case_description: str
    notified_by: ActorView
    notified_at: datetime
    received_at: datetime
    acknowledged_by: ActorView | None
    evidence_decision: Literal["hold", "release"] | None
    level: Level | None
    """The handling model's level as the school last assessed it; null: not assessed, or
    not said (a notification of version 1 before any assessment reached the police)."""
    context: Context | None
    """A (innocent, between peers) or B (threats, blackmail, abuse, revenge)."""
    track: Track | None
    """Police case, underretning or pedagogical handling."""
    provisions: list[Provision] | None
    """The provisions the school named in its latest assessment; null: not said (a
    notification of version 1, and no assessment of version 2 since)."""
    police_report_filed: bool | None
    """Whether a police report was filed; null: not said (version 1, and none since)."""
    acknowledge_by: datetime | None = None
    """When the acknowledgement is due (the school's deadline for it)."""
    overdue: bool = False
    """Not acknowledged, and past its deadline: the inbox shows these first."""


class Inbox(BaseModel):
    police_district: PoliceDistrict
    page: PageInfo
    notifications: list[InboxItem]


def item(notification: PoliceNotification, rules: DeadlineRules | None = None) -> InboxItem:
    due = rules.acknowledgement_due(notification.notified_at) if rules else None
    return InboxItem(
        notification_id=notification.notification_id,
        case_id=notification.case_id,
        police_district=notification.police_district,
        institution=notification.institution,
        municipality=notification.municipality,
        offence_category=notification.offence_category,
        victim_is_minor=notification.victim_is_minor,
        case_description=notification.case_description,
        notified_by=ActorView.of(notification.notified_by),
        notified_at=notification.notified_at,
        received_at=notification.created_on,
        acknowledged_by=(
            ActorView.of(notification.acknowledged_by) if notification.acknowledged_by else None
        ),
        evidence_decision=notification.evidence_decision,
        level=notification.level,
        context=notification.context,
        track=notification.track,
        provisions=notification.provisions,
        police_report_filed=notification.police_report_filed,
        acknowledge_by=due,
        overdue=bool(due and notification.acknowledged_by is None and due <= datetime.now(UTC)),
    )


def overdue_first(items: list[InboxItem]) -> list[InboxItem]:
    """The page's notifications, the overdue acknowledgements first (else newest first)."""
    return sorted(items, key=lambda i: not i.overdue)


def routes(app: PoliceLiaisonApplication) -> APIRouter:
    router = APIRouter(prefix="/districts/{police_district}/inbox", tags=["inbox"])

    @router.get("", summary="The district's police notifications, newest first")
    def inbox(
        police_district: PoliceDistrict,
        actor: ActingProfessional,
        offset: PageOffset = 0,
        limit: PageLimit = 50,
    ) -> Inbox:
        page = app.inbox_as(actor, police_district, offset=offset, limit=limit)
        return Inbox(
            police_district=police_district,
            page=PageInfo(total=page.total, offset=offset, limit=limit),
            notifications=overdue_first([item(n, app.deadline_rules) for n in page.items]),
        )

    @router.get("/{notification_id}", summary="One notification")
    def read(
        police_district: PoliceDistrict, notification_id: UUID, actor: ActingProfessional
    ) -> InboxItem:
        return item(
            app.notification_as(actor, police_district, notification_id), app.deadline_rules
        )

    @router.post(
        "/{notification_id}/acknowledge",
        summary="Acknowledge a notification; the school sees it on its case",
    )
    def acknowledge(
        police_district: PoliceDistrict, notification_id: UUID, actor: ActingProfessional
    ) -> InboxItem:
        return item(
            app.act_as(
                actor,
                police_district,
                notification_id,
                "acknowledge",
                lambda n: n.acknowledge(actor=actor),
            ),
            app.deadline_rules,
        )

    @router.post(
        "/{notification_id}/evidence-hold",
        summary="Hold the evidence (bevissikring): the school may not have it deleted meanwhile",
    )
    def hold(
        police_district: PoliceDistrict, notification_id: UUID, actor: ActingProfessional
    ) -> InboxItem:
        return item(
            app.act_as(
                actor,
                police_district,
                notification_id,
                "hold evidence",
                lambda n: n.hold_evidence(actor=actor),
            ),
            app.deadline_rules,
        )

    @router.post(
        "/{notification_id}/evidence-release",
        summary="Release the material for deletion and takedown, evidence being secured",
    )
    def release(
        police_district: PoliceDistrict, notification_id: UUID, actor: ActingProfessional
    ) -> InboxItem:
        return item(
            app.act_as(
                actor,
                police_district,
                notification_id,
                "release evidence",
                lambda n: n.release_evidence(actor=actor),
            ),
            app.deadline_rules,
        )

    return router


class ClusterAlertView(BaseModel):
    cluster_id: UUID
    why: str
    alerted_at: datetime
    cases: int
    cases_in_district: int
    schools: int
    municipalities: int
    police_districts: int
    highest_level: int | None
    raised_by: list[str] = Field(
        description="The SSP deployments that alerted the district of it, the first first: "
        "several when the incident's cases in the district are several SSPs'."
    )
    national_incident: UUID | None = Field(
        description="The national incident the cluster is part of, once matched."
    )

    @classmethod
    def of(cls, alert: ClusterAlert) -> ClusterAlertView:
        return cls(
            cluster_id=alert.cluster_id,
            why=alert.why,
            alerted_at=alert.alerted_at,
            raised_by=alert.raised_by_all,
            national_incident=alert.incident,
            **vars(alert.extent),
        )


class ClusterAlerts(BaseModel):
    police_district: PoliceDistrict
    page: PageInfo
    alerts: list[ClusterAlertView]


def alert_routes(app: PoliceLiaisonApplication) -> APIRouter:
    router = APIRouter(prefix="/districts/{police_district}/cluster-alerts", tags=["alerts"])

    @router.get("", summary="Incident clusters involving the district (from SSP), newest first")
    def alerts(
        police_district: PoliceDistrict,
        actor: ActingProfessional,
        offset: PageOffset = 0,
        limit: PageLimit = 50,
    ) -> ClusterAlerts:
        page = app.alerts_as(actor, police_district, offset=offset, limit=limit)
        return ClusterAlerts(
            police_district=police_district,
            page=PageInfo(total=page.total, offset=offset, limit=limit),
            alerts=[ClusterAlertView.of(a) for a in page.items],
        )

    return router
