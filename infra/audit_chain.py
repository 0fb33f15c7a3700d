"""Tamper evidence: a hash chain over a store's records, with signed checkpoints.

The chain runs over the stored records in insertion (notification) order, over
the encrypted bytes and their metadata, so it can be verified without decryption
keys and still verifies after a case's keys are destroyed. Each record has a
content digest and a chain hash (the previous chain hash, the record's position
and its digest). Periodically the service signs the chain head with its Ed25519
key (a checkpoint) and publishes it; the other deployments keep copies, each under
the deployment that signed it, so a deployment that rewrites history it already
shared is caught by them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from infra.store_sql import StoreSql

GENESIS = bytes(32)
CHAIN_TABLE = "samspil_chain"
_CHAIN = "{schema}" + CHAIN_TABLE
_CHECKPOINTS = "{schema}samspil_checkpoints"
"""Checkpoints by deployment id and position. The column is named ``service``, as it was
before deployments had ids: what it held then (a kind) is the id of its kind's one
deployment, so a store from then reads on unchanged."""
CHECKPOINTS_OF = (
    "SELECT service, notification_id, chain_hash, signed_at, signature, public_key "
    f"FROM {_CHECKPOINTS} WHERE service = {{p}} ORDER BY notification_id"
)
"""A deployment's checkpoints, oldest first (statement for ``StoreSql`` or a snapshot)."""
CHAIN_HEAD = (
    f"SELECT notification_id, chain_hash FROM {_CHAIN} ORDER BY notification_id DESC LIMIT 1"
)
LENGTH = struct.Struct(">Q").pack
"""Eight bytes, big-endian: the length prefix of each part of a digest, and a position."""


class StoredRecord(Protocol):
    """What the chain covers of each stored record (an ``eventsourcing`` Notification)."""

    @property
    def id(self) -> int: ...
    @property
    def originator_id(self) -> object: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


def content_digest(record: StoredRecord) -> bytes:
    """The record's metadata and encrypted bytes, length-prefixed so no two read alike."""
    return record_digest(
        str(record.originator_id), record.originator_version, record.topic, bytes(record.state)
    )


def record_digest(originator_id: str, originator_version: int, topic: str, state: bytes) -> bytes:
    """``content_digest`` of a record read as plain values (the id in its canonical text)."""
    parts = (originator_id.encode(), str(originator_version).encode(), topic.encode(), state)
    return hashlib.sha256(b"".join(LENGTH(len(p)) + p for p in parts)).digest()


def link(previous: bytes, position: int, digest: bytes) -> bytes:
    return hashlib.sha256(b"".join((previous, LENGTH(position), digest))).digest()


@dataclass(frozen=True)
class Checkpoint:
    """A deployment's signed statement: its chain up to ``notification_id`` hashes to this.

    The deployment id is signed with the rest, so one deployment's checkpoint cannot be
    passed off as another's; for a kind's one deployment (``school``) the signed bytes
    are what they were before deployments had ids, and its old checkpoints still verify.
    """

    deployment: str
    notification_id: int
    chain_hash: str
    signed_at: str
    signature: str
    public_key: str

    def message(self) -> bytes:
        return (
            f"{self.deployment}|{self.notification_id}|{self.chain_hash}|{self.signed_at}"
        ).encode()

    def signature_valid(self, public_key: str | None = None) -> bool:
        """Signed by ``public_key`` (by default the one it names) and unaltered."""
        try:
            key = Ed25519PublicKey.from_public_bytes(
                base64.b64decode(public_key or self.public_key)
            )
            key.verify(base64.b64decode(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True


def checkpoint_of(row: tuple[Any, ...]) -> Checkpoint:
    """A checkpoint from its row, as ``CHECKPOINTS_OF`` reads it."""
    return Checkpoint(str(row[0]), int(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]))


class SigningKey:
    """The service's Ed25519 key for checkpoints, kept beside its store key."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            raw = Ed25519PrivateKey.generate().private_bytes_raw()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(base64.b64encode(raw).decode() + "\n")
        raw = base64.b64decode(path.read_text(encoding="ascii").strip())
        self._key = Ed25519PrivateKey.from_private_bytes(raw)
        self.public_key = base64.b64encode(
            self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        ).decode()
        public_file = path.with_suffix(".pub")
        if not public_file.exists():
            public_file.write_text(self.public_key + "\n", encoding="ascii")

    def sign_bytes(self, message: bytes) -> str:
        """A base64 Ed25519 signature, for the service's other signed statements."""
        return base64.b64encode(self._key.sign(message)).decode()

    def sign(self, deployment: str, notification_id: int, chain_hash: str) -> Checkpoint:
        signed_at = datetime.now(UTC).isoformat()
        unsigned = Checkpoint(
            deployment, notification_id, chain_hash, signed_at, "", self.public_key
        )
        signature = base64.b64encode(self._key.sign(unsigned.message())).decode()
        return Checkpoint(
            deployment, notification_id, chain_hash, signed_at, signature, self.public_key
        )


class ChainStore:
    """The chain and the checkpoints, in tables beside the store's own."""

    def __init__(self, store_sql: StoreSql) -> None:
        self._sql = store_sql
        binary = "BYTEA" if store_sql.dialect == "postgres" else "BLOB"
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_CHAIN} (notification_id BIGINT PRIMARY KEY, "
            f"content_digest {binary} NOT NULL, chain_hash {binary} NOT NULL)"
        )
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_CHECKPOINTS} (service TEXT NOT NULL, "
            "notification_id BIGINT NOT NULL, chain_hash TEXT NOT NULL, signed_at TEXT NOT NULL, "
            "signature TEXT NOT NULL, public_key TEXT NOT NULL, "
            "PRIMARY KEY (service, notification_id))"
        )

    def head(self) -> tuple[int, bytes]:
        row = self._sql.fetchone(CHAIN_HEAD)
        return (int(row[0]), bytes(row[1])) if row else (0, GENESIS)

    def append(self, links: Sequence[tuple[int, bytes, bytes]]) -> None:
        self._sql.executemany(
            f"INSERT INTO {_CHAIN} (notification_id, content_digest, chain_hash) "
            "VALUES ({p}, {p}, {p})",
            links,
        )

    def chain_hash_at(self, notification_id: int) -> bytes | None:
        row = self._sql.fetchone(
            f"SELECT chain_hash FROM {_CHAIN} WHERE notification_id = {{p}}", (notification_id,)
        )
        return bytes(row[0]) if row else None

    def keep(self, checkpoint: Checkpoint) -> None:
        """Store a checkpoint (our own or another deployment's) under its deployment; the
        first at a deployment's position stays, so a repeat or a rival changes nothing."""
        self._sql.execute(
            f"INSERT INTO {_CHECKPOINTS} "
            "(service, notification_id, chain_hash, signed_at, signature, public_key) "
            "VALUES ({p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT DO NOTHING",
            (
                checkpoint.deployment,
                checkpoint.notification_id,
                checkpoint.chain_hash,
                checkpoint.signed_at,
                checkpoint.signature,
                checkpoint.public_key,
            ),
        )

    def checkpoints(self, deployment: str) -> list[Checkpoint]:
        """The deployment's checkpoints kept here, oldest first."""
        return [checkpoint_of(row) for row in self._sql.fetchall(CHECKPOINTS_OF, (deployment,))]

    def latest_checkpoint(self, deployment: str) -> Checkpoint | None:
        found = self.checkpoints(deployment)
        return found[-1] if found else None


def extend_chain(chain: ChainStore, records: Iterable[StoredRecord]) -> int:
    """Chain ``records`` (new ones, in order) after the current head; returns how many."""
    position, previous = chain.head()
    links = []
    for record in records:
        if record.id <= position:
            continue
        digest = content_digest(record)
        previous = link(previous, record.id, digest)
        position = record.id
        links.append((record.id, digest, previous))
    if links:
        chain.append(links)
    return len(links)
