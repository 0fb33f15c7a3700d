"""The school's console: Mine sager, Ny sag and Sagen, in Danish (English available).

Every page reads through the same application methods as the API (``cases_as``,
``read_case_as``), so each view is access-checked and recorded in the access log, and a
case of another institution is not found; every form runs the same command from
``services.school.commands`` as the API's route, validated by the same request model.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.access import may
from domain.actors import SCHOOL_ROLES, Actor
from domain.case import Case
from domain.commands import SchoolCommand, Wording
from domain.municipalities import MUNICIPALITIES
from domain.vocabulary import label
from services.kit.application import NotFound
from services.kit.console import Console, ConsoleSpec
from services.kit.console.forms import Choice, FormField, FormInvalid, form_fields, read_form
from services.kit.console.signin import demonstration_offered
from services.kit.demonstration import demonstration_professionals
from services.school import requests as r
from services.school.application import SchoolApplication
from services.school.commands import BY_COMMAND
from services.school.console.case_page import (
    colleagues_of,
    deadline_words,
    event_words,
    status_words,
    steps_on_page,
    words_for,
)
from services.school.console.needs_me import Need, needs_of
from services.school.views import CaseView, case_summary, case_view

HOME = "/sager"

REPORTED = Wording("Sagen er oprettet.", "The case was reported.")
RECORDED = Wording("Det er registreret.", "It has been recorded.")


def console_routes(app: SchoolApplication, console: Console) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    pages = console.pages

    def needs(actor: Actor) -> list[Need]:
        """What the institution's open cases ask of this person now (read like a page)."""
        cases = app.cases_as(actor, closed=False)
        clocked = [(c, app.clocks.clock_of(c.id)) for c in cases]
        return needs_of(actor, clocked, app.today())

    @router.get(HOME)
    async def cases(request: Request, lukkede: bool = False) -> Response:
        actor = console.who(request)
        found = await app.workers.run(app.cases_as, actor, closed=lukkede)
        mine = await app.workers.run(needs, actor)
        today = app.today()
        return pages.render(
            request,
            "school_cases.html",
            cases=[case_summary(c, today) for c in found],
            closed=lukkede,
            may_report=may(actor, SchoolCommand.REPORT),
            needs_count=len(mine),
            live=True,
        )

    @router.get("/mig")
    async def needs_me(request: Request) -> Response:
        actor = console.who(request)
        mine = await app.workers.run(needs, actor)
        return pages.render(
            request, "school_needs.html", needs=mine, needs_count=len(mine), live=True
        )

    @router.get(f"{HOME}/ny")
    async def new_case(request: Request) -> Response:
        actor = console.who(request)
        if not may(actor, SchoolCommand.REPORT):
            raise NotFound("Page")
        mine = await app.workers.run(needs, actor)
        return pages.render(
            request, "school_new_case.html", fields=_report_fields(), needs_count=len(mine)
        )

    @router.post(HOME)
    async def report(request: Request) -> Response:
        actor = console.who(request)
        form = await console.form(request)
        form = {**form, "institution": [actor.organisation]}
        try:
            body = read_form(r.ReportCase, form)
        except FormInvalid as refused:
            return console.refused(request, f"{HOME}/ny", refused, "report")
        case = await app.workers.run(lambda: app.report_case_as(actor, **body.model_dump()))
        return console.done(request, f"{HOME}/{case.id}", REPORTED)

    @router.get(HOME + "/{case_id}")
    async def case_page(request: Request, case_id: UUID) -> Response:
        actor = console.who(request)

        def read() -> tuple[Case, CaseView, list[Choice]]:
            case = app.read_case_as(actor, case_id)
            history = app.case_history(case.id)
            offered = (
                [
                    p.key
                    for p in demonstration_professionals("school")
                    if p.organisation == case.institution and p.role in SCHOOL_ROLES
                ]
                if demonstration_offered(app.settings)
                else []
            )
            return (
                case,
                case_view(case, history, actor, app.today(), app.clocks.clock_of(case.id)),
                colleagues_of(case, history, offered),
            )

        case, view, colleagues = await app.workers.run(read)
        mine = await app.workers.run(needs, actor)
        return pages.render(
            request,
            "school_case.html",
            case=view,
            summary=case_summary(case, app.today()),
            steps=steps_on_page(view, case, actor, colleagues),
            label_status=status_words,
            event_words=event_words,
            deadline_words=deadline_words,
            needs_count=len(mine),
            live=True,
        )

    @router.post(HOME + "/{case_id}/handling/{command}")
    async def act(request: Request, case_id: UUID, command: str) -> Response:
        actor = console.who(request)
        spec = BY_COMMAND.get(SchoolCommand(command)) if command in _COMMANDS else None
        if spec is None:
            raise NotFound("Page")
        form = await console.form(request)
        back = f"{HOME}/{case_id}"

        def run() -> None:
            body = read_form(spec.body, form) if spec.body is not None else None
            today = app.today()
            app.command_as(actor, case_id, spec.command, lambda c: spec.run(c, body, actor, today))

        succeeded, response = await console.attempt(
            request, back, spec.command.value, lambda: app.workers.run(run)
        )
        if succeeded:
            return console.done(request, back, RECORDED)
        return response

    return router


_COMMANDS = {c.value for c in SchoolCommand}


def _report_fields() -> list[FormField]:
    """The report form: the institution is the professional's own and the police
    district follows from the municipality, so neither is asked for."""
    municipalities = [
        Choice(
            m.name,
            Wording(
                f"{m.name} ({label(m.police_district).da})",
                f"{m.name} ({label(m.police_district).en})",
            ),
        )
        for m in MUNICIPALITIES
    ]
    fields = form_fields(
        r.ReportCase, words_for(r.ReportCase), choices={"municipality": municipalities}
    )
    return [f for f in fields if f.name not in ("institution", "police_district")]


SCHOOL_CONSOLE: ConsoleSpec[SchoolApplication] = ConsoleSpec(
    routes=console_routes, home=HOME, templates="services.school.console"
)
