"""How an integration event crosses Kafka: sealed, with only routing fields in clear.

The broker, and anyone who reads a topic, sees which service published what kind of
event about which (random) case id, and nothing else: the event itself — who acted,
the institution, the description — is encrypted (AES-GCM) with a transport key the
broker never sees. The clear fields are bound to the ciphertext, so none of them can
be altered or moved to another message unnoticed.
"""

from __future__ import annotations

from typing import Literal, get_args
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.deployments import DeploymentId
from contracts.envelope import ServiceName

TRANSPORT_KEY = rf"transport:(case:[0-9a-f-]{{36}}|notices:({'|'.join(get_args(ServiceName))}))"
TRANSPORT_KEY_ID = f"^{TRANSPORT_KEY}$"


def case_transport_key(case_id: UUID | str) -> str:
    """The key one case's events travel under; destroyed everywhere when it is erased."""
    return f"transport:case:{case_id}"


def notices_transport_key(service: ServiceName) -> str:
    """The key a service's notices travel under when no case key may be used (erasures)."""
    return f"transport:notices:{service}"


class SealedEventV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sealed: Literal["samspil-sealed-v1"] = "samspil-sealed-v1"
    event_type: str = Field(pattern=r"^[A-Za-z]{1,80}$")
    schema_version: int = Field(ge=1)
    event_id: UUID
    source: ServiceName
    source_position: int = Field(ge=1)
    case_id: UUID
    key_id: str = Field(pattern=TRANSPORT_KEY_ID, description="The transport key it is under.")
    nonce: str = Field(pattern=r"^[A-Za-z0-9+/]{16}$", description="Base64, 12 bytes.")
    ciphertext: str = Field(
        min_length=24, max_length=200_000, description="Base64 AES-GCM of the event's JSON."
    )

    def associated_data(self) -> bytes:
        """The clear fields, as authenticated with the ciphertext."""
        return "|".join(
            (
                self.sealed,
                self.event_type,
                str(self.schema_version),
                str(self.event_id),
                self.source,
                str(self.source_position),
                str(self.case_id),
                self.key_id,
            )
        ).encode()

    @property
    def origin(self) -> str:
        """Whose notification this is: version 1 came from the one deployment of its kind."""
        return self.source


class SealedEventV2(SealedEventV1):
    """Version 2 names the deployment that published it (``school.hjoerring``), bound to
    the ciphertext like every clear field: receivers track each deployment on its own."""

    sealed: Literal["samspil-sealed-v2"] = "samspil-sealed-v2"  # type: ignore[assignment]
    deployment: DeploymentId

    def associated_data(self) -> bytes:
        return super().associated_data() + f"|{self.deployment}".encode()

    @property
    def origin(self) -> str:
        return self.deployment


SealedEvent = SealedEventV1 | SealedEventV2
