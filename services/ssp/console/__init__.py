"""SSP's console: the municipality's overview, the case file with its coordination, the
incident clusters, the statistics and the action plan's yearly evaluation, in Danish
(English available).

Every page reads through the same application methods as the API (``overview_as``,
``case_file_as``, ``clusters_as``, ``statistics_as`` …) with the signed-in consultant,
whose organisation is the municipality, so each view is access-checked and recorded in
the access log, and another municipality's case is not found. Every form is read into
the API route's own request model and runs the same application command.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from domain.commands import Wording
from domain.coordination import SspCaseFile
from domain.geography import same_name
from domain.municipalities import MUNICIPALITIES
from domain.references import case_reference as reference
from services.kit.console import Console, ConsoleSpec
from services.kit.console.forms import Choice, FormField, form_fields, read_form
from services.ssp import api
from services.ssp.application import SspApplication
from services.ssp.console.action_plan_page import action_plan_routes
from services.ssp.console.cluster_pages import cluster_routes
from services.ssp.console.statistics_page import statistics_routes
from services.ssp.console.words import words_for

HOME = "/oversigt"
PER_PAGE = 50

STEP_RECORDED = Wording("Samarbejdet er registreret.", "The coordination step is recorded.")


def console_routes(app: SspApplication, console: Console) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    pages = console.pages

    @router.get(HOME)
    async def overview(request: Request, fra: Annotated[int, Query(ge=0)] = 0) -> Response:
        actor = console.who(request)
        municipality = actor.organisation
        page = await app.workers.run(
            lambda: app.overview_as(actor, municipality, offset=fra, limit=PER_PAGE)
        )
        return pages.render(
            request,
            "ssp_overview.html",
            current="overview",
            municipality=municipality,
            cases=[api.summary(f) for f in page.items],
            shared={f.case_id for f in page.items if not same_name(f.municipality, municipality)},
            total=page.total,
            offset=fra,
            per_page=PER_PAGE,
            reference=reference,
            live=True,
        )

    @router.get(HOME + "/sager/{case_id}")
    async def case_file(request: Request, case_id: UUID) -> Response:
        actor = console.who(request)
        found = await app.workers.run(app.case_file_as, actor, case_id)
        view = await app.workers.run(api.case_file_view, app, found)
        return pages.render(
            request,
            "ssp_case.html",
            current="",
            file=view,
            municipality=found.municipality,
            reference=reference(found.case_id),
            step_fields=form_fields(api.TakeCoordinationStep, words_for(api.TakeCoordinationStep)),
            share_fields=_share_fields(found),
            live=True,
        )

    @router.post(HOME + "/sager/{case_id}/samarbejde")
    async def take_step(request: Request, case_id: UUID) -> Response:
        actor = console.who(request)
        form = await console.form(request)
        back = f"{HOME}/sager/{case_id}"

        def run() -> None:
            body = read_form(api.TakeCoordinationStep, form)
            assert isinstance(body, api.TakeCoordinationStep)
            app.take_coordination_step_as(
                actor, case_id, step=body.step, counterpart=body.counterpart, note=body.note
            )

        succeeded, response = await console.attempt(
            request, back, "coordination-step", lambda: app.workers.run(run)
        )
        return console.done(request, back, STEP_RECORDED) if succeeded else response

    @router.post(HOME + "/sager/{case_id}/deling")
    async def share(request: Request, case_id: UUID) -> Response:
        actor = console.who(request)
        form = await console.form(request)
        back = f"{HOME}/sager/{case_id}"
        shared_with: list[str] = []

        def run() -> None:
            body = read_form(api.ShareWith, form)
            assert isinstance(body, api.ShareWith)
            app.share_as(actor, case_id, body.municipality)
            shared_with.append(body.municipality)

        succeeded, response = await console.attempt(
            request, back, "share", lambda: app.workers.run(run)
        )
        if not succeeded:
            return response
        (municipality,) = shared_with
        return console.done(
            request,
            back,
            Wording(
                f"Sagen er delt med SSP i {municipality}.",
                f"The case file is shared with SSP in {municipality}.",
            ),
        )

    router.include_router(cluster_routes(app, console))
    router.include_router(statistics_routes(app, console))
    router.include_router(action_plan_routes(app, console))
    return router


def _share_fields(case_file: SspCaseFile) -> list[FormField]:
    """The share form: Denmark's municipalities, less those that see the file already."""
    known = (case_file.municipality, *case_file.shared_with)
    offered = [
        Choice(m.name, Wording(m.name, m.name))
        for m in MUNICIPALITIES
        if not any(same_name(m.name, k) for k in known)
    ]
    return form_fields(api.ShareWith, words_for(api.ShareWith), choices={"municipality": offered})


SSP_CONSOLE: ConsoleSpec[SspApplication] = ConsoleSpec(
    routes=console_routes, home=HOME, templates="services.ssp.console"
)
