"""SSP keeps a file per school case in the municipalities it serves."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

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
from contracts.envelope import ActorV1, IntegrationEvent
from domain.access import Organisation, may_read_statistics, sees_municipality
from domain.action_plan import ActionPlan
from domain.actors import Actor, Role
from domain.coordination import CoordinationStep, SspCaseFile
from domain.deadlines.kinds import DeadlineKind
from domain.errors import CaseErased
from domain.handling_model import Level
from domain.incidents import Extent, IncidentCluster
from domain.listing import Listing
from domain.municipalities import municipality_named
from domain.statistics import CaseFigures, GroupBy, Row, tabulate
from infra.keyring import KeyDestroyed
from infra.settings import Settings
from services.kit.application import (
    FieldsAsDict,
    FingerprintAsDict,
    Page,
    ServiceApplication,
    distinct,
)
from services.kit.inbound import NotHeld
from services.kit.transcodings import NationalExtentAsDict
from services.ssp.action_plans import ActionPlans, AnswerAsDict
from services.ssp.linking import (
    MATERIAL_LISTING,
    MaterialIndex,
    clusters_listing,
    link,
    spread,
)

T = TypeVar("T", bound=Aggregate)

SSP_READERS = frozenset({Role.SSP_KONSULENT})
"""Who may learn of SSP's case files (and of their erasure), in their own municipality."""

ALL_CASES = "cases"
"""Every case file, for statistics."""


def figures(case_file: SspCaseFile) -> CaseFigures:
    def days_until(moment: datetime | None) -> float | None:
        return (moment - case_file.reported_at).total_seconds() / 86400 if moment else None

    return CaseFigures(
        municipality=case_file.municipality,
        police_district=case_file.police_district.value,
        reported_at=case_file.reported_at,
        level=int(case_file.level) if case_file.level else None,
        offence_category=case_file.offence_category.value,
        track=case_file.track.value if case_file.track else None,
        days_to_parents_informed=days_until(case_file.parents_informed_at),
        days_to_police_notified=days_until(case_file.police_notified_at),
    )


def opened(
    event: CaseReportedV1 | CaseSharedWithMunicipalityV1, *, reported_at: datetime, by: ActorV1
) -> SspCaseFile:
    """SSP's file of a case, as the school reported it."""
    return SspCaseFile(
        case_id=event.case_id,
        institution=event.institution,
        municipality=event.municipality,
        police_district=event.police_district,
        offence_category=event.offence_category,
        victim_is_minor=event.victim_is_minor,
        reported_at=reported_at,
        reported_by=by.to_domain(),
    )


def overview_name(municipality: str) -> str:
    return f"municipality:{municipality.strip().casefold()}"


class SspApplication(ServiceApplication):
    name = "ssp"

    def __init__(self, env: dict[str, str], settings: Settings) -> None:
        super().__init__(env, settings)
        self.material = MaterialIndex(self)
        self.action_plans = ActionPlans(self)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """The fingerprints on case files, a cluster's extent when the police were
        alerted and that of the national incident it is part of, and an action plan's
        answers."""
        super().register_transcodings(transcoder)
        transcoder.register(FingerprintAsDict())
        transcoder.register(FieldsAsDict(Extent, "cluster_extent"))
        transcoder.register(AnswerAsDict())
        transcoder.register(NationalExtentAsDict())

    def overview(self, municipality: str, *, offset: int = 0, limit: int = 50) -> Page:
        """The municipality's case files (``SspCaseFile``), newest first."""
        return self.listed(overview_name(municipality), offset=offset, limit=limit)

    def overview_as(
        self, actor: Actor, municipality: str, *, offset: int = 0, limit: int = 50
    ) -> Page:
        """The overview, for the municipality's own SSP consultant only."""
        return self.listed_as(
            actor,
            overview_name(municipality),
            action="read overview",
            visible=sees_municipality(actor, municipality),
            offset=offset,
            limit=limit,
        )

    def on_case_reported(self, event: CaseReportedV1) -> list[Aggregate]:
        if not self.serves.serves_municipality(event.municipality):
            return []
        case_file = opened(event, reported_at=event.occurred_at, by=event.actor)
        overview = self.listing(overview_name(event.municipality))
        overview.add(case_file.id)
        every_case = self.listing(ALL_CASES)
        every_case.add(case_file.id)
        started = self._plan_started(event.municipality)
        return [case_file, overview, every_case, *started]

    def on_case_shared_with_municipality(
        self, event: CaseSharedWithMunicipalityV1
    ) -> list[Aggregate]:
        """Another municipality's SSP shared a case with a municipality served here: the
        file is opened (once) and listed in that municipality's overview, as shared."""
        if not self.serves.serves_municipality(event.shared_with):
            return []
        changed: list[Aggregate] = []
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        if case_file is None:
            case_file = opened(event, reported_at=event.reported_at, by=event.reported_by)
            every_case = self.listing(ALL_CASES)
            every_case.add(case_file.id)
            changed.append(every_case)
        case_file.share_with(municipality=event.shared_with, by=event.actor.to_domain())
        overview = self.listing(overview_name(event.shared_with))
        overview.add(case_file.id)
        return [case_file, overview, *changed]

    def _plan_started(self, municipality: str) -> list[Aggregate]:
        """The municipality's action plan, started with its first case so its yearly
        evaluation is scheduled from then on."""
        found = municipality_named(municipality)
        name = found.name if found else municipality.strip()
        if self.get_or_none(ActionPlan.create_id(name)) is not None:
            return []
        return [ActionPlan(municipality=name)]

    def _note(
        self, event: IntegrationEvent, note: Callable[[SspCaseFile], object]
    ) -> list[Aggregate]:
        """Apply ``note`` to the case's file; cases outside this SSP's municipalities have none."""
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        if case_file is None:
            return NotHeld()  # not (yet) here: a later copy in order still applies
        note(case_file)
        return [case_file]

    def on_parents_informed(self, event: ParentsInformedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_parents_informed(at=event.occurred_at, by=by))

    def on_takedown_requested(self, event: TakedownRequestedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(
            event,
            lambda f: f.note_takedown_requested(
                platform=event.platform, at=event.occurred_at, by=by
            ),
        )

    def on_police_notified(self, event: PoliceNotifiedV1 | PoliceNotifiedV2) -> list[Aggregate]:
        by = event.actor.to_domain()
        changed = self._note(event, lambda f: f.note_police_notified(at=event.occurred_at, by=by))
        return self._with_cluster(changed)

    def on_police_report_filed(
        self, event: PoliceReportFiledV1 | PoliceReportFiledV2
    ) -> list[Aggregate]:
        by = event.actor.to_domain()
        changed = self._note(event, lambda f: f.note_police_report(at=event.occurred_at, by=by))
        return self._with_cluster(changed)

    def on_assessed(self, event: CaseAssessedV1 | CaseAssessedV2) -> list[Aggregate]:
        by = event.actor.to_domain()
        changed = self._note(
            event,
            lambda f: f.note_assessed(
                level=Level(event.level), context=event.context, track=event.track, by=by
            ),
        )
        return self._with_cluster(changed)

    def _with_cluster(self, changed: list[Aggregate]) -> list[Aggregate]:
        """A linked case that became serious may make its cluster a matter for the police."""
        if not changed:
            return changed
        case_file = changed[0]
        assert isinstance(case_file, SspCaseFile)
        if case_file.cluster is None:
            return changed
        cluster: IncidentCluster = self.repository.get(case_file.cluster[0])
        return distinct([*changed, *spread(self, cluster, {case_file.id: case_file})])

    def on_material_fingerprinted(self, event: MaterialFingerprintedV1) -> list[Aggregate]:
        """Keep the fingerprints; if they match another case's, link the two."""
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        if case_file is None:
            return NotHeld()  # not (yet) here: a later copy in order still applies
        self.material.catch_up()
        fingerprints = [f.to_domain() for f in event.fingerprints]
        case_file.note_fingerprints(fingerprints=fingerprints)
        material = self.listing(MATERIAL_LISTING)
        material.add(case_file.id)
        matches = self.material.matches(case_file.case_id, fingerprints)
        self.material.remember(case_file.case_id, fingerprints)
        if not matches:
            return [case_file, material]
        return distinct([case_file, material, *link(self, case_file, matches)])

    def on_person_named(self, event: PersonNamedV1) -> list[Aggregate]:
        """Keep the pseudonym; the same person named at another school links the cases."""
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        if case_file is None:
            return NotHeld()  # not (yet) here: a later copy in order still applies
        self.material.catch_up()
        case_file.note_person(role=event.role, pseudonym=event.pseudonym)
        material = self.listing(MATERIAL_LISTING)
        material.add(case_file.id)
        matches = self.material.same_person(case_file.case_id, event.pseudonym)
        self.material.remember_person(case_file.case_id, event.pseudonym)
        if not matches:
            return [case_file, material]
        return distinct([case_file, material, *link(self, case_file, matches)])

    def case_file_as(
        self, actor: Actor, case_id: UUID, action: str = "read", *, record_allowed: bool = True
    ) -> SspCaseFile:
        """A case file, for the SSP team of its municipality or one it was shared with.

        An erased case answers 410 with when and why to those teams (from the erasure
        record SSP keeps); to anyone else, and for an unknown id or the id of another kind
        of record, it answers 404.
        """
        self.refuse_if_erased(actor, case_id, action, readers=SSP_READERS, what="Case")
        case_file = self._found(SspCaseFile, case_id)
        self.check_access(
            subject=f"case:{case_id}",
            actor=actor,
            action=action,
            visible=case_file is not None
            and any(
                sees_municipality(actor, m)
                for m in (case_file.municipality, *case_file.shared_with)
            ),
            record_allowed=record_allowed,
            not_found="Case",
        )
        assert case_file is not None
        return case_file

    def _found(self, kind: type[T], aggregate_id: UUID) -> T | None:
        """The aggregate if it exists, is readable and is a ``kind``; None otherwise."""
        try:
            found = self.get_or_none(aggregate_id)
        except KeyDestroyed:  # erased without a record here: as if unknown
            return None
        return found if isinstance(found, kind) else None

    def take_coordination_step_as(
        self, actor: Actor, case_id: UUID, *, step: CoordinationStep, counterpart: str, note: str
    ) -> SspCaseFile:
        self.case_file_as(actor, case_id, "coordination step", record_allowed=False)
        case_file: SspCaseFile = self.act(
            case_id,
            lambda f: f.take_coordination_step(
                step=step, counterpart=counterpart, note=note, by=actor
            ),
        )
        return case_file

    def share_as(self, actor: Actor, case_id: UUID, municipality: str) -> SspCaseFile:
        """Across municipalities: the other SSP team sees the file in its overview."""
        self.case_file_as(actor, case_id, "share", record_allowed=False)
        case_file: SspCaseFile = self.act(
            case_id, lambda f: f.share_with(municipality=municipality, by=actor)
        )
        # Stored after the share: sharing again (which changes nothing) lists it if a
        # failure came between the two.
        self._add_to_listing(overview_name(municipality), case_id)
        return case_file

    def _add_to_listing(self, name: str, item_id: UUID) -> None:
        """Add to a listing the inbound consumer may be writing too, retrying on conflict."""
        listing_id = Listing.create_id(name)

        def change() -> tuple[Sequence[Aggregate], None]:
            listing = self.listing(name)
            listing.add(item_id)
            return [listing], None

        self.written([listing_id], change)

    def statistics_as(self, actor: Actor, by: GroupBy) -> list[Row]:
        """Counts with small ones suppressed; every read is recorded."""
        self.check_access(
            subject="statistics",
            actor=actor,
            action=f"read statistics by {by.value}",
            visible=True,
            permitted=may_read_statistics(actor),
        )
        return tabulate((figures(f) for f in self.readable(self.listing(ALL_CASES).ids)), by)

    def cluster_as(self, actor: Actor, cluster_id: UUID) -> tuple[IncidentCluster, list[Any]]:
        """A cluster and its members' files, for an SSP consultant of an involved municipality."""
        cluster = self._visible_cluster(actor, cluster_id, "read cluster", record_allowed=True)
        return cluster, self.members_of(cluster)

    def _visible_cluster(
        self, actor: Actor, cluster_id: UUID, action: str, *, record_allowed: bool
    ) -> IncidentCluster:
        """The cluster if the actor's municipality is involved; 404 (recorded) otherwise."""
        cluster = self._found(IncidentCluster, cluster_id)
        self.check_access(
            subject=f"cluster:{cluster_id}",
            actor=actor,
            action=action,
            visible=cluster is not None and self._involves(actor, cluster),
            record_allowed=record_allowed,
        )
        assert cluster is not None
        return cluster

    def _involves(self, actor: Actor, cluster: IncidentCluster) -> bool:
        """Whoever saw a case in it may still see it once links were dismissed."""
        return any(
            sees_municipality(actor, f.municipality)
            for case_id in cluster.ever_linked()
            for f in self.readable([case_id])
        )

    def decide_link_as(
        self, actor: Actor, cluster_id: UUID, link_id: UUID, *, confirm: bool, reason: str
    ) -> IncidentCluster:
        """An SSP consultant confirms a link, or dismisses it with a reason (recorded)."""
        action = "confirm link" if confirm else "dismiss link"
        self._visible_cluster(actor, cluster_id, action, record_allowed=False)
        decided: IncidentCluster = self.act(
            cluster_id,
            lambda c: (
                c.confirm(link_id=link_id, by=actor)
                if confirm
                else c.dismiss(link_id=link_id, reason=reason, by=actor)
            ),
        )
        return decided

    def clusters_as(self, actor: Actor, municipality: str, *, offset: int, limit: int) -> Page:
        return self.listed_as(
            actor,
            clusters_listing(municipality),
            action="read clusters",
            visible=sees_municipality(actor, municipality),
            offset=offset,
            limit=limit,
        )

    def members_of(self, cluster: IncidentCluster) -> list[SspCaseFile]:
        return self.readable(cluster.members)

    def on_parents_involvement_deferred(
        self, event: ParentsInvolvementDeferredV1
    ) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_parents_involvement_deferred(by=by))

    def on_cooperation_requested(self, event: CooperationRequestedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(
            event, lambda f: f.note_cooperation_requested(schools=event.schools, by=by)
        )

    def on_deadline_missed(self, event: DeadlineMissedV1 | DeadlineMissedV2) -> list[Aggregate]:
        kind = DeadlineKind(event.kind.value)
        return self._note(
            event, lambda f: f.note_deadline_missed(key=event.key, kind=kind, due=event.due)
        )

    def on_overdue_met(self, event: OverdueDeadlineMetV1 | OverdueDeadlineMetV2) -> list[Aggregate]:
        return self._note(event, lambda f: f.note_overdue_met(key=event.key))

    def on_closed(self, event: CaseClosedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_closed(outcome=event.outcome, by=by))

    def on_case_erased(self, event: CaseErasedV1 | CaseErasedV2) -> list[Aggregate]:
        """Take the case out of the overview, then destroy its key here too."""
        if self.erasure(event.case_id) is None and self.get_or_none(event.case_id) is None:
            return []  # a case of another municipality: nothing of it is here
        before: list[Aggregate] = []
        case_file: SspCaseFile | None = self.get_or_none(event.case_id)
        if case_file is not None:
            overview = self.listing(overview_name(case_file.municipality))
            overview.remove(case_file.id)
            material = self.listing(MATERIAL_LISTING)
            material.remove(case_file.id)
            every_case = self.listing(ALL_CASES)
            every_case.remove(case_file.id)
            before += [overview, material, every_case]
            self.material.catch_up()
            self.material.forget(case_file.id)
            if case_file.cluster is not None:
                cluster: IncidentCluster = self.repository.get(case_file.cluster[0])
                cluster.remove_case(case_file.id)
                before.append(cluster)
        seen_by = (
            [Organisation.municipality(m) for m in (case_file.municipality, *case_file.shared_with)]
            if case_file is not None
            else []
        )
        with contextlib.suppress(CaseErased):  # a redelivery finds it done
            self.erase_case(
                event.case_id,
                reason="erased by the school",
                actor=event.actor.to_domain(),
                seen_by=seen_by,
                before=before,
            )
        return []

    def on_reopened(self, event: CaseReopenedV1) -> list[Aggregate]:
        by = event.actor.to_domain()
        return self._note(event, lambda f: f.note_reopened(by=by))
