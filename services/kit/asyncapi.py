"""Each service's Kafka side as an AsyncAPI 3 document, written by faststream.

The running broker cannot describe itself: its subscribers take the raw bytes (the
contracts, not faststream, judge a message) and it publishes through the broker directly,
so faststream sees no payload types on it. A second broker, never connected, is declared
from the same blueprint — a subscriber for each topic the service reads, a publisher for
each topic it writes, with the wire format as payload and the contracts sealed inside
named in the description — and faststream's own generator writes the document from it.
``tests/test_asyncapi.py`` checks that the document names exactly the topics the running
service reads and writes, and that the copies exported to ``contracts/asyncapi/`` are
current.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Awaitable, Callable, Iterable
from importlib.metadata import version
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_type_hints

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from pydantic import BaseModel, ConfigDict, Field

from contracts.carried import CARRIED
from contracts.directory import DirectoryEntryV1
from contracts.registry import AUDIT_PUBLISHED, WIRE_FORMATS, schema_name
from contracts.sealed import SealedEvent
from contracts.topics import AUDIT_CHECKPOINTS, DIRECTORY, dead_letter_topic
from infra.logging import CORRELATION_HEADER
from infra.messaging import KIND_HEADER, MAX_MESSAGE_BYTES, REASON_HEADER
from infra.sealing import seal
from services.kit.directory_feed import REPUBLISH_SECONDS

if TYPE_CHECKING:
    from services.kit.service import Blueprint, Subscription

ASYNCAPI_PATH = "/asyncapi.json"
KAFKA_SERVER = "kafka:9092"
"""The broker docker-compose.yml runs the services against."""
SCHEMA_FILES = "contracts/schemas"
ORIGIN_HEADERS = ("samspil-origin-topic", "samspil-origin-partition", "samspil-origin-offset")
"""Where a dead-lettered message was read (``services.kit.consumption.origin_of``)."""

SEALED_SENT: type[BaseModel] = get_type_hints(seal)["return"]
"""What the relay publishes: the version ``seal`` makes."""
CHECKPOINTS: tuple[type[BaseModel], ...] = tuple(
    c for c in AUDIT_PUBLISHED if c.model_fields["event_type"].default == "Checkpoint"
)
CHECKPOINT_SENT = max(CHECKPOINTS, key=lambda c: int(c.model_fields["schema_version"].default))
"""A service signs its chain head in the newest version; it reads every version."""


class DeadLetterReference(BaseModel):
    """What is kept of a message too large to keep, or one the broker would not take back."""

    model_config = ConfigDict(extra="forbid")

    reference: dict[str, str] = Field(
        description="Where the message is: its topic, partition and offset."
    )
    size: int = Field(ge=0, description="Its size in bytes.")
    reason: str = Field(description="Why it was refused: field names, never content.")


DeadLettered = (
    Annotated[bytes, Field(description="The refused message, byte for byte as it came.")]
    | DeadLetterReference
)


def asyncapi_document(blueprint: Blueprint[Any], app: object | None = None) -> dict[str, Any]:
    """The service's AsyncAPI document, as JSON.

    The subscriptions name the application's handlers; the document needs only their
    topics and kinds, so without ``app`` (an exported copy) a stand-in names them.
    """
    dead_letters = dead_letter_topic(blueprint.name)
    broker = KafkaBroker(
        KAFKA_SERVER,
        specification_url=KAFKA_SERVER,
        description="The Kafka cluster in `SAMSPIL_KAFKA_BOOTSTRAP`; `kafka:9092` is the one "
        "docker-compose.yml runs, and without it `samspil up` starts an embedded broker.",
    )
    for subscription in blueprint.subscriptions(app if app is not None else _Unbuilt()):
        broker.subscriber(
            subscription.topic,
            title=f"{subscription.topic}:receive",
            description=_reading(subscription, dead_letters),
        )(_reader(SealedEvent))
    broker.subscriber(
        AUDIT_CHECKPOINTS,
        title=f"{AUDIT_CHECKPOINTS}:receive",
        description=f"Read: every deployment's signed chain checkpoints ({_names(CHECKPOINTS)}). "
        "Another's is kept only if it is signed by that deployment's key in the trust "
        f"directory; any other goes to `{dead_letters}`. The service's own are skipped.",
    )(_reader(functools.reduce(operator.or_, CHECKPOINTS)))
    broker.subscriber(
        DIRECTORY,
        title=f"{DIRECTORY}:receive",
        description="Read: the directory of deployments, whole, from the topic's beginning "
        "at each start (it is compacted: the latest entry of each deployment stays on it). "
        "An entry is kept only if the directory authority (`SAMSPIL_DIRECTORY_AUTHORITY_KEY`) "
        f"signed it; any other goes to `{dead_letters}` with the reason.",
    )(_reader(DirectoryEntryV1))
    if blueprint.publishes_to and blueprint.translator:
        broker.publisher(
            blueprint.publishes_to,
            title=f"{blueprint.publishes_to}:send",
            description=_publishing(blueprint.publishes_to),
            schema=SEALED_SENT,
        )
    broker.publisher(
        AUDIT_CHECKPOINTS,
        title=f"{AUDIT_CHECKPOINTS}:send",
        description="Sent every `SAMSPIL_CHECKPOINT_SECONDS`: the service's hash chain head, "
        f"signed with its Ed25519 key ({_names([CHECKPOINT_SENT])}); every other deployment "
        "keeps a copy, so history rewritten after it was shared is caught.",
        schema=CHECKPOINT_SENT,
    )
    broker.publisher(
        DIRECTORY,
        title=f"{DIRECTORY}:send",
        description="Sent when `SAMSPIL_DIRECTORY_ENTRY_FILE` names one: the deployment's own "
        f"entry ({_names([DirectoryEntryV1])}) as the directory authority signed it, keyed by "
        f"deployment id, at start and every {REPUBLISH_SECONDS / 60:g} minutes.",
        schema=DirectoryEntryV1,
    )
    broker.publisher(
        dead_letters,
        title=f"{dead_letters}:send",
        description=_dead_lettering(),
        schema=DeadLettered,
    )
    document = AsyncAPI(
        broker,
        title=blueprint.title,
        version=version("samspil"),
        description=f"{blueprint.description}\n\nWhat the service reads from Kafka and writes "
        "to it. Integration events travel sealed (`contracts/sealed.py`): the event itself is "
        "in `ciphertext`, AES-GCM under the case's transport key, which never crosses Kafka; "
        "the fields in clear are bound to it.",
        identifier=f"urn:samspil:{blueprint.name}",
    )
    return _in_order(document.to_specification().to_jsonable())


def install_asyncapi(http: FastAPI, blueprint: Blueprint[Any], app: object) -> None:
    """Serve the document beside ``/openapi.json``: public, like it, and outside it."""

    @functools.cache
    def document() -> dict[str, Any]:
        return asyncapi_document(blueprint, app)

    @http.get(ASYNCAPI_PATH, include_in_schema=False)
    def asyncapi() -> JSONResponse:
        return JSONResponse(document())


def _in_order(document: dict[str, Any]) -> dict[str, Any]:
    """faststream keeps endpoints in a weak set, whose order varies from run to run: by
    name, the document reads the same every time."""
    for part in (document, document.get("components", {})):
        for name, entries in part.items():
            if name not in ("info", "servers", "components") and isinstance(entries, dict):
                part[name] = dict(sorted(entries.items()))
    return document


def _reader(payload: object) -> Callable[[Any], Awaitable[None]]:
    """A handler whose one parameter is the wire format, for faststream to read the payload's
    schema off; the documenting broker never starts, so it is never called."""

    async def receive(message: Any) -> None:
        raise NotImplementedError

    receive.__annotations__ = {"message": payload, "return": None}
    return receive


def _names(contracts: Iterable[type[BaseModel]]) -> str:
    wire = {model: name for name, model in WIRE_FORMATS.items()}
    return ", ".join(f"`{wire.get(c) or schema_name(c)}`" for c in contracts)


def _reading(subscription: Subscription, dead_letters: str) -> str:
    kinds = list(subscription.handlers)
    held = [kind for kind in kinds if kind in subscription.concerns]
    text = (
        f"Read: integration events, sealed ({_names(get_args(SealedEvent))}). "
        f"The service opens {_names(kinds)}"
    )
    if held == kinds:
        text += ", each only when it is about a case the service holds"
    elif held:
        text += f"; {_names(held)} only when about a case the service holds"
    return text + (
        ". It skips any other published kind unopened. A message that is not a sealed event, "
        "names no published contract, does not open, or that the contracts or the domain "
        f"refuse, goes to `{dead_letters}` with the reason. Each kind's schema: "
        f"`{SCHEMA_FILES}/<kind>.json`."
    )


def _publishing(topic: str) -> str:
    return (
        f"Sent: the service's integration events, sealed ({_names([SEALED_SENT])}), keyed by "
        "case id, once they are in its store (the outbox relay), with the id of the request "
        f"that caused them in header `{CORRELATION_HEADER}` when there was one. Kinds found "
        f"sealed on this topic (an older version stays readable): {_names(CARRIED[topic])}. "
        f"Each kind's schema: `{SCHEMA_FILES}/<kind>.json`."
    )


def _dead_lettering() -> str:
    origin = ", ".join(f"`{header}`" for header in ORIGIN_HEADERS)
    return (
        "Sent: each message the service could not accept, for an operator to inspect and "
        f"replay; no service reads it. Header `{REASON_HEADER}` says why (field names, never "
        f"content), {origin} where it was read. Header `{KIND_HEADER}` is `message` for the "
        "message byte for byte as it came, or `reference` for one larger than "
        f"{MAX_MESSAGE_BYTES // 1024} KiB or that the broker would not take back: then only "
        "where it is, its size (also in header `samspil-origin-size`) and the reason are kept."
    )


class _Unbuilt:
    """Stands in for an application that was never built: every handler it is asked for
    refuses to run, since a document needs only the handlers' kinds."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def never(*args: object, **kwargs: object) -> Any:
            raise RuntimeError(f"{name}: the application was never built")

        return never
