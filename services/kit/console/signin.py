"""Signing in to a console, and out.

With a municipality's OpenID Connect provider configured (``SAMSPIL_OIDC_DISCOVERY_URL``)
the console sends people there (authorization code flow with PKCE, through Authlib) and
maps the ID token's claims to role and organisation exactly as the API maps a bearer
token's. Without one, while the local issuer is in use and the service listens on
loopback only, the sign-in page lists the demonstration professionals; it is never
offered otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import structlog
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.actors import Actor
from domain.commands import Wording
from infra.auth import InvalidToken, professional_from_claims
from infra.people import People
from infra.settings import ServiceName, Settings
from services.kit.console.pages import ConsolePages
from services.kit.console.session import on_loopback
from services.kit.demonstration import demonstration_professional, demonstration_professionals

log = structlog.get_logger(__name__)

SIGNED_OUT = Wording("Du er logget ud.", "You are signed out.")
SIGN_IN_FAILED = Wording(
    "Log ind mislykkedes. Prøv igen, eller kontakt kommunens it-support.",
    "Signing in failed. Try again, or ask the municipality's IT support.",
)
NOT_A_PROFESSIONAL = Wording(
    "Din konto giver ikke adgang til Samspil (rolle eller organisation mangler).",
    "Your account gives no access to Samspil (its role or organisation is missing).",
)


def demonstration_offered(settings: Settings) -> bool:
    """Only the embedded default, on loopback, with no provider: never on a network."""
    local_issuer = not (settings.auth_jwks_url or settings.auth_public_key_file)
    return local_issuer and not settings.oidc_discovery_url and on_loopback(settings)


def sign_in_routes(
    settings: Settings,
    service: ServiceName,
    pages: ConsolePages,
    home: str,
    people: People | None = None,
) -> APIRouter:
    """``people``: where each signed-in professional's address is remembered, so that a
    reminder for them, or for their role at their school, can reach them by mail."""
    router = APIRouter(include_in_schema=False)
    provider = _provider(settings)
    offered = demonstration_professionals(service) if demonstration_offered(settings) else ()

    def signed_in(request: Request, actor: Actor, email: str | None = None) -> Response:
        pages.session(request).sign_in(actor)
        if people is not None and email:
            people.remember(actor, email)
        log.info("console.signed_in", role=actor.role.value)
        return pages.redirect(home)

    @router.get("/")
    def start(request: Request) -> Response:
        return pages.redirect(home if pages.session(request).professional() else "/signin")

    @router.get("/signin")
    async def sign_in(request: Request) -> Response:
        if provider is not None and "fejl" not in request.query_params:
            redirect_uri = f"{settings.console_base_url(service)}/signin/callback"
            response: Response = await provider.authorize_redirect(request, redirect_uri)
            return response
        return pages.render(request, "signin.html", people=offered, provider=provider is not None)

    @router.post("/signin/demonstration")
    async def demonstration(request: Request) -> Response:
        form = await request.form()
        chosen = demonstration_professional(str(form.get("person", "")))
        if not offered or chosen is None or chosen not in offered:
            return pages.render(request, "refused.html", status=403, text=SIGN_IN_FAILED)
        return signed_in(request, chosen.actor, chosen.email)

    @router.get("/signin/callback")
    async def callback(request: Request) -> Response:
        """The provider sends the browser back here from its own site, so the session
        cookie (SameSite=Strict) is not sent along; a page of ours moves on to finish
        the sign-in, a same-site step that carries it."""
        if provider is None:
            return pages.redirect("/signin")
        onwards = f"/signin/afslut?{urlencode(dict(request.query_params))}"
        return pages.render(request, "signin_continue.html", onwards=onwards)

    @router.get("/signin/afslut")
    async def finish(request: Request) -> Response:
        if provider is None:
            return pages.redirect("/signin")
        try:
            token: dict[str, Any] = await provider.authorize_access_token(request)
            claims = dict(token.get("userinfo") or {})
            found = professional_from_claims(settings, claims, datetime.now(UTC))
        except OAuthError as error:
            log.warning("console.sign_in_failed", error=type(error).__name__)
            pages.session(request).notify("error", SIGN_IN_FAILED)
            return pages.redirect("/signin?fejl=1")
        except InvalidToken as refused:
            log.warning("console.sign_in_refused", reason=refused.kind)
            pages.session(request).notify("error", NOT_A_PROFESSIONAL)
            return pages.redirect("/signin?fejl=1")
        email = claims.get("email") if claims.get("email_verified", True) else None
        actor = Actor(found.person_id, found.role, found.organisation)
        return signed_in(request, actor, email if isinstance(email, str) else None)

    @router.post("/signout")
    async def sign_out(request: Request) -> Response:
        session = pages.session(request)
        form = await request.form()
        if session.csrf_matches(str(form.get("csrf", ""))):
            session.sign_out()
            session.notify("success", SIGNED_OUT)
        return pages.redirect("/signin?fejl=0" if provider else "/signin")

    @router.post("/sprog")
    async def choose_language(request: Request) -> Response:
        session = pages.session(request)
        form = await request.form()
        if session.csrf_matches(str(form.get("csrf", ""))):
            session.choose_language(str(form.get("sprog", "")))
        back = str(form.get("tilbage", "/"))
        return pages.redirect(back if back.startswith("/") and not back.startswith("//") else "/")

    return router


def _provider(settings: Settings) -> Any:
    """The municipality's OpenID Connect provider, through Authlib; None if not configured."""
    if not settings.oidc_discovery_url:
        return None
    oauth = OAuth()
    return oauth.register(
        name="municipality",
        server_metadata_url=settings.oidc_discovery_url,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret or None,
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256"},
    )
