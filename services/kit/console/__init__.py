"""Each service's console: Danish web pages for the professionals, at ``/``.

A console is a thin layer over the same application commands and views as the API (one
way to run a command, not two). The kit gives every console what they share: sign-in
(the municipality's OpenID Connect provider, or the demonstration professionals on
loopback), the session, CSRF protection on every form, strict security headers, the
layout, live updates and the front-end assets installed from the npm registry by the
project's install step. A service's blueprint names its console's routes and home page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.actors import Actor
from domain.commands import Wording
from domain.errors import DomainError
from infra.settings import ServiceName, Settings
from services.kit.application import Forbidden, NotFound, ServiceApplication
from services.kit.console.forms import FormInvalid
from services.kit.console.live import LiveUpdates
from services.kit.console.pages import ConsolePages, SignInRequired
from services.kit.console.security import SecurityHeaders
from services.kit.console.session import session_middleware
from services.kit.console.signin import sign_in_routes

A = TypeVar("A", bound=ServiceApplication)

FormData = Mapping[str, list[str]]
"""A posted form: each name with its values (check boxes post several)."""

CSRF_REFUSED = Wording(
    "Formularen kunne ikke godkendes. Hent siden igen, og prøv på ny.",
    "The form could not be accepted. Reload the page and try again.",
)


class FormRefused(Exception):
    """A console form without a valid CSRF token: nothing is done (HTTP 403)."""


@dataclass(frozen=True)
class Console:
    """What a service's console routes use: pages, forms, live updates."""

    pages: ConsolePages
    live: LiveUpdates
    home: str

    def who(self, request: Request) -> Actor:
        """The signed-in professional (a console request; sign-in is asked for otherwise)."""
        request.state.console = True
        return self.pages.professional(request)

    async def form(self, request: Request) -> FormData:
        """The posted form, once its CSRF token matches the session's."""
        request.state.console = True
        form = await request.form()
        fields: dict[str, list[str]] = {}
        for name, value in form.multi_items():
            if isinstance(value, str):  # a file is never read (the guard refused it anyway)
                fields.setdefault(name, []).append(value)
        given = fields.pop("csrf", [""])
        if not self.pages.session(request).csrf_matches(given[0] if given else None):
            raise FormRefused()
        return fields

    def done(self, request: Request, to: str, text: Wording) -> Response:
        self.pages.session(request).notify("success", text)
        return self.pages.redirect(to)

    def refused(self, request: Request, to: str, error: Exception, near: str) -> Response:
        """Back to the page, with the rule's message beside the action that was refused."""
        self.pages.session(request).notify("error", wording_of(error), near=near)
        return self.pages.redirect(to)

    async def attempt(
        self, request: Request, to: str, near: str, run: Callable[[], Awaitable[Any] | Any]
    ) -> tuple[bool, Response]:
        """Run a command for a form; a refusal is shown beside it (nothing was recorded)."""
        try:
            result = run()
            if isinstance(result, Awaitable):
                await result
        except Forbidden as error:  # the role has no such button: say so on the page
            self.pages.session(request).notify("error", wording_of(error))
            return False, self.pages.redirect(to)
        except (DomainError, FormInvalid) as error:
            return False, self.refused(request, to, error, near)
        return True, self.pages.redirect(to)


def wording_of(error: Exception) -> Wording:
    if isinstance(error, DomainError):
        return Wording(error.message_da, error.message_en)
    if isinstance(error, Forbidden | FormInvalid):
        return error.wording
    return Wording("Det kunne ikke lade sig gøre.", "That could not be done.")


@dataclass(frozen=True)
class ConsoleSpec(Generic[A]):
    """A service's console: its routes, its home page and the package of its templates."""

    routes: Callable[[A, Console], APIRouter]
    home: str
    templates: str


def install_console(
    http: FastAPI,
    app: A,
    settings: Settings,
    service: ServiceName,
    spec: ConsoleSpec[A],
) -> Console:
    pages = ConsolePages(settings, service, packages=(spec.templates,))
    live = LiveUpdates()
    app.on_recorded(live.recorded)
    console = Console(pages, live, spec.home)

    http.add_middleware(SecurityHeaders)
    http.add_middleware(SessionLayer, settings=settings, service=service)
    for name, directory in _assets(settings).items():
        http.mount(f"/static/{name}", StaticFiles(directory=directory, check_dir=False), name)
    http.include_router(sign_in_routes(settings, service, pages, spec.home, app.people))
    http.include_router(spec.routes(app, console))

    @http.get("/live", include_in_schema=False)
    async def live_updates(request: Request) -> Response:
        pages.professional(request)
        return await live.stream(request)

    async def sign_in_first(request: Request, _: Exception) -> Response:
        return pages.redirect("/signin")

    async def form_refused(request: Request, _: Exception) -> Response:
        return pages.render(request, "refused.html", status=403, text=CSRF_REFUSED)

    http.add_exception_handler(SignInRequired, sign_in_first)
    http.add_exception_handler(FormRefused, form_refused)
    _render_refusals_as_pages(http, pages)
    return console


class SessionLayer:
    """The console's session cookie (the API never reads it: it acts on bearer tokens)."""

    def __init__(self, app: ASGIApp, settings: Settings, service: ServiceName) -> None:
        self._app = session_middleware(app, settings, service)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


def _assets(settings: Settings) -> dict[str, Path]:
    """The kit's own CSS and JavaScript, and the design system from the npm registry."""
    return {
        "samspil": Path(__file__).parent / "static",
        "dkfds": settings.console_assets_path() / "dkfds" / "dist",
    }


def _render_refusals_as_pages(http: FastAPI, pages: ConsolePages) -> None:
    """A console page for another organisation's case answers as the API does (not
    found), but as a page; API requests keep their JSON answers."""
    api_handlers = dict(http.exception_handlers)

    def page_or_api(kind: type[Exception], status: int, template: str) -> None:
        api = api_handlers.get(kind)

        async def handle(request: Request, error: Exception) -> Response:
            if getattr(request.state, "console", False) or api is None:
                return pages.render(request, template, status=status, text=wording_of(error))
            response: Response = await api(request, error)
            return response

        http.add_exception_handler(kind, handle)

    page_or_api(NotFound, 404, "not_found.html")
    page_or_api(Forbidden, 403, "refused.html")
    page_or_api(DomainError, 409, "refused.html")


__all__ = [
    "Console",
    "ConsoleSpec",
    "FormData",
    "FormRefused",
    "HTMLResponse",
    "install_console",
    "wording_of",
]
