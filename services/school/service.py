"""The school service: owns cases, publishes case events, applies what the police and SSP
send back (acknowledgements, evidence decisions, linked incidents, SSP's advice)."""

from __future__ import annotations

from contracts.coordination_events import CaseLinkedV1, CaseSharedV1, SspAdviceGivenV1
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from contracts.topics import POLICE_CASE_EVENTS, SCHOOL_CASE_EVENTS, SSP_COORDINATION_EVENTS
from services.kit.service import Blueprint, Subscription, combined
from services.school.api import audit_routes, routes
from services.school.application import SchoolApplication
from services.school.console import SCHOOL_CONSOLE
from services.school.deadlines import TIMED
from services.school.key_grants import school_key_grants
from services.school.outbound import case_event_translator
from services.school.receipts import receipt_routes

BLUEPRINT: Blueprint[SchoolApplication] = Blueprint(
    name="school",
    title="Samspil — school",
    description="Cases of digital sexual offences as the school handles them, "
    "following the action card: vurder, dokumenter, stop, anmeld, behandl.",
    application=SchoolApplication,
    routes=lambda app: combined(routes(app), audit_routes(app), receipt_routes(app)),
    publishes_to=SCHOOL_CASE_EVENTS,
    translator=case_event_translator,
    key_grants=school_key_grants,
    console=SCHOOL_CONSOLE,
    timed=TIMED,
    subscriptions=lambda app: [
        Subscription(
            POLICE_CASE_EVENTS,
            {
                PoliceNotificationAcknowledgedV1: app.on_police_acknowledged,
                EvidenceDecisionV1: app.on_evidence_decision,
            },
            concerns={
                PoliceNotificationAcknowledgedV1: app.holds_case,
                EvidenceDecisionV1: app.holds_case,
            },
        ),
        Subscription(
            SSP_COORDINATION_EVENTS,
            {
                CaseLinkedV1: app.on_case_linked,
                SspAdviceGivenV1: app.on_ssp_advice,
                CaseSharedV1: app.on_case_shared,
            },
            concerns={
                CaseLinkedV1: app.holds_case,
                SspAdviceGivenV1: app.holds_case,
                CaseSharedV1: app.holds_case,
            },
        ),
    ],
)
