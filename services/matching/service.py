"""The matching service: reads SSP deployments' offers, tells each of its matches.

It has no console and no API for professionals: nobody reads it but the SSP
deployments it tells, and it answers only ``/health`` and its documents.
"""

from __future__ import annotations

from fastapi import APIRouter

from contracts.matching_events import MaterialOfferedV1, MaterialWithdrawnV1
from contracts.topics import MATCHING_EVENTS, SSP_COORDINATION_EVENTS
from services.kit.service import Blueprint, Subscription
from services.matching.application import MatchingApplication
from services.matching.outbound import matching_translator

BLUEPRINT: Blueprint[MatchingApplication] = Blueprint(
    name="matching",
    title="Samspil — matching",
    description="Links the same material across SSP deployments, blind to case content.",
    application=MatchingApplication,
    routes=lambda app: APIRouter(),
    publishes_to=MATCHING_EVENTS,
    translator=matching_translator,
    subscriptions=lambda app: [
        Subscription(
            SSP_COORDINATION_EVENTS,
            {
                MaterialOfferedV1: app.on_material_offered,
                MaterialWithdrawnV1: app.on_material_withdrawn,
            },
            # Both read and change the fingerprint index: one replica at a time.
            one_at_a_time=frozenset({MaterialOfferedV1, MaterialWithdrawnV1}),
        )
    ],
)
