"""The police liaison files each notification in its district's inbox and acknowledges it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

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
from domain.access import Organisation, sees_district
from domain.actors import Actor, Role
from domain.cluster_alerts import AlsoRaised, ClusterAlert, IncidentInDistrict
from domain.errors import CaseErased
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Provision, Track
from domain.incidents import Extent
from domain.listing import Listing
from domain.police_inbox import PoliceNotification
from infra.keyring import KeyDestroyed
from infra.settings import Settings
from services.kit.application import FieldsAsDict, Page, ServiceApplication, distinct
from services.kit.deadline_rules import DeadlineRules

POLICE_READERS = frozenset({Role.POLITI})
"""Who may learn of a district's notifications (and of their case's erasure)."""


def inbox_name(district: PoliceDistrict) -> str:
    return f"district:{district.value}"


def alerts_name(district: PoliceDistrict) -> str:
    return f"cluster-alerts:{district.value}"


class PoliceLiaisonApplication(ServiceApplication):
    name = "police_liaison"

    def __init__(self, env: dict[str, str], settings: Settings) -> None:
        super().__init__(env, settings)
        self.deadline_rules = DeadlineRules.from_settings(settings)
        """When each acknowledgement is due (the inbox shows the overdue ones first)."""

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """A cluster alert's extent (how far the cluster reached when SSP alerted)."""
        super().register_transcodings(transcoder)
        transcoder.register(FieldsAsDict(Extent, "cluster_extent"))
        transcoder.register(FieldsAsDict(AlsoRaised, "also_raised"))

    def inbox(self, district: PoliceDistrict, *, offset: int = 0, limit: int = 50) -> Page:
        """The district's notifications (``PoliceNotification``), newest first."""
        return self.listed(inbox_name(district), offset=offset, limit=limit)

    def inbox_as(
        self, actor: Actor, district: PoliceDistrict, *, offset: int = 0, limit: int = 50
    ) -> Page:
        """The inbox, for the district's own police liaison only."""
        return self.listed_as(
            actor,
            inbox_name(district),
            action="read inbox",
            visible=sees_district(actor, district),
            offset=offset,
            limit=limit,
        )

    def notification_as(
        self,
        actor: Actor,
        district: PoliceDistrict,
        notification_id: UUID,
        action: str = "read",
        *,
        record_allowed: bool = True,
    ) -> PoliceNotification:
        """A notification in the actor's own district's inbox.

        Once its case was erased it answers 410 with when and why to that district's
        police, and 404 to everyone else, as an unknown id does.
        """
        erased_case = self._erased_case_of(notification_id)
        if erased_case is not None:
            self.refuse_if_erased(
                actor, erased_case, action, readers=POLICE_READERS, what="Police-notification"
            )
        item = self._readable_notification(notification_id)
        self.check_access(
            subject=f"police-notification:{notification_id}",
            actor=actor,
            action=action,
            visible=item is not None
            and item.police_district is district
            and sees_district(actor, district),
            record_allowed=record_allowed,
        )
        assert item is not None
        return item

    def _erased_case_of(self, notification_id: UUID) -> UUID | None:
        """The case of a notification whose case was erased here (its key names the case)."""
        key_id = self.data_keys.owner(str(notification_id))
        if key_id is None or not key_id.startswith("case:"):
            return None
        case_id = UUID(key_id.removeprefix("case:"))
        return case_id if self.erasure(case_id) is not None else None

    def _readable_notification(self, notification_id: UUID) -> PoliceNotification | None:
        try:
            found = self.get_or_none(notification_id)
        except KeyDestroyed:
            return None
        return found if isinstance(found, PoliceNotification) else None

    def act_as(
        self,
        actor: Actor,
        district: PoliceDistrict,
        notification_id: UUID,
        action: str,
        command: Callable[[PoliceNotification], object],
    ) -> PoliceNotification:
        """Run one command on a notification in the actor's own district's inbox."""
        self.notification_as(actor, district, notification_id, action, record_allowed=False)
        item: PoliceNotification = self.act(notification_id, command)
        return item

    def on_case_erased(self, event: CaseErasedV1 | CaseErasedV2) -> list[Aggregate]:
        """Take the case's notifications out of the inbox, then destroy its key here too."""
        notification_ids = self.data_keys.originators_of(f"case:{event.case_id}")
        items = [self.get_or_none(UUID(i)) for i in notification_ids]
        notifications = [n for n in items if isinstance(n, PoliceNotification)]
        if not notifications and self.erasure(event.case_id) is None:
            return []  # never notified here
        before: list[Aggregate] = []
        for notification in notifications:
            inbox = self.listing(inbox_name(notification.police_district))
            inbox.remove(notification.id)
            before.append(inbox)
        with contextlib.suppress(CaseErased):  # a redelivery finds it done
            self.erase_case(
                event.case_id,
                reason="erased by the school",
                actor=event.actor.to_domain(),
                seen_by={Organisation.police_district(n.police_district) for n in notifications},
                before=before,
            )
        return []

    def alerts_as(
        self, actor: Actor, district: PoliceDistrict, *, offset: int = 0, limit: int = 50
    ) -> Page:
        """The district's cluster alerts (``ClusterAlert``), for its own police liaison only."""
        return self.listed_as(
            actor,
            alerts_name(district),
            action="read cluster alerts",
            visible=sees_district(actor, district),
            offset=offset,
            limit=limit,
        )

    def on_cluster_alert(self, event: ClusterAlertV1 | ClusterAlertV2) -> list[Aggregate]:
        """One alert per cluster and district, however often SSP's message arrives; and
        one listed per national incident and district, however many SSPs alert of it."""
        if not self.serves.serves_district(event.police_district):
            return []
        district = event.police_district
        extent = Extent(
            cases=event.cases,
            cases_in_district=event.cases_in_district,
            schools=event.schools,
            municipalities=event.municipalities,
            police_districts=event.police_districts,
            highest_level=event.highest_level,
        )
        raised_by = event.published_by if isinstance(event, ClusterAlertV2) else ""
        changed: list[Aggregate] = []
        alert: ClusterAlert | None = self.get_or_none(
            ClusterAlert.create_id(event.cluster_id, district)
        )
        alerts = self.listing(alerts_name(district))
        if alert is None:
            alert = ClusterAlert(
                cluster_id=event.cluster_id,
                police_district=district,
                extent=extent,
                why=event.why,
                alerted_at=event.occurred_at,
                raised_by=raised_by,
            )
            alerts.add(alert.id)
            changed += [alert, alerts]
        incident = event.national_incident if isinstance(event, ClusterAlertV2) else None
        if incident is None or alert.incident is not None:
            return changed
        return distinct([*changed, *self._place(alert, incident, alerts)])

    def _place(self, alert: ClusterAlert, incident: UUID, alerts: Listing) -> list[Aggregate]:
        """The alert in its national incident: the district's alert of the incident if
        it is the first, else folded into that one (noted there, no longer listed)."""
        district = alert.police_district
        placed: IncidentInDistrict | None = self.get_or_none(
            IncidentInDistrict.create_id(incident, district)
        )
        if placed is None:
            alert.place_in_incident(incident, folded_into=None)
            placed = IncidentInDistrict(
                incident=incident, police_district=district, alert_id=alert.id
            )
            return [alert, placed]
        first: ClusterAlert = self.repository.get(placed.alert_id)
        first.note_also_raised(
            AlsoRaised(
                cluster_id=alert.cluster_id,
                raised_by=alert.raised_by,
                extent=alert.extent,
                alerted_at=alert.alerted_at,
            )
        )
        alert.place_in_incident(incident, folded_into=first.id)
        alerts.remove(alert.id)
        return [first, alert, alerts]

    def on_police_notified(self, event: PoliceNotifiedV1 | PoliceNotifiedV2) -> list[Aggregate]:
        if not self.serves.serves_district(event.police_district):
            return []
        item = PoliceNotification(
            notification_id=event.police_notification_id,
            case_id=event.case_id,
            police_district=event.police_district,
            institution=event.institution,
            municipality=event.municipality,
            offence_category=event.offence_category,
            victim_is_minor=event.victim_is_minor,
            case_description=event.case_description,
            notified_by=event.actor.to_domain(),
            notified_at=event.occurred_at,
        )
        if isinstance(event, PoliceNotifiedV2):
            item.note_triage(
                level=Level(event.level) if event.level is not None else None,
                context=event.context,
                track=event.track,
                provisions=[Provision(p.value) for p in event.provisions],
                police_report_filed=event.police_report_filed,
                as_of=event.source_position,
            )
        inbox = self.listing(inbox_name(event.police_district))
        inbox.add(item.id)
        return [item, inbox]

    def _notifications_of(self, case_id: UUID) -> list[PoliceNotification]:
        """Every notification of the case here (a school may notify more than once)."""
        ids = self.data_keys.originators_of(f"case:{case_id}")
        found = [self.get_or_none(UUID(i)) for i in ids]
        return [n for n in found if isinstance(n, PoliceNotification)]

    def _update(
        self, case_id: UUID, update: Callable[[PoliceNotification], object]
    ) -> list[Aggregate]:
        """Apply ``update`` to the case's notifications; those it changed are returned."""
        changed: list[Aggregate] = []
        for notification in self._notifications_of(case_id):
            before = notification.version
            update(notification)
            if notification.version != before:
                changed.append(notification)
        return changed

    def on_assessed(self, event: CaseAssessedV1 | CaseAssessedV2) -> list[Aggregate]:
        """The school's new level, context, track (and, from version 2, provisions) on the
        case's inbox entries."""
        by = event.actor.to_domain()
        provisions = (
            [Provision(p.value) for p in event.provisions]
            if isinstance(event, CaseAssessedV2)
            else None
        )
        return self._update(
            event.case_id,
            lambda n: n.note_reassessment(
                level=Level(event.level),
                context=Context(event.context),
                track=Track(event.track),
                at=event.occurred_at,
                by=by,
                as_of=event.source_position,
                provisions=provisions,
            ),
        )

    def on_police_report_filed(
        self, event: PoliceReportFiledV1 | PoliceReportFiledV2
    ) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._update(
            event.case_id, lambda n: n.note_police_report(at=event.occurred_at, by=by)
        )
