"""Bearer tokens (JWT): issuer, audience, expiry and signature checked.

A municipality's OIDC provider plugs in through its JWKS URL. The embedded default
is a local issuer whose Ed25519 key pair lives under the data directory; `samspil
token` prints tokens from it for development and the demo.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.actors import PROFESSIONAL_ROLES, Role
from infra.settings import Settings

ALGORITHMS = ["EdDSA", "RS256", "ES256"]


class InvalidToken(Exception):
    """Missing, expired, forged or otherwise unusable credentials (HTTP 401).

    ``kind`` is a fixed word for logs (``ExpiredSignatureError``, ``no_subject``, …): the
    token itself, or anything read from it, is never logged.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


@dataclass(frozen=True)
class Claims:
    person_id: str
    role: Role
    organisation: str


class LocalIssuer:
    """The embedded issuer: an Ed25519 key pair kept in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.private_key_file = directory / "issuer-private.pem"
        self.public_key_file = directory / "issuer-public.pem"
        if not self.private_key_file.exists():
            directory.mkdir(parents=True, exist_ok=True)
            key = Ed25519PrivateKey.generate()
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            public = key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            staged = directory / f".issuer-public.{os.getpid()}.pem"
            staged.write_bytes(public)
            try:
                fd = os.open(self.private_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made the pair first
                staged.unlink()
                return
            with os.fdopen(fd, "wb") as file:
                file.write(pem)
            os.replace(staged, self.public_key_file)

    def token(
        self,
        settings: Settings,
        *,
        person: str,
        role: str,
        organisation: str,
        lifetime: timedelta = timedelta(hours=8),
    ) -> str:
        if lifetime > settings.auth_max_token_lifetime():
            raise ValueError(
                f"a token may live at most {settings.auth_max_token_hours:g} hours "
                "(SAMSPIL_AUTH_MAX_TOKEN_HOURS)"
            )
        now = datetime.now(UTC)
        claims = {
            "iss": settings.auth_issuer,
            "aud": settings.auth_audience,
            "sub": person,
            "iat": now,
            "exp": now + lifetime,
            settings.auth_role_claim: role,
            settings.auth_organisation_claim: organisation,
        }
        return jwt.encode(claims, self.private_key_file.read_bytes(), algorithm="EdDSA")


def local_issuer(settings: Settings) -> LocalIssuer:
    return LocalIssuer(settings.data_dir / "auth")


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None
        self._public_key: bytes | None = None
        if self._jwks is None:
            key_file = (
                Path(settings.auth_public_key_file)
                if settings.auth_public_key_file
                else local_issuer(settings).public_key_file
            )
            self._public_key = key_file.read_bytes()

    def verify(self, token: str) -> Claims:
        try:
            key: Any = (
                self._jwks.get_signing_key_from_jwt(token).key if self._jwks else self._public_key
            )
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self._settings.auth_audience,
                issuer=self._settings.auth_issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidToken(type(error).__name__) from None
        return self._claims(claims, datetime.now(UTC))

    def _claims(self, claims: dict[str, Any], now: datetime) -> Claims:
        """A subject, a numeric expiry within the longest lifetime allowed, a known role
        and an organisation: a token that lacks any of them identifies no professional."""
        return professional_from_claims(self._settings, claims, now)


def professional_from_claims(settings: Settings, claims: dict[str, Any], now: datetime) -> Claims:
    """Who a token (a bearer token, or the ID token of a console sign-in) names: a
    subject, a numeric expiry within the longest lifetime allowed, a known role and an
    organisation — or ``InvalidToken`` naming what is missing."""
    expiry = claims.get("exp")
    if isinstance(expiry, bool) or not isinstance(expiry, int | float):
        raise InvalidToken("exp_not_numeric")
    longest = settings.auth_max_token_lifetime()
    issued = claims.get("iat")
    if datetime.fromtimestamp(expiry, UTC) - now > longest:
        raise InvalidToken("lifetime_too_long")
    if isinstance(issued, int | float) and not isinstance(issued, bool) and (
        expiry - issued > longest.total_seconds()
    ):
        raise InvalidToken("lifetime_too_long")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise InvalidToken("no_subject")
    role = claims.get(settings.auth_role_claim)
    organisation = claims.get(settings.auth_organisation_claim)
    if not isinstance(role, str) or role not in PROFESSIONAL_ROLES:
        raise InvalidToken("unknown_role")
    if not isinstance(organisation, str) or not organisation.strip():
        raise InvalidToken("no_organisation")
    return Claims(person_id=subject, role=Role(role), organisation=organisation)
