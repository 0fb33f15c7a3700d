"""The police liaison's console: the district's inbox and its cluster alerts, in Danish.

The district is the signed-in officer's own (the organisation names it). Every page
reads through the same application methods as the API (``inbox_as``,
``notification_as``, ``alerts_as``), so each view is access-checked and recorded in the
access log as the API's reads are, and a notification of another district is not found.
The inbox and the alerts are live: a notification or an alert arriving from Kafka
shows up without a reload (the kit's ``/live`` events make the page fetch itself).
"""

from __future__ import annotations

import re
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.actors import Actor
from domain.geography import PoliceDistrict
from services.kit.application import NotFound
from services.kit.console import Console, ConsoleSpec, FormData
from services.police_liaison.application import PoliceLiaisonApplication
from services.police_liaison.console.inbox_page import (
    BY_PATH,
    PER_PAGE,
    Paging,
    alert_on_page,
    on_page,
    refusal_places,
)

HOME = "/indbakke"
ALERTS = "/klynger"

_INBOX_PAGE = re.compile(r"/indbakke(\?side=[1-9][0-9]{0,5})?")


def console_routes(app: PoliceLiaisonApplication, console: Console) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    pages = console.pages

    @router.get(HOME)
    async def inbox(request: Request, side: int = 1) -> Response:
        actor = console.who(request)
        district = _district_of(actor)
        number = max(1, side)
        found = await app.workers.run(
            lambda: app.inbox_as(actor, district, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
        )
        shown = sorted(  # the overdue acknowledgements first
            (on_page(n, app.deadline_rules) for n in found.items), key=lambda n: not n.item.overdue
        )
        return pages.render(
            request,
            "police_inbox.html",
            district=district,
            notifications=shown,
            places=refusal_places(shown),
            paging=Paging(number, found.total),
            back=HOME if number == 1 else f"{HOME}?side={number}",
            live=True,
        )

    @router.get(HOME + "/{notification_id}")
    async def notification(request: Request, notification_id: UUID) -> Response:
        actor = console.who(request)
        district = _district_of(actor)
        found = await app.workers.run(app.notification_as, actor, district, notification_id)
        shown = on_page(found, app.deadline_rules)
        return pages.render(
            request,
            "police_notification.html",
            district=district,
            n=shown,
            places=refusal_places([shown]),
            back=f"{HOME}/{notification_id}",
            live=True,
        )

    @router.post(HOME + "/{notification_id}/{deed}")
    async def act(request: Request, notification_id: UUID, deed: str) -> Response:
        actor = console.who(request)
        chosen = BY_PATH.get(deed)
        if chosen is None:
            raise NotFound("Page")
        form = await console.form(request)
        district = _district_of(actor)
        back = _back(form, notification_id)

        def run() -> None:
            app.act_as(
                actor, district, notification_id, chosen.action, lambda n: chosen.run(n, actor)
            )

        succeeded, response = await console.attempt(
            request, back, chosen.near(notification_id), lambda: app.workers.run(run)
        )
        if succeeded:
            return console.done(request, back, chosen.done)
        return response

    @router.get(ALERTS)
    async def alerts(request: Request, side: int = 1) -> Response:
        actor = console.who(request)
        district = _district_of(actor)
        number = max(1, side)
        found = await app.workers.run(
            lambda: app.alerts_as(actor, district, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
        )
        return pages.render(
            request,
            "police_alerts.html",
            district=district,
            alerts=[alert_on_page(a) for a in found.items],
            paging=Paging(number, found.total),
            live=True,
        )

    return router


def _district_of(actor: Actor) -> PoliceDistrict:
    """The officer's own district; someone whose organisation is no district has none."""
    district = PoliceDistrict.of_organisation(actor.organisation)
    if district is None:
        raise NotFound("Inbox")
    return district


def _back(form: FormData, notification_id: UUID) -> str:
    """Back to the page the form was on: the inbox (at the card) or the notification's."""
    given = (form.get("tilbage") or [""])[0]
    if _INBOX_PAGE.fullmatch(given):
        return f"{given}#meddelelse-{notification_id}"
    return f"{HOME}/{notification_id}"


POLICE_CONSOLE: ConsoleSpec[PoliceLiaisonApplication] = ConsoleSpec(
    routes=console_routes, home=HOME, templates="services.police_liaison.console"
)
