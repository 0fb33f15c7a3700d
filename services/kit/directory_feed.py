"""The directory of deployments on Kafka: this deployment's entry out, everyone's in.

Every deployment reads the whole compacted directory topic from its beginning at each
start (no consumer group: each keeps every entry) and keeps the entries the directory
authority signed; a forged or altered one goes to the dead-letter topic with the reason.
It publishes its own entry at start and again every few minutes, so a broker that lost
its topics learns it again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import structlog
from faststream.kafka import KafkaBroker, KafkaMessage
from pydantic import ValidationError

from contracts.directory import DirectoryEntryV1
from contracts.topics import DIRECTORY
from infra.audit_chain import SigningKey
from infra.directory import DeploymentDirectory, EntryRefused
from infra.logging import error_fields
from infra.messaging import send_to_dead_letter
from infra.settings import Settings
from services.kit.consumption import origin_of

log = structlog.get_logger(__name__)

REPUBLISH_SECONDS = 300.0
RETRY_SECONDS = 5.0


class EntryMismatch(ValueError):
    """The configured entry is not this deployment's, or names another key: refuse to start."""


def own_entry(settings: Settings, deployment: str, signer: SigningKey) -> DirectoryEntryV1 | None:
    """This deployment's signed entry (``directory_entry_file``), checked against who it is."""
    if not settings.directory_entry_file:
        return None
    entry = DirectoryEntryV1.model_validate_json(
        Path(settings.directory_entry_file).read_text(encoding="utf-8")
    )
    if entry.deployment != deployment:
        raise EntryMismatch(
            f"SAMSPIL_DIRECTORY_ENTRY_FILE is the entry of {entry.deployment}, not {deployment}"
        )
    if entry.public_key != signer.public_key:
        raise EntryMismatch(
            "SAMSPIL_DIRECTORY_ENTRY_FILE names another public key than this deployment's "
            "signing key: have the authority sign an entry for the key it has"
        )
    return entry


@dataclass(frozen=True)
class DirectoryFeed:
    directory: DeploymentDirectory
    broker: KafkaBroker
    dead_letters: str
    own: DirectoryEntryV1 | None

    async def keep(self, body: bytes, message: KafkaMessage) -> None:
        try:
            entry = DirectoryEntryV1.model_validate_json(body)
            await asyncio.to_thread(self.directory.keep, entry)
        except (ValidationError, EntryRefused) as error:
            reason = (
                f"invalid directory entry: {error.error_count()} problem(s)"
                if isinstance(error, ValidationError)
                else str(error)
            )
            log.warning("directory.refused", reason=reason)
            record = message.raw_message
            assert not isinstance(record, tuple)
            await send_to_dead_letter(
                self.broker,
                self.dead_letters,
                raw=body,
                key=record.key,
                reason=reason,
                origin=origin_of(message),
            )

    async def publish(self) -> None:
        if self.own is not None:
            await self.broker.publish(
                self.own.model_dump_json().encode(), DIRECTORY, key=self.own.deployment.encode()
            )

    async def run(self) -> None:
        """Publish the entry now and every few minutes; a broker away is tried again."""
        while True:
            wait = REPUBLISH_SECONDS
            try:
                await self.publish()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the broker is away: try again soon
                log.warning("directory.publish_failed", **error_fields(error))
                wait = RETRY_SECONDS
            await asyncio.sleep(wait)
