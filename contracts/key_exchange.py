"""How a receiving service obtains a transport key from the school, never via Kafka.

The same exchange hands schools SSP's pseudonym key (``PSEUDONYM_KEY``).

The requester signs its request (with its Ed25519 service key) and sends a fresh
X25519 public key; the school answers with the transport key encrypted to that
ephemeral key and signs the answer. Only the requester, and only at that moment,
can read it; a recorded exchange is useless once the requester dropped its
ephemeral key, and the broker never sees a key in any form.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.deployments import DeploymentId
from contracts.envelope import ServiceName
from contracts.sealed import TRANSPORT_KEY, TRANSPORT_KEY_V1

_B64 = r"^[A-Za-z0-9+/]+={0,2}$"

PSEUDONYM_KEY = "pseudonym:ssp"
"""SSP's key for pseudonyms of people: schools compute them, SSP never sees the identifier."""

EXCHANGED_KEY_ID = f"^({TRANSPORT_KEY}|{PSEUDONYM_KEY})$"
EXCHANGED_KEY_ID_V1 = f"^({TRANSPORT_KEY_V1}|{PSEUDONYM_KEY})$"
"""As version 1 was published: one notices key per kind."""


class KeyRequestV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key_id: str = Field(pattern=EXCHANGED_KEY_ID_V1)
    requester: ServiceName
    ephemeral_public_key: str = Field(pattern=_B64, max_length=64)
    issued_at: str = Field(min_length=1, max_length=64, description="ISO 8601, UTC.")
    signature: str = Field(pattern=_B64, max_length=128, description="Ed25519, base64.")

    def signed_part(self) -> bytes:
        fields = (self.key_id, self.requester, self.ephemeral_public_key, self.issued_at)
        return ("samspil-key-request|" + "|".join(fields)).encode()


class KeyGrantV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key_id: str = Field(pattern=EXCHANGED_KEY_ID_V1)
    granter: ServiceName
    ephemeral_public_key: str = Field(pattern=_B64, max_length=64)
    nonce: str = Field(pattern=_B64, max_length=32)
    wrapped_key: str = Field(pattern=_B64, max_length=128)
    signature: str = Field(pattern=_B64, max_length=128, description="Ed25519, base64.")

    def signed_part(self, request: KeyRequestV1) -> bytes:
        """Binds the grant to the request it answers (and so to the requester's key)."""
        fields = (
            self.key_id,
            self.granter,
            self.ephemeral_public_key,
            self.nonce,
            self.wrapped_key,
            request.ephemeral_public_key,
        )
        return ("samspil-key-grant|" + "|".join(fields)).encode()


class KeyRequestV2(BaseModel):
    """Version 2 names deployments, not kinds: who asks (``ssp.hjoerring``) and whom
    (``school.hjoerring``), so a request signed for one granter is refused by any other."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[2] = 2
    key_id: str = Field(pattern=EXCHANGED_KEY_ID)
    requester: DeploymentId
    granter: DeploymentId
    ephemeral_public_key: str = Field(pattern=_B64, max_length=64)
    issued_at: str = Field(min_length=1, max_length=64, description="ISO 8601, UTC.")
    signature: str = Field(pattern=_B64, max_length=128, description="Ed25519, base64.")

    def signed_part(self) -> bytes:
        fields = (
            self.key_id,
            self.requester,
            self.granter,
            self.ephemeral_public_key,
            self.issued_at,
        )
        return ("samspil-key-request-v2|" + "|".join(fields)).encode()


class KeyGrantV2(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[2] = 2
    key_id: str = Field(pattern=EXCHANGED_KEY_ID)
    granter: DeploymentId
    ephemeral_public_key: str = Field(pattern=_B64, max_length=64)
    nonce: str = Field(pattern=_B64, max_length=32)
    wrapped_key: str = Field(pattern=_B64, max_length=128)
    signature: str = Field(pattern=_B64, max_length=128, description="Ed25519, base64.")

    def signed_part(self, request: KeyRequestV2) -> bytes:
        """Binds the grant to the request it answers (its requester and fresh key)."""
        fields = (
            self.key_id,
            self.granter,
            request.requester,
            self.ephemeral_public_key,
            self.nonce,
            self.wrapped_key,
            request.ephemeral_public_key,
        )
        return ("samspil-key-grant-v2|" + "|".join(fields)).encode()


KeyRequest = KeyRequestV1 | KeyRequestV2
KeyGrant = KeyGrantV1 | KeyGrantV2
