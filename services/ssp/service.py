"""The SSP service: follows the schools' case events for the municipalities it serves."""

from __future__ import annotations

from contracts.case_events import (
    CaseAssessedV1,
    CaseClosedV1,
    CaseErasedV1,
    CaseReopenedV1,
    CaseReportedV1,
    CooperationRequestedV1,
    ParentsInformedV1,
    ParentsInvolvementDeferredV1,
    PoliceNotifiedV1,
    TakedownRequestedV1,
)
from contracts.topics import SCHOOL_CASE_EVENTS
from services.kit.service import Blueprint, Subscription
from services.ssp.api import routes
from services.ssp.application import SspApplication

BLUEPRINT: Blueprint[SspApplication] = Blueprint(
    name="ssp",
    title="Samspil — SSP",
    description="The SSP consultant's overview of the cases at the municipality's schools.",
    application=SspApplication,
    routes=routes,
    subscriptions=lambda app: [
        Subscription(
            SCHOOL_CASE_EVENTS,
            {
                CaseReportedV1: app.on_case_reported,
                ParentsInformedV1: app.on_parents_informed,
                TakedownRequestedV1: app.on_takedown_requested,
                PoliceNotifiedV1: app.on_police_notified,
                CaseAssessedV1: app.on_assessed,
                ParentsInvolvementDeferredV1: app.on_parents_involvement_deferred,
                CooperationRequestedV1: app.on_cooperation_requested,
                CaseClosedV1: app.on_closed,
                CaseReopenedV1: app.on_reopened,
                CaseErasedV1: app.on_case_erased,
            },
        )
    ],
)
