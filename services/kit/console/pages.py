"""Rendering console pages: templates, language, the signed-in professional, notices.

Pages are rendered on the server from the same application layer the API uses. Each
service's console has its own templates beside the kit's layout; every page says things
in Danish, or English when the person chose it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

from domain.actors import Actor, Role
from domain.commands import Wording
from domain.vocabulary import label
from infra.settings import ServiceName, Settings
from services.kit.console.session import ConsoleSession
from services.kit.language import Language, negotiate

DANISH_TIME = ZoneInfo("Europe/Copenhagen")

SERVICE_TITLES = {
    "school": Wording("Skole", "School"),
    "ssp": Wording("SSP", "SSP"),
    "police_liaison": Wording("Politi", "Police"),
}


class SignInRequired(Exception):
    """A console page was asked for without a (current) session: go to the sign-in page."""


@dataclass(frozen=True)
class Page:
    """What every console page shows around its content."""

    request: Request
    session: ConsoleSession
    who: Actor | None
    language: Language

    def t(self, da: str, en: str) -> str:
        """The text in the page's language."""
        return da if self.language is Language.DANISH else en

    def say(self, wording: Wording | None) -> str:
        return "" if wording is None else self.language.of(wording)


class ConsolePages:
    """Templates and the request's professional, for one service's console."""

    def __init__(
        self, settings: Settings, service: ServiceName, packages: Iterable[str] = ()
    ) -> None:
        self.settings = settings
        self.service = service
        self.idle_seconds = settings.console_idle_minutes * 60
        self.environment = Environment(
            loader=ChoiceLoader(
                [PackageLoader(p, "templates") for p in (*packages, "services.kit.console")]
            ),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters["local_time"] = _local_time
        self.environment.filters["local_date"] = _local_date
        self.environment.filters["anchor"] = _anchor
        self.environment.filters["deadline_day"] = _deadline_day
        self.environment.globals["role_label"] = role_label
        self.environment.globals["label"] = label

    def session(self, request: Request) -> ConsoleSession:
        return ConsoleSession(request, self.idle_seconds)

    def page(self, request: Request) -> Page:
        session = self.session(request)
        chosen = session.language
        language = (
            Language(chosen)
            if chosen
            else negotiate(request.headers.get("accept-language"), default=Language.DANISH)
        )
        return Page(request, session, session.professional(), language)

    def professional(self, request: Request) -> Actor:
        """The signed-in professional; ``SignInRequired`` otherwise (a redirect)."""
        who = self.session(request).professional()
        if who is None:
            raise SignInRequired()
        return who

    def render(
        self, request: Request, template: str, *, status: int = 200, **context: Any
    ) -> HTMLResponse:
        page = self.page(request)
        body = self.environment.get_template(template).render(
            page=page,
            t=page.t,
            say=page.say,
            who=page.who,
            csrf=page.session.csrf_token,
            notices=page.session.take_notices(),
            service=self.service,
            service_title=page.say(SERVICE_TITLES[self.service]),
            idle_seconds=int(self.idle_seconds),
            **context,
        )
        return HTMLResponse(body, status_code=status)

    def redirect(self, to: str) -> Response:
        """After a form: see the result at ``to`` (nothing of the case in the address)."""
        return RedirectResponse(to, status_code=303)


def role_label(role: Role | str) -> Wording:
    role = Role(role)
    return Wording(role.label_da, role.label_en)


def _local_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(DANISH_TIME).strftime("%d.%m.%Y kl. %H.%M")


def _deadline_day(due: datetime | None) -> str:
    """A deadline (the instant its last day ends) as that day: "senest 02.12.2026"."""
    if due is None:
        return ""
    return (due - timedelta(microseconds=1)).astimezone(DANISH_TIME).strftime("%d.%m.%Y")


def _anchor(key: str) -> str:
    """A key as an element id (letters, digits, ``-`` and ``_`` only)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def _local_date(moment: Any) -> str:
    return moment.strftime("%d.%m.%Y") if moment else ""
