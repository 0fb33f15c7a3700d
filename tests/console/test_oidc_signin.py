"""Signing in through the municipality's OpenID Connect provider: the authorization code
flow with PKCE, run by Authlib against a provider faked at the HTTP level on loopback,
with the ID token's claims mapped to role and organisation as the API maps a token's."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import uvicorn
from fastapi import FastAPI, Form, HTTPException
from joserfc import jwt
from joserfc.jwk import RSAKey

from infra.tansu import free_port
from tests.console.conftest import Browser

CLIENT_ID = "samspil-console"


@dataclass
class Provider:
    """What the provider remembers between the browser's visit and the token request."""

    url: str
    key: RSAKey
    claims: dict[str, Any] = field(default_factory=dict)
    pending: dict[str, tuple[str, str]] = field(default_factory=dict)
    """code → (code_challenge, nonce)."""
    verified_pkce: list[bool] = field(default_factory=list)

    def authorize(self, query: dict[str, str]) -> str:
        """The user signs in at the provider, which hands back a code."""
        assert query["code_challenge_method"] == "S256"
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.pending[code] = (query["code_challenge"], query["nonce"])
        return code


def _provider_app(provider: Provider) -> FastAPI:
    http = FastAPI()

    @http.get("/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        return {
            "issuer": provider.url,
            "authorization_endpoint": f"{provider.url}/authorize",
            "token_endpoint": f"{provider.url}/token",
            "jwks_uri": f"{provider.url}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    @http.get("/jwks")
    def jwks() -> dict[str, Any]:
        return {"keys": [provider.key.as_dict(private=False)]}

    @http.post("/token")
    def token(code: str = Form(), code_verifier: str = Form()) -> dict[str, Any]:
        if code not in provider.pending:
            raise HTTPException(400, "invalid_grant")
        challenge, nonce = provider.pending.pop(code)
        digest = hashlib.sha256(code_verifier.encode()).digest()
        matches = base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
        provider.verified_pkce.append(matches)
        if not matches:
            raise HTTPException(400, "invalid_grant")
        now = int(time.time())
        claims = {
            "iss": provider.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **provider.claims,
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, provider.key)
        return {"access_token": "opaque", "token_type": "Bearer", "id_token": id_token}

    return http


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    port = free_port()
    found = Provider(
        f"http://127.0.0.1:{port}", RSAKey.generate_key(2048, parameters={"kid": "k1"})
    )
    server = uvicorn.Server(
        uvicorn.Config(_provider_app(found), host="127.0.0.1", port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield found
    server.should_exit = True
    thread.join()


@pytest.fixture
def school(console: Any, provider: Provider) -> Browser:
    _, browser = console(
        "school",
        oidc_discovery_url=f"{provider.url}/.well-known/openid-configuration",
        oidc_client_id=CLIENT_ID,
    )
    return browser  # type: ignore[no-any-return]


def _sign_in(browser: Browser, provider: Provider) -> Any:
    """Sign-in page → provider → back to the console, as a browser follows it."""
    to_provider = browser.http.get("/signin", follow_redirects=False)
    assert to_provider.status_code == 302
    where = urlparse(to_provider.headers["location"])
    assert where.geturl().startswith(f"{provider.url}/authorize")
    query = {k: v[0] for k, v in parse_qs(where.query).items()}
    assert query["redirect_uri"] == "http://127.0.0.1:8101/signin/callback"  # the school's port
    code = provider.authorize(query)
    back = browser.http.get("/signin/callback", params={"code": code, "state": query["state"]})
    assert back.status_code == 200 and 'http-equiv="refresh"' in back.text
    onwards = back.text.split("url=", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    return browser.http.get(onwards, follow_redirects=False)


def test_a_professional_signs_in_at_the_municipality_with_pkce(
    school: Browser, provider: Provider
) -> None:
    provider.claims = {
        "sub": "mette-7",
        "samspil_role": "ressourceperson",
        "samspil_org": "Hjørring Gymnasium og HF",
    }
    finished = _sign_in(school, provider)
    assert finished.status_code == 303 and finished.headers["location"] == "/sager"
    assert provider.verified_pkce[-1] is True
    assert "mette-7 · ressourceperson · Hjørring Gymnasium og HF" in school.page("/sager")


def test_an_account_without_role_or_organisation_is_not_let_in(
    school: Browser, provider: Provider
) -> None:
    provider.claims = {"sub": "someone"}
    finished = _sign_in(school, provider)
    assert finished.status_code == 303 and finished.headers["location"].startswith("/signin")
    page = school.page("/signin?fejl=1")
    assert "giver ikke adgang til Samspil" in page
    assert school.http.get("/sager", follow_redirects=False).headers["location"] == "/signin"


def test_with_a_provider_no_demonstration_professional_is_offered(school: Browser) -> None:
    assert "/signin/demonstration" not in school.page("/signin?fejl=0")
    refused = school.http.post("/signin/demonstration", data={"person": "skoleleder-hanne"})
    assert refused.status_code == 403


def test_the_address_in_the_id_token_is_where_reminders_go(
    console: Any, provider: Provider
) -> None:
    running, browser = console(
        "school",
        oidc_discovery_url=f"{provider.url}/.well-known/openid-configuration",
        oidc_client_id=CLIENT_ID,
    )
    provider.claims = {
        "sub": "mette-7",
        "email": "mette@hjoerring-gym.example",
        "samspil_role": "ressourceperson",
        "samspil_org": "Hjørring Gymnasium og HF",
    }
    assert _sign_in(browser, provider).status_code == 303
    assert running.app.people.email_of("mette-7", "Hjørring Gymnasium og HF") == (
        "mette@hjoerring-gym.example"
    )
    assert running.app.people.email_of("mette-7", "Gentofte Skole") is None
    assert running.app.people.emails_of("ressourceperson", "Hjørring Gymnasium og HF") == [
        "mette@hjoerring-gym.example"
    ]
