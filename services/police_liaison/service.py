"""The police-liaison service: receives notifications, publishes acknowledgements.

It also follows the school's assessments and police reports, but only of the cases it
holds notifications of: any other case's messages are skipped unopened.
"""

from __future__ import annotations

from contracts.case_events import (
    CaseAssessedV1,
    CaseAssessedV2,
    CaseErasedV1,
    CaseErasedV2,
    PoliceNotifiedV1,
    PoliceNotifiedV2,
    PoliceReportFiledV1,
    PoliceReportFiledV2,
)
from contracts.coordination_events import ClusterAlertV1, ClusterAlertV2
from contracts.topics import POLICE_CASE_EVENTS, SCHOOL_CASE_EVENTS, SSP_COORDINATION_EVENTS
from services.kit.service import Blueprint, Subscription, combined
from services.police_liaison.api import alert_routes, routes
from services.police_liaison.application import PoliceLiaisonApplication
from services.police_liaison.console import POLICE_CONSOLE
from services.police_liaison.outbound import police_event_translator

BLUEPRINT: Blueprint[PoliceLiaisonApplication] = Blueprint(
    name="police_liaison",
    title="Samspil — police liaison",
    description="The police district's inbox of notifications from schools (SSP-politi).",
    application=PoliceLiaisonApplication,
    routes=lambda app: combined(routes(app), alert_routes(app)),
    publishes_to=POLICE_CASE_EVENTS,
    translator=police_event_translator,
    console=POLICE_CONSOLE,
    subscriptions=lambda app: [
        Subscription(
            SCHOOL_CASE_EVENTS,
            {
                PoliceNotifiedV1: app.on_police_notified,
                PoliceNotifiedV2: app.on_police_notified,
                CaseAssessedV1: app.on_assessed,
                CaseAssessedV2: app.on_assessed,
                PoliceReportFiledV1: app.on_police_report_filed,
                PoliceReportFiledV2: app.on_police_report_filed,
                CaseErasedV1: app.on_case_erased,
                CaseErasedV2: app.on_case_erased,
            },
            concerns={
                CaseAssessedV1: app.holds_case,
                CaseAssessedV2: app.holds_case,
                PoliceReportFiledV1: app.holds_case,
                PoliceReportFiledV2: app.holds_case,
            },
        ),
        Subscription(
            SSP_COORDINATION_EVENTS,
            {ClusterAlertV1: app.on_cluster_alert, ClusterAlertV2: app.on_cluster_alert},
        ),
    ],
)
