"""Incident clusters in SSP's console: which cases share material, why each link was
made, and the consultant's confirmation or dismissal of a link.

The pages show the API's ``ClusterView`` (``services.ssp.api.cluster_view``) of the
clusters ``clusters_as`` and ``cluster_as`` return; confirm and dismiss run the same
``decide_link_as`` as the API's routes, a dismissal read into the API's ``Dismissal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from domain.access import sees_municipality
from domain.actors import Actor
from domain.commands import Wording
from domain.coordination import SspCaseFile
from domain.references import case_reference as reference
from domain.references import cluster_reference
from domain.vocabulary.reasons import reason_words
from services.kit.console import Console
from services.kit.console.forms import form_fields, read_form
from services.ssp import api
from services.ssp.application import SspApplication
from services.ssp.console.words import link_status, words_for

CLUSTERS = "/klynger"
PER_PAGE = 50

CONFIRMED = Wording("Forbindelsen er bekræftet.", "The link is confirmed.")
DISMISSED = Wording("Forbindelsen er afvist.", "The link is dismissed.")


@dataclass(frozen=True)
class CaseRef:
    """A case as a cluster names it: its reference, and where it is handled if known."""

    case_id: UUID
    reference: str
    institution: str | None
    municipality: str | None
    openable: bool
    """The consultant may open its case file (own municipality, or shared with it)."""


@dataclass(frozen=True)
class LinkOnPage:
    link: api.LinkView
    member: CaseRef
    linked_to: CaseRef
    why: Wording
    status: Wording

    @property
    def undecided(self) -> bool:
        return self.link.status == "proposed"

    @property
    def near(self) -> str:
        return f"link-{self.link.link_id}"


@dataclass(frozen=True)
class ClusterOnPage:
    view: api.ClusterView
    reference: str
    members: tuple[CaseRef, ...]
    links: tuple[LinkOnPage, ...]

    @property
    def undecided(self) -> int:
        return sum(1 for link in self.links if link.undecided)


def cluster_on_page(
    cluster_view: api.ClusterView, members: list[SspCaseFile], actor: Actor
) -> ClusterOnPage:
    files = {m.case_id: m for m in members}

    def ref(case_id: UUID) -> CaseRef:
        found = files.get(case_id)
        if found is None:  # held only by a dismissed link: no longer in the cluster
            return CaseRef(case_id, reference(case_id), None, None, openable=False)
        seen = (found.municipality, *found.shared_with)
        return CaseRef(
            case_id,
            reference(case_id),
            found.institution,
            found.municipality,
            openable=any(sees_municipality(actor, m) for m in seen),
        )

    links = tuple(
        LinkOnPage(
            link,
            ref(link.case_id),
            ref(link.linked_to),
            reason_words(link.why),
            link_status(link.status),
        )
        for link in cluster_view.links
    )
    return ClusterOnPage(
        view=cluster_view,
        reference=cluster_reference(cluster_view.cluster_id),
        members=tuple(ref(m.case_id) for m in members),
        links=links,
    )


def cluster_routes(app: SspApplication, console: Console) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    pages = console.pages

    @router.get(CLUSTERS)
    async def clusters(request: Request, fra: Annotated[int, Query(ge=0)] = 0) -> Response:
        actor = console.who(request)
        municipality = actor.organisation

        def read() -> tuple[list[ClusterOnPage], int]:
            page = app.clusters_as(actor, municipality, offset=fra, limit=PER_PAGE)
            found = []
            for cluster in page.items:
                members = app.members_of(cluster)
                found.append(cluster_on_page(api.cluster_view(cluster, members), members, actor))
            return found, page.total

        found, total = await app.workers.run(read)
        return pages.render(
            request,
            "ssp_clusters.html",
            current="clusters",
            municipality=municipality,
            clusters=found,
            total=total,
            offset=fra,
            per_page=PER_PAGE,
            live=True,
        )

    @router.get(CLUSTERS + "/{cluster_id}")
    async def cluster(request: Request, cluster_id: UUID) -> Response:
        actor = console.who(request)
        found, members = await app.workers.run(app.cluster_as, actor, cluster_id)
        view = cluster_on_page(api.cluster_view(found, members), members, actor)
        return pages.render(
            request,
            "ssp_cluster.html",
            current="clusters",
            cluster=view,
            merged_into=cluster_reference(found.merged_into) if found.merged_into else None,
            dismissal_fields=form_fields(api.Dismissal, words_for(api.Dismissal)),
            live=True,
        )

    @router.post(CLUSTERS + "/{cluster_id}/forbindelser/{link_id}/bekraeft")
    async def confirm(request: Request, cluster_id: UUID, link_id: UUID) -> Response:
        actor = console.who(request)
        await console.form(request)
        back = f"{CLUSTERS}/{cluster_id}"
        succeeded, response = await console.attempt(
            request,
            back,
            f"link-{link_id}",
            lambda: app.workers.run(
                lambda: app.decide_link_as(actor, cluster_id, link_id, confirm=True, reason="")
            ),
        )
        return console.done(request, back, CONFIRMED) if succeeded else response

    @router.post(CLUSTERS + "/{cluster_id}/forbindelser/{link_id}/afvis")
    async def dismiss(request: Request, cluster_id: UUID, link_id: UUID) -> Response:
        actor = console.who(request)
        form = await console.form(request)
        back = f"{CLUSTERS}/{cluster_id}"

        def run() -> None:
            body = read_form(api.Dismissal, form)
            assert isinstance(body, api.Dismissal)
            app.decide_link_as(actor, cluster_id, link_id, confirm=False, reason=body.reason)

        succeeded, response = await console.attempt(
            request, back, f"link-{link_id}", lambda: app.workers.run(run)
        )
        return console.done(request, back, DISMISSED) if succeeded else response

    return router
