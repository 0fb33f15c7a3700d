"""What matching publishes: to each SSP deployment, its cases in an incident."""

from __future__ import annotations

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from contracts.envelope import ActorV1, Role
from contracts.matching_events import DistrictCasesV1, NationalMatchV1
from contracts.sealed import match_transport_key
from domain.matching import NationalIncident
from infra.outbox_relay import OutboundMessage, Translate
from services.kit.outbound import audience, envelope, sealed_message
from services.matching.application import MatchingApplication

MATCHING = ActorV1(person_id="samspil-matching", role=Role.SSP_KONSULENT, organisation="SSP")
"""Matches are found by comparing fingerprints; each SSP's consultant decides what follows."""


TOLD = get_topic(NationalIncident.SspTold)


def matching_translator(app: MatchingApplication) -> Translate:
    deployment = app.settings.deployment(app.name)

    def translate(notification: Notification) -> OutboundMessage | None:
        if notification.topic != TOLD:
            return None  # the offered material itself never leaves, so it is not even opened
        event = app.mapper.to_domain_event(notification)
        if not isinstance(event, NationalIncident.SspTold):
            return None
        cases = list(event.cases)
        extent = event.extent
        if superseded(event):
            return None  # a later telling, already stored, says all of this and more
        contract = NationalMatchV1(
            **envelope(deployment, notification, case_id=cases[0], occurred_at=event.timestamp),
            actor=MATCHING,
            incident_id=event.originator_id,
            cases=cases,
            cases_total=extent.cases,
            schools=extent.schools,
            municipalities=list(extent.municipalities),
            police_districts=[
                DistrictCasesV1(police_district=d.district, cases=d.cases)
                for d in extent.police_districts
            ],
            highest_level=extent.highest_level,
            serious=extent.serious,
        )
        # Under the matching key of one of its cases, which that SSP made and handed over.
        return sealed_message(
            contract,
            app.transport_keys,
            deployment=deployment,
            key_id=match_transport_key(cases[0]),
            audience=audience(deployment=event.ssp),
        )

    def superseded(event: NationalIncident.SspTold) -> bool:
        """When the relay is behind, as when a thousand cases join one incident in a
        minute, only each SSP's latest telling is sent, not every one on the way."""
        (newest,) = app.recorder.select_events(event.originator_id, desc=True, limit=1)
        if newest.originator_version == event.originator_version:
            return False  # the latest of the incident: nothing told after it
        incident: NationalIncident | None = app.get_or_none(event.originator_id)
        return incident is not None and incident.told_since(event.ssp, event.cases, event.extent)

    return translate
