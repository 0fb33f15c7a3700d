"""How an integration event crosses Kafka: sealed, with only routing fields in clear.

The broker, and anyone who reads a topic, sees which service published what kind of
event about which (random) case id, and nothing else: the event itself — who acted,
the institution, the description — is encrypted (AES-GCM) with a transport key the
broker never sees. The clear fields are bound to the ciphertext, so none of them can
be altered or moved to another message unnoticed.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.deployments import DEPLOYMENT_ID, DeploymentId, DeploymentIdV1, Kind
from contracts.directory import AUDIENCE_TAG
from contracts.envelope import ServiceName

TRANSPORT_KEY = (
    rf"transport:(case:[0-9a-f-]{{36}}|match:[0-9a-f-]{{36}}|notices:{DEPLOYMENT_ID.strip('^$')})"
)
TRANSPORT_KEY_ID = f"^{TRANSPORT_KEY}$"
TRANSPORT_KEY_V1 = r"transport:(case:[0-9a-f-]{36}|notices:(school|ssp|police_liaison))"
"""As version 1 was published: one notices key per kind, before deployments had ids."""


CASE_KEY_PREFIX = "transport:case:"


def case_transport_key(case_id: UUID | str) -> str:
    """The key one case's events travel under; destroyed everywhere when it is erased."""
    return f"{CASE_KEY_PREFIX}{case_id}"


MATCH_KEY_PREFIX = "transport:match:"


def match_transport_key(case_id: UUID | str) -> str:
    """The key under which an SSP deployment and the matching exchange what matching needs
    of one case (its fingerprints, never its content); destroyed when the case is erased."""
    return f"{MATCH_KEY_PREFIX}{case_id}"


NOTICES_KEY_PREFIX = "transport:notices:"


def notices_transport_key(deployment: str) -> str:
    """The key a deployment's notices travel under when no case key may be used (erasures):
    each deployment has its own, so two school deployments' notices never share a key id."""
    return NOTICES_KEY_PREFIX + deployment


class SealedEventV1(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sealed: Literal["samspil-sealed-v1"] = "samspil-sealed-v1"
    event_type: str = Field(pattern=r"^[A-Za-z]{1,80}$")
    schema_version: int = Field(ge=1)
    event_id: UUID
    source: ServiceName
    source_position: int = Field(ge=1)
    case_id: UUID
    key_id: str = Field(
        pattern=f"^{TRANSPORT_KEY_V1}$", description="The transport key it is under."
    )
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
    deployment: DeploymentIdV1

    def associated_data(self) -> bytes:
        return super().associated_data() + f"|{self.deployment}".encode()

    @property
    def origin(self) -> str:
        return self.deployment


class SealedEventV3(BaseModel):
    """Version 3 also says whom it is for (``audience``: tags such as
    ``municipality:hjørring``, empty for every reader of the topic) and who hands out its
    key when that is not the publisher (``key_holder``), and it may come from the
    matching deployment or be under a matching key. Every clear field is bound to the
    ciphertext; a deployment skips, unopened, what is not for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sealed: Literal["samspil-sealed-v3"] = "samspil-sealed-v3"
    event_type: str = Field(pattern=r"^[A-Za-z]{1,80}$")
    schema_version: int = Field(ge=1)
    event_id: UUID
    source: Kind
    source_position: int = Field(ge=1)
    case_id: UUID
    key_id: str = Field(pattern=TRANSPORT_KEY_ID, description="The transport key it is under.")
    nonce: str = Field(pattern=r"^[A-Za-z0-9+/]{16}$", description="Base64, 12 bytes.")
    ciphertext: str = Field(
        min_length=24, max_length=200_000, description="Base64 AES-GCM of the event's JSON."
    )
    deployment: DeploymentId
    audience: tuple[Annotated[str, Field(pattern=AUDIENCE_TAG)], ...] = Field((), max_length=64)
    key_holder: DeploymentId | None = Field(
        None,
        description="Who hands out the key it is under, when not the publisher (SSP's "
        "alert about a school's case names that school deployment).",
    )

    def associated_data(self) -> bytes:
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
                self.deployment,
                ",".join(self.audience),
                self.key_holder or "",
            )
        ).encode()

    @property
    def origin(self) -> str:
        return self.deployment


SealedEvent = SealedEventV1 | SealedEventV2 | SealedEventV3


def audience_of(sealed: SealedEvent) -> tuple[str, ...]:
    """Whom a sealed event is for; before version 3, every reader of its topic."""
    return sealed.audience if isinstance(sealed, SealedEventV3) else ()


def key_holder_of(sealed: SealedEvent) -> str:
    """Which deployment hands out the key a sealed event is under: the one it names, else
    its publisher."""
    holder = sealed.key_holder if isinstance(sealed, SealedEventV3) else None
    return holder or sealed.origin
