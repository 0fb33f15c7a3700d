"""The SSP service: follows the schools' case events for the municipalities it serves."""

from __future__ import annotations

from contracts.case_events import (
    CaseAssessedV1,
    CaseAssessedV2,
    CaseClosedV1,
    CaseErasedV1,
    CaseErasedV2,
    CaseReopenedV1,
    CaseReportedV1,
    CaseSharedWithMunicipalityV1,
    CooperationRequestedV1,
    MaterialFingerprintedV1,
    ParentsInformedV1,
    ParentsInvolvementDeferredV1,
    PersonNamedV1,
    PoliceNotifiedV1,
    PoliceNotifiedV2,
    PoliceReportFiledV1,
    PoliceReportFiledV2,
    TakedownRequestedV1,
)
from contracts.deadline_events import (
    DeadlineMissedV1,
    DeadlineMissedV2,
    OverdueDeadlineMetV1,
    OverdueDeadlineMetV2,
)
from contracts.matching_events import NationalMatchV1
from contracts.topics import MATCHING_EVENTS, SCHOOL_CASE_EVENTS, SSP_COORDINATION_EVENTS
from services.kit.service import Blueprint, Subscription, combined
from services.ssp.action_plan_api import action_plan_routes
from services.ssp.api import case_file_routes, cluster_routes, routes
from services.ssp.application import SspApplication
from services.ssp.console import SSP_CONSOLE
from services.ssp.key_grants import ssp_key_grants
from services.ssp.national_matching import on_national_match
from services.ssp.outbound import coordination_translator
from services.ssp.plan_deadlines import TIMED
from services.ssp.statistics_api import statistics_routes

BLUEPRINT: Blueprint[SspApplication] = Blueprint(
    name="ssp",
    title="Samspil — SSP",
    description="The SSP consultant's overview of the cases at the municipality's schools, "
    "the incident clusters that link cases across schools and municipalities, and the "
    "yearly evaluation of the municipality's action plan.",
    application=SspApplication,
    routes=lambda app: combined(
        routes(app),
        case_file_routes(app),
        cluster_routes(app),
        statistics_routes(app),
        action_plan_routes(app),
    ),
    publishes_to=SSP_COORDINATION_EVENTS,
    translator=coordination_translator,
    key_grants=ssp_key_grants,
    console=SSP_CONSOLE,
    timed=TIMED,
    subscriptions=lambda app: [
        Subscription(
            SCHOOL_CASE_EVENTS,
            {
                CaseReportedV1: app.on_case_reported,
                CaseSharedWithMunicipalityV1: app.on_case_shared_with_municipality,
                ParentsInformedV1: app.on_parents_informed,
                TakedownRequestedV1: app.on_takedown_requested,
                PoliceNotifiedV1: app.on_police_notified,
                PoliceNotifiedV2: app.on_police_notified,
                CaseAssessedV1: app.on_assessed,
                CaseAssessedV2: app.on_assessed,
                ParentsInvolvementDeferredV1: app.on_parents_involvement_deferred,
                CooperationRequestedV1: app.on_cooperation_requested,
                CaseClosedV1: app.on_closed,
                DeadlineMissedV1: app.on_deadline_missed,
                OverdueDeadlineMetV1: app.on_overdue_met,
                DeadlineMissedV2: app.on_deadline_missed,
                OverdueDeadlineMetV2: app.on_overdue_met,
                CaseReopenedV1: app.on_reopened,
                CaseErasedV1: app.on_case_erased,
                CaseErasedV2: app.on_case_erased,
                MaterialFingerprintedV1: app.on_material_fingerprinted,
                PersonNamedV1: app.on_person_named,
                PoliceReportFiledV1: app.on_police_report_filed,
                PoliceReportFiledV2: app.on_police_report_filed,
            },
            # These read and change the linking index: one replica at a time.
            one_at_a_time=frozenset(
                {MaterialFingerprintedV1, PersonNamedV1, CaseErasedV1, CaseErasedV2}
            ),
        ),
        Subscription(
            MATCHING_EVENTS, {NationalMatchV1: lambda event: on_national_match(app, event)}
        ),
    ],
)
