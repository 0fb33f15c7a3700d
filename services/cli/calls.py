"""How the operator commands (erase, retention, stats) call the running services.

With the embedded issuer they mint their own short-lived token; with an OIDC provider
configured they cannot, and need the operator's own token (``--token`` or
``SAMSPIL_TOKEN``), whose role and organisation the service then checks as usual.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any, Literal

import httpx

from infra.auth import local_issuer
from infra.settings import Settings
from services.run.launcher import runtime_file


class CallFailed(Exception):
    """The call got no successful answer: what to print, and the command's exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def service_url(settings: Settings, service: Literal["school", "ssp"]) -> str:
    """The running system's address file says where; otherwise the settings do."""
    try:
        return str(json.loads(runtime_file(settings).read_text(encoding="utf-8"))[service])
    except FileNotFoundError:
        return settings.school_base_url() if service == "school" else settings.ssp_base_url()


def authorization(
    settings: Settings, token: str | None, *, person: str, municipality: str | None
) -> dict[str, str]:
    """The bearer header: the given token, else one for the municipality's data
    protection officer (whose rights end at the municipality's border)."""
    token = token or os.environ.get("SAMSPIL_TOKEN") or None
    if token is None:
        if settings.auth_jwks_url or settings.auth_public_key_file:
            raise CallFailed(
                "tokens come from your identity provider here: pass --token (or set "
                "SAMSPIL_TOKEN) with a token for the role databeskyttelse",
                2,
            )
        if not municipality:
            raise CallFailed(
                "name the data protection officer's municipality with --municipality "
                "(the command acts for that municipality only)",
                2,
            )
        token = local_issuer(settings).token(
            settings,
            person=person,
            role="databeskyttelse",
            organisation=municipality,
            lifetime=timedelta(minutes=10),
        )
    return {"Authorization": f"Bearer {token}"}


def call(
    settings: Settings,
    service: Literal["school", "ssp"],
    method: Literal["GET", "POST"],
    path: str,
    *,
    token: str | None,
    person: str,
    municipality: str | None,
    timeout: float = 60.0,
    **request: Any,
) -> httpx.Response:
    """The service's answer (HTTP 200); anything else raises ``CallFailed``."""
    base = service_url(settings, service)
    headers = authorization(settings, token, person=person, municipality=municipality)
    try:
        response = httpx.request(method, base + path, headers=headers, timeout=timeout, **request)
    except httpx.HTTPError as error:
        raise CallFailed(f"the {service} service at {base} did not answer ({error})", 2) from None
    if response.status_code != 200:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:  # not ours: a proxy's error page, say
            detail = f"HTTP {response.status_code}: {response.text[:200]}"
        raise CallFailed(detail if isinstance(detail, str) else json.dumps(detail), 1)
    return response
