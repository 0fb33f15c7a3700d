"""SSP's HTTP API: the municipality overview of school cases."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from domain.case_facts import InvolvedRole, Outcome
from domain.coordination import CoordinationStep, SspCaseFile
from domain.deadlines.kinds import DeadlineKind
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Track
from domain.incidents import IncidentCluster
from domain.offences import OffenceCategory
from services.kit import text_fields as text
from services.kit.http import ActingProfessional
from services.kit.views import ActorView, PageInfo, PageLimit, PageOffset
from services.ssp.application import SspApplication


class CaseSummary(BaseModel):
    case_id: UUID
    institution: str
    police_district: PoliceDistrict
    offence_category: OffenceCategory
    victim_is_minor: bool
    reported_at: datetime
    reported_by: ActorView
    parents_informed_at: datetime | None
    takedowns_requested: list[str]
    police_notified_at: datetime | None
    level: Level | None
    context: Context | None
    track: Track | None
    parents_involvement_deferred: bool
    """The school used the value-jump rule (værdispringsreglen); the reason stays there."""
    cooperation_with: list[str]
    closed: bool
    outcome: Outcome | None
    overdue: list[DeadlineKind] = []
    """The school's steps past their deadline (which, never why or who was told)."""


class CoordinationStepView(BaseModel):
    step: CoordinationStep
    counterpart: str
    note: str
    at: datetime
    by: ActorView


class CaseFileView(BaseModel):
    case: CaseSummary
    shared_with: list[str]
    coordination: list[CoordinationStepView]
    """Every step SSP took, oldest first, with who took it."""


class TakeCoordinationStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: CoordinationStep
    counterpart: text.InstitutionName = Field(description="The school, SSP team or police unit.")
    note: text.OptionalNote = Field("", description="What was agreed; no names of children.")


class ShareWith(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality: text.MunicipalityName


class MunicipalityOverview(BaseModel):
    municipality: str
    page: PageInfo
    cases: list[CaseSummary]


def summary(case_file: SspCaseFile) -> CaseSummary:
    return CaseSummary(
        case_id=case_file.case_id,
        institution=case_file.institution,
        police_district=case_file.police_district,
        offence_category=case_file.offence_category,
        victim_is_minor=case_file.victim_is_minor,
        reported_at=case_file.reported_at,
        reported_by=ActorView.of(case_file.reported_by),
        parents_informed_at=case_file.parents_informed_at,
        takedowns_requested=case_file.takedowns_requested,
        police_notified_at=case_file.police_notified_at,
        level=case_file.level,
        context=case_file.context,
        track=case_file.track,
        parents_involvement_deferred=case_file.parents_involvement_deferred,
        cooperation_with=case_file.cooperation_with,
        closed=case_file.outcome is not None,
        outcome=case_file.outcome,
        overdue=sorted(set(getattr(case_file, "overdue", {}).values())),
    )


def routes(app: SspApplication) -> APIRouter:
    router = APIRouter(tags=["overview"])

    @router.get(
        "/municipalities/{municipality}/overview",
        summary="The school cases of a municipality, newest first, for coordination (Samarbejd)",
    )
    def overview(
        municipality: Annotated[str, Path(min_length=1, max_length=100)],
        actor: ActingProfessional,
        offset: PageOffset = 0,
        limit: PageLimit = 50,
    ) -> MunicipalityOverview:
        page = app.overview_as(actor, municipality, offset=offset, limit=limit)
        return MunicipalityOverview(
            municipality=municipality,
            page=PageInfo(total=page.total, offset=offset, limit=limit),
            cases=[summary(f) for f in page.items],
        )

    return router


class LinkView(BaseModel):
    link_id: UUID
    case_id: UUID
    linked_to: UUID
    why: str
    status: Literal["proposed", "confirmed", "dismissed"]
    decided_by: ActorView | None
    dismissal: str | None


class DistrictCasesView(BaseModel):
    police_district: PoliceDistrict
    cases: int


class NationalView(BaseModel):
    """The incident across SSP deployments, as matching told this one: how far it
    reaches, never another municipality's cases."""

    incident_id: UUID
    cases: int
    schools: int
    municipalities: list[str]
    police_districts: list[DistrictCasesView]
    highest_level: int | None
    serious: bool


class ClusterView(BaseModel):
    """Which schools, municipalities and police districts handle the same material."""

    cluster_id: UUID
    merged_into: UUID | None
    """Set once a case matched this cluster and a larger one: see that one."""
    cases: int
    victims: int
    """Distinct victims named by pseudonym, plus one for each case that names none."""
    sharers: int
    """Distinct people named as having passed the material on."""
    schools: list[str]
    municipalities: list[str]
    police_districts: list[PoliceDistrict]
    highest_level: Level | None
    cooperation_requested_by: list[str]
    police_alerted: list[PoliceDistrict]
    members: list[CaseSummary]
    links: list[LinkView]
    national: NationalView | None = None
    """Set when the matching deployment found the material in other SSPs' cases."""


class Clusters(BaseModel):
    municipality: str
    page: PageInfo
    clusters: list[ClusterView]


class Dismissal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: text.DismissalReason = Field(description="Why the link is wrong.")


def cluster_view(cluster: IncidentCluster, members: list[SspCaseFile]) -> ClusterView:
    levels = [m.level for m in members if m.level is not None]
    victims = {p for m in members for role, p in m.people if role is InvolvedRole.VICTIM}
    unnamed = [m for m in members if not any(r is InvolvedRole.VICTIM for r, _ in m.people)]
    sharers = {p for m in members for role, p in m.people if role is InvolvedRole.PASSIVE_SHARER}
    return ClusterView(
        cluster_id=cluster.id,
        merged_into=cluster.merged_into,
        cases=len(members),
        victims=len(victims) + len(unnamed),
        sharers=len(sharers),
        schools=sorted({m.institution for m in members}),
        municipalities=sorted({m.municipality for m in members}),
        police_districts=sorted({m.police_district for m in members}),
        highest_level=max(levels) if levels else None,
        cooperation_requested_by=sorted({m.institution for m in members if m.cooperation_with}),
        police_alerted=sorted(cluster.alerted),
        members=[summary(m) for m in members],
        links=[
            LinkView(
                link_id=link_id,
                case_id=link.member,
                linked_to=link.linked_to,
                why=link.reason,
                status=link.status,
                decided_by=ActorView.of(link.decided_by) if link.decided_by else None,
                dismissal=link.dismissal,
            )
            for link_id, link in cluster.links.items()
        ],
        national=_national(cluster),
    )


def _national(cluster: IncidentCluster) -> NationalView | None:
    if cluster.national is None:
        return None
    incident, extent = cluster.national
    return NationalView(
        incident_id=incident,
        cases=extent.cases,
        schools=extent.schools,
        municipalities=list(extent.municipalities),
        police_districts=[
            DistrictCasesView(police_district=d.district, cases=d.cases)
            for d in extent.police_districts
        ],
        highest_level=extent.highest_level,
        serious=extent.serious,
    )


def cluster_routes(app: SspApplication) -> APIRouter:
    router = APIRouter(tags=["incident clusters"])

    @router.get(
        "/municipalities/{municipality}/clusters",
        summary="Incident clusters with a case in the municipality, newest first",
    )
    def clusters(
        municipality: Annotated[str, Path(min_length=1, max_length=100)],
        actor: ActingProfessional,
        offset: PageOffset = 0,
        limit: PageLimit = 50,
    ) -> Clusters:
        page = app.clusters_as(actor, municipality, offset=offset, limit=limit)
        return Clusters(
            municipality=municipality,
            page=PageInfo(total=page.total, offset=offset, limit=limit),
            clusters=[cluster_view(c, app.members_of(c)) for c in page.items],
        )

    @router.get("/clusters/{cluster_id}", summary="A cluster: who is involved, and why linked")
    def cluster(cluster_id: UUID, actor: ActingProfessional) -> ClusterView:
        return cluster_view(*app.cluster_as(actor, cluster_id))

    @router.post(
        "/clusters/{cluster_id}/links/{link_id}/confirm",
        summary="Confirm that a link is right (recorded with who confirmed it)",
    )
    def confirm(cluster_id: UUID, link_id: UUID, actor: ActingProfessional) -> ClusterView:
        decided = app.decide_link_as(actor, cluster_id, link_id, confirm=True, reason="")
        return cluster_view(decided, app.members_of(decided))

    @router.post(
        "/clusters/{cluster_id}/links/{link_id}/dismiss",
        summary="Dismiss a wrong link, with why; a case held only by it leaves the cluster",
    )
    def dismiss(
        cluster_id: UUID, link_id: UUID, body: Dismissal, actor: ActingProfessional
    ) -> ClusterView:
        decided = app.decide_link_as(actor, cluster_id, link_id, confirm=False, reason=body.reason)
        return cluster_view(decided, app.members_of(decided))

    return router


def case_file_view(app: SspApplication, case_file: SspCaseFile) -> CaseFileView:
    """A case file with its summary and every coordination step (API and console)."""
    steps = [
        e for e in app.history(case_file.id) if isinstance(e, SspCaseFile.CoordinationStepTaken)
    ]
    return CaseFileView(
        case=summary(case_file),
        shared_with=case_file.shared_with,
        coordination=[
            CoordinationStepView(
                step=e.step,
                counterpart=e.counterpart,
                note=e.note,
                at=e.timestamp,
                by=ActorView.of(e.by),
            )
            for e in steps
        ],
    )


def case_file_routes(app: SspApplication) -> APIRouter:
    router = APIRouter(prefix="/cases/{case_id}", tags=["coordination"])

    def view(case_file: SspCaseFile) -> CaseFileView:
        return case_file_view(app, case_file)

    @router.get("", summary="A case file with every coordination step")
    def read(case_id: UUID, actor: ActingProfessional) -> CaseFileView:
        return view(app.case_file_as(actor, case_id))

    @router.post("/coordination-steps", summary="Samarbejd: record a coordination step")
    def step(case_id: UUID, body: TakeCoordinationStep, actor: ActingProfessional) -> CaseFileView:
        return view(
            app.take_coordination_step_as(
                actor, case_id, step=body.step, counterpart=body.counterpart, note=body.note
            )
        )

    @router.post(
        "/shared-municipalities",
        summary="Across municipalities: share the file with another municipality's SSP team",
    )
    def share(case_id: UUID, body: ShareWith, actor: ActingProfessional) -> CaseFileView:
        return view(app.share_as(actor, case_id, body.municipality))

    return router
