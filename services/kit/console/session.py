"""Who is signed in to a console, in a signed cookie that holds no case content.

The cookie (Starlette's ``SessionMiddleware``, signed with the service's console key) is
HttpOnly and SameSite=Strict, and Secure unless the service listens on loopback. It
holds the professional (person, role, organisation), a CSRF token, the chosen language,
when the person last did something (a console signs out after
``SAMSPIL_CONSOLE_IDLE_MINUTES`` of inactivity) and one-time notices after a redirect.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp

from domain.actors import Actor, Role
from domain.commands import Wording
from infra.settings import ServiceName, Settings

COOKIE = "samspil_console"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def on_loopback(settings: Settings) -> bool:
    """Whether the service listens on this machine only (never on a network)."""
    return settings.http_host in LOOPBACK


def console_key(settings: Settings, service: ServiceName) -> str:
    """The key that signs the console's cookies: configured, or made once and kept."""
    if settings.console_secret:
        return settings.console_secret
    path: Path = settings.service_dir(service) / "console.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = base64.b64encode(os.urandom(32)).decode()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text(encoding="ascii").strip()
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(key + "\n")
    return path.read_text(encoding="ascii").strip()


def session_middleware(app: ASGIApp, settings: Settings, service: ServiceName) -> ASGIApp:
    return SessionMiddleware(
        app,
        secret_key=console_key(settings, service),
        session_cookie=COOKIE,
        max_age=None,  # gone when the browser closes; inactivity is checked on each request
        same_site="strict",
        https_only=not on_loopback(settings),
    )


@dataclass(frozen=True)
class Notice:
    """A one-time message shown after a redirect: done, or refused and why."""

    kind: str
    """``success`` or ``error``."""
    text: Wording
    near: str | None = None
    """The action it concerns, so a refusal is shown beside it."""


class ConsoleSession:
    """The console's view of a request's session."""

    def __init__(self, request: Request, idle_seconds: float) -> None:
        self._session: dict[str, Any] = request.session
        self._idle = idle_seconds

    def sign_in(self, actor: Actor) -> None:
        self._session.clear()
        self._session["who"] = [actor.person_id, actor.role.value, actor.organisation]
        self._session["csrf"] = secrets.token_urlsafe(32)
        self._session["seen"] = time.time()

    def sign_out(self) -> None:
        language = self._session.get("lang")
        self._session.clear()
        if language:
            self._session["lang"] = language

    def professional(self, *, touch: bool = True) -> Actor | None:
        """The signed-in professional, or None (never signed in, or idle too long)."""
        who = self._session.get("who")
        seen = self._session.get("seen", 0.0)
        if not who:
            return None
        if time.time() - float(seen) > self._idle:
            self.sign_out()
            self.notify("error", IDLE_SIGNED_OUT)
            return None
        if touch:
            self._session["seen"] = time.time()
        person, role, organisation = who
        return Actor(person, Role(role), organisation)

    @property
    def csrf_token(self) -> str:
        token = self._session.get("csrf")
        if not token:
            token = self._session["csrf"] = secrets.token_urlsafe(32)
        return str(token)

    def csrf_matches(self, given: str | None) -> bool:
        expected = self._session.get("csrf")
        return bool(given and expected) and hmac.compare_digest(str(given), str(expected))

    @property
    def language(self) -> str | None:
        language = self._session.get("lang")
        return str(language) if language in ("da", "en") else None

    def choose_language(self, language: str) -> None:
        if language in ("da", "en"):
            self._session["lang"] = language

    def notify(self, kind: str, text: Wording, near: str | None = None) -> None:
        notices = self._session.setdefault("notices", [])
        notices.append([kind, text.da, text.en, near])

    def take_notices(self) -> list[Notice]:
        raw = self._session.pop("notices", [])
        return [Notice(kind, Wording(da, en), near) for kind, da, en, near in raw]


IDLE_SIGNED_OUT = Wording(
    "Du er logget ud, fordi du ikke har været aktiv et stykke tid.",
    "You were signed out after a while without activity.",
)
