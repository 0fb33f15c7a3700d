"""Receipts from the municipal authorities' case systems, as signed JWTs.

When a school sends an underretning, the municipality must confirm to it within six
working days that the underretning was received. The authority's case system tells
Samspil so by posting a receipt: a JWT it signs with its own key, whose public half
the municipality registered with Samspil (``SAMSPIL_CASE_SYSTEM_KEYS``). The token's
``iss`` is the municipality, ``aud`` is ``RECEIPT_AUDIENCE``, ``sub`` the case's id, and
``iat``/``exp`` bound a short life; nothing else about the case is in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import jwt

from infra.auth import ALGORITHMS
from infra.settings import Settings

RECEIPT_AUDIENCE = "samspil:underretning-receipt"
LONGEST_LIFETIME = timedelta(hours=1)
"""A receipt is posted as it is signed; a long-lived one could be replayed for long."""


class ReceiptRefused(Exception):
    """Not a receipt from a case system Samspil knows, or not one it can use (HTTP 401).

    ``kind`` is a fixed word for the log; nothing read from the token is logged.
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class SignedReceipt:
    municipality: str
    """As the municipality registered its case system (the token's issuer)."""
    case_id: UUID
    confirmed_at: datetime
    """When the authority signed it: its confirmation of receipt."""


class CaseSystems:
    """The registered case systems' public keys, read once at start."""

    def __init__(self, settings: Settings) -> None:
        self._keys = {
            municipality: Path(file).read_bytes()
            for municipality, file in settings.case_system_keys.items()
        }

    def verify(self, token: str) -> SignedReceipt:
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as error:
            raise ReceiptRefused(type(error).__name__) from None
        if not isinstance(issuer, str) or issuer not in self._keys:
            raise ReceiptRefused("unknown_case_system")
        key = self._keys[issuer]
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=RECEIPT_AUDIENCE,
                issuer=issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise ReceiptRefused(type(error).__name__) from None
        if claims["exp"] - claims["iat"] > LONGEST_LIFETIME.total_seconds():
            raise ReceiptRefused("lifetime_too_long")
        try:
            case_id = UUID(str(claims["sub"]))
        except ValueError:
            raise ReceiptRefused("subject_not_a_case_id") from None
        return SignedReceipt(issuer, case_id, datetime.fromtimestamp(claims["iat"], UTC))


def sign_receipt(
    private_key_pem: bytes, *, municipality: str, case_id: UUID, now: datetime | None = None
) -> str:
    """A receipt as a case system signs it: for integrating a case system, and the demo."""
    issued = now or datetime.now(UTC)
    claims = {
        "iss": municipality,
        "aud": RECEIPT_AUDIENCE,
        "sub": str(case_id),
        "iat": issued,
        "exp": issued + timedelta(minutes=10),
    }
    return jwt.encode(claims, private_key_pem, algorithm="EdDSA")
