"""What of a case the school publishes, as versioned integration events.

Only the events listed here leave the school, and only with the fields other
agencies need: no reasons, no facts about the people involved. Everything else
in the case stream stays in the school's own store. Each event is sealed with its
case's transport key, which the school creates and hands to peers on request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import Notification

from contracts.case_events import (
    CaseAssessedV2,
    CaseClosedV1,
    CaseErasedV2,
    CaseReopenedV1,
    CaseReportedV1,
    CaseSharedWithMunicipalityV1,
    CooperationRequestedV1,
    FingerprintV1,
    MaterialFingerprintedV1,
    ParentsInformedV1,
    ParentsInvolvementDeferredV1,
    PersonNamedV1,
    PoliceNotifiedV2,
    PoliceReportFiledV2,
    ProvisionV2,
    TakedownRequestedV1,
)
from contracts.deadline_events import (
    DeadlineKindV1,
    DeadlineKindV2,
    DeadlineMissedV1,
    DeadlineMissedV2,
    OverdueDeadlineMetV1,
    OverdueDeadlineMetV2,
)
from contracts.directory import municipality_tag
from contracts.envelope import ActorV1, ActorV2, IntegrationEvent, Role
from contracts.sealed import notices_transport_key
from domain.case import Case
from domain.deadlines.clock import DeadlineClock
from domain.erasure import Erasure
from infra.outbox_relay import OutboundMessage, Translate
from services.kit.outbound import audience, envelope, sealed_message
from services.school.application import SchoolApplication

Common = dict[str, Any]


_V1_KINDS = frozenset(k.value for k in DeadlineKindV1)
_V1_ROLES = frozenset(r.value for r in Role)
"""The roles an actor of version 1 may have: professionals, never a system."""


def _reported(event: Case.Reported, common: Common) -> IntegrationEvent:
    return CaseReportedV1(
        **common,
        institution=event.institution,
        municipality=event.municipality,
        police_district=event.police_district,
        offence_category=event.offence_category,
        victim_is_minor=event.victim_is_minor,
    )


def _assessed(event: Case.Assessed, common: Common) -> IntegrationEvent:
    return CaseAssessedV2(
        **common,
        level=event.level,
        context=event.context,
        track=event.track,
        provisions=[ProvisionV2(p) for p in event.provisions],
    )


def _closed(event: Case.Closed, common: Common) -> IntegrationEvent:
    return CaseClosedV1(**common, outcome=event.outcome)


def case_event_translator(app: SchoolApplication) -> Translate:
    deployment = app.settings.deployment(app.name)

    @functools.lru_cache(maxsize=10_000)
    def addressed(case_id: UUID) -> tuple[str, ...]:
        """A case's messages are for the SSP deployments serving its municipality and the
        municipalities its SSP shared it with, and the police deployments serving its
        district (forgotten when the case is shared: the relay translates in order)."""
        case = app.get_or_none(case_id)
        if not isinstance(case, Case):
            return ()
        shared = tuple(municipality_tag(m) for m in case.shared_with)
        return audience(municipality=case.municipality, district=case.police_district) + shared

    def shared(event: Case.SharedWithMunicipality, notification: Notification) -> OutboundMessage:
        """The case as reported, for the municipality it was shared with, and for it alone."""
        addressed.cache_clear()
        case: Case = app.repository.get(event.originator_id, version=event.originator_version)
        contract = CaseSharedWithMunicipalityV1(
            **envelope(
                deployment, notification, case_id=event.originator_id, occurred_at=event.timestamp
            ),
            actor=ActorV1.of(event.actor),
            shared_with=event.municipality,
            reported_at=case.reported.at,
            reported_by=ActorV1.of(case.reported.actor),
            institution=case.institution,
            municipality=case.municipality,
            police_district=case.police_district,
            offence_category=case.offence_category,
            victim_is_minor=case.victim_is_minor,
        )
        return sealed_message(
            contract,
            app.transport_keys,
            deployment=deployment,
            create=True,
            audience=(municipality_tag(event.municipality),),
        )

    def police_notified(event: Case.PoliceNotified, common: Common) -> IntegrationEvent:
        """What the police need to triage, as the case stood when they were notified: never
        the value-jump reason, never the facts about the people involved."""
        case: Case = app.repository.get(event.originator_id, version=event.originator_version)
        return PoliceNotifiedV2(
            **common,
            police_notification_id=event.notification_id,
            police_district=case.police_district,
            institution=case.institution,
            municipality=case.municipality,
            offence_category=case.offence_category,
            victim_is_minor=case.victim_is_minor,
            case_description=case.description,
            level=int(case.level) if case.level is not None else None,
            context=case.context,
            track=case.track,
            provisions=[ProvisionV2(p.value) for p in case.provisions],
            police_report_filed=bool(case.police_reports),
        )

    published: dict[type[DomainEvent], Callable[[Any, Common], IntegrationEvent]] = {
        Case.Reported: _reported,
        Case.Assessed: _assessed,
        Case.ParentsInformed: lambda e, common: ParentsInformedV1(**common),
        Case.ParentsNotYetInformed: lambda e, common: ParentsInvolvementDeferredV1(**common),
        Case.TakedownRequested: lambda e, common: TakedownRequestedV1(
            **common, platform=e.platform
        ),
        Case.CooperationRequested: lambda e, common: CooperationRequestedV1(
            **common, schools=e.schools
        ),
        Case.PoliceNotified: police_notified,
        Case.Closed: _closed,
        Case.Reopened: lambda e, common: CaseReopenedV1(**common),
        Case.PoliceReportFiled: lambda e, common: PoliceReportFiledV2(
            **common, filed_by=e.filed_by, provision=ProvisionV2(e.provision)
        ),
        Case.PersonNamed: lambda e, common: PersonNamedV1(
            **common, role=e.role, pseudonym=e.pseudonym
        ),
        Case.MaterialFingerprinted: lambda e, common: MaterialFingerprintedV1(
            **common,
            fingerprints=[FingerprintV1(kind=f.kind, value=f.value) for f in e.fingerprints],
        ),
        Erasure.Recorded: lambda e, common: CaseErasedV2(**{**common, "case_id": e.erased_case}),
    }

    def deadline(
        event: DeadlineClock.DeadlineMissed | DeadlineClock.DeadlineMet, notification: Notification
    ) -> IntegrationEvent | None:
        """A missed deadline, and a missed one met after all, cross to SSP."""
        clock: DeadlineClock = app.repository.get(
            event.originator_id, version=event.originator_version
        )
        tracked = clock.deadlines[event.key]
        common = envelope(
            deployment, notification, case_id=clock.case_id, occurred_at=event.timestamp
        )
        # Version 1 for the kinds it knows (an SSP service reading only version 1 misses
        # none of them), version 2 for the others and for a step a system met.
        in_v1 = tracked.kind.value in _V1_KINDS
        if isinstance(event, DeadlineClock.DeadlineMissed):
            missed = dict(key=event.key, due=tracked.due, responsible=tracked.responsible.value)
            if in_v1:
                return DeadlineMissedV1(
                    **common, **missed, actor=None, kind=DeadlineKindV1(tracked.kind.value)
                )
            return DeadlineMissedV2(
                **common, **missed, actor=None, kind=DeadlineKindV2(tracked.kind.value)
            )
        before: DeadlineClock = app.repository.get(
            event.originator_id, version=event.originator_version - 1
        )
        if not before.deadlines[event.key].told:
            return None  # met in time: nothing for SSP to clear
        professional = event.actor.role.value in _V1_ROLES
        if in_v1 and professional:
            return OverdueDeadlineMetV1(
                **common,
                actor=ActorV1.of(event.actor),
                key=event.key,
                kind=DeadlineKindV1(tracked.kind.value),
            )
        return OverdueDeadlineMetV2(
            **common,
            actor=ActorV1.of(event.actor) if professional else None,
            key=event.key,
            kind=DeadlineKindV2(tracked.kind.value),
        )

    def erasure_audience(record: Erasure.Recorded) -> tuple[str, ...]:
        """Everyone this deployment serves, and the municipalities the case was shared with."""
        return app.serves.reach() + tuple(getattr(record, "also_for", ()))

    def translate(notification: Notification) -> OutboundMessage | None:
        event = cast(DomainEvent, app.mapper.to_domain_event(notification))
        if isinstance(event, Case.SharedWithMunicipality):
            return shared(event, notification)
        if isinstance(event, DeadlineClock.DeadlineMissed | DeadlineClock.DeadlineMet):
            told = deadline(event, notification)
            if told is None:
                return None
            return sealed_message(
                told,
                app.transport_keys,
                deployment=deployment,
                create=True,
                audience=addressed(told.case_id),
            )
        build = published.get(type(event))
        if build is None:
            return None
        common = envelope(
            deployment, notification, case_id=event.originator_id, occurred_at=event.timestamp
        )
        actor = event.actor  # type: ignore[attr-defined]
        common["actor"] = (
            ActorV2.of(actor) if isinstance(event, Erasure.Recorded) else ActorV1.of(actor)
        )
        contract = build(event, common)
        # An erasure notice outlives the case's key, so it travels under the notices key.
        notices = isinstance(event, Erasure.Recorded)
        key_id = notices_transport_key(deployment) if notices else None
        to = (
            erasure_audience(event)
            if isinstance(event, Erasure.Recorded)
            else addressed(event.originator_id)
        )
        return sealed_message(
            contract,
            app.transport_keys,
            deployment=deployment,
            key_id=key_id,
            create=True,
            audience=to,
        )

    return translate
