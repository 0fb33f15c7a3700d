"""What SSP publishes: to a school, that its case is linked, that the SSP consultant
gave advice on it and that SSP shared it with another municipality; to the police,
cluster alerts; to the matching deployment, what it needs of a case
(``services.ssp.national_matching``).

Each message is sealed with the transport key of the case it names (the school's own
case, or a member case in the alerted district), which SSP holds from the school.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from eventsourcing.persistence import Notification

from contracts.coordination_events import (
    CaseLinkedV1,
    CaseSharedV1,
    ClusterAlertV2,
    SspAdviceGivenV1,
)
from contracts.envelope import ActorV1, IntegrationEvent, Role
from domain.coordination import CoordinationStep, SspCaseFile
from domain.incidents import IncidentCluster
from infra.outbox_relay import OutboundMessage, Translate
from services.kit.outbound import audience, case_owner, envelope, sealed_message
from services.ssp.application import SspApplication
from services.ssp.national_matching import offer_or_withdraw

LINKING = ActorV1(person_id="samspil-ssp-linking", role=Role.SSP_KONSULENT, organisation="SSP")
"""Links are made by SSP's matching of fingerprints; a consultant confirms or dismisses them."""


def coordination_translator(app: SspApplication) -> Translate:
    deployment = app.settings.deployment(app.name)

    def translate(notification: Notification) -> OutboundMessage | None:
        event: Any = app.mapper.to_domain_event(notification)
        to_matching = offer_or_withdraw(app, notification, event)
        if to_matching is not None:
            return to_matching
        contract: IntegrationEvent
        if isinstance(event, SspCaseFile.LinkedToCluster):
            common = envelope(
                deployment, notification, case_id=event.originator_id, occurred_at=event.timestamp
            )
            contract = CaseLinkedV1(
                **common,
                actor=LINKING,
                cluster_id=event.cluster_id,
                schools=event.schools,
                municipalities=event.municipalities,
            )
        elif isinstance(
            event, IncidentCluster.DistrictAlerted | IncidentCluster.DistrictToldOfIncident
        ):
            contract = alert(notification, event)
        elif isinstance(event, SspCaseFile.SharedWithMunicipality):
            common = envelope(
                deployment, notification, case_id=event.originator_id, occurred_at=event.timestamp
            )
            contract = CaseSharedV1(
                **common, actor=ActorV1.of(event.by), municipality=event.municipality
            )
        elif is_advice(event):
            # Who gave the advice, and when: the note stays in SSP's file.
            common = envelope(
                deployment, notification, case_id=event.originator_id, occurred_at=event.timestamp
            )
            contract = SspAdviceGivenV1(**common, actor=ActorV1.of(event.by))
        else:
            return None
        return sealed_message(
            contract, app.transport_keys, deployment=deployment, audience=addressed(event)
        )

    def alert(
        notification: Notification,
        event: IncidentCluster.DistrictAlerted | IncidentCluster.DistrictToldOfIncident,
    ) -> ClusterAlertV2:
        """The district's alert, naming the national incident the cluster was in then."""
        return ClusterAlertV2(
            **envelope(
                deployment, notification, case_id=event.through, occurred_at=event.timestamp
            ),
            actor=LINKING,
            published_by=deployment,
            cluster_id=event.originator_id,
            police_district=event.district,
            why=event.why,
            national_incident=event.incident,
            **vars(event.extent),
        )

    def addressed(event: Any) -> tuple[str, ...]:
        """An alert is for the district's police; the rest for the case's own school."""
        if isinstance(
            event, IncidentCluster.DistrictAlerted | IncidentCluster.DistrictToldOfIncident
        ):
            return audience(district=event.district)
        file = app.get_or_none(event.originator_id)
        if not isinstance(file, SspCaseFile):
            return ()
        owner = case_owner(app.transport_keys, event.originator_id)
        return audience(municipality=file.municipality, deployment=owner)

    return translate


def is_advice(event: object) -> TypeGuard[SspCaseFile.CoordinationStepTaken]:
    """A coordination step that is the SSP consultant's advice to the school (Sparring)."""
    return (
        isinstance(event, SspCaseFile.CoordinationStepTaken)
        and CoordinationStep(event.step) is CoordinationStep.ADVICE_GIVEN
    )
