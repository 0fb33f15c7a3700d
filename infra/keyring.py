"""Envelope encryption: one data key per case, wrapped by the service's key-encryption key.

Data keys live in the service's own database, but only wrapped (AES-GCM) under the KEK,
which comes from configuration (``SAMSPIL_CIPHER_KEY``) or a key file — never from the
database. Each stored record names the data key it is encrypted with, so it can be read
(or, once that key is destroyed, declared unreadable) without any other lookup. Rotating
the KEK re-wraps the data keys and touches no event.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Mapper, StoredEvent

from infra.store_sql import StoreSql

_KEYS = "{schema}samspil_data_keys"
_OWNERS = "{schema}samspil_key_owners"
_MAGIC = b"SK1"
KEYS_TABLE = _KEYS.removeprefix("{schema}")
KEY_STATES = f"SELECT key_id, wrapped IS NULL FROM {_KEYS}"
"""Every data key's id and whether it was destroyed, reading no key material."""


class UnknownKek(Exception):
    """A data key was wrapped under a KEK this service was not given."""


class KeyDestroyed(Exception):
    """The record's data key was destroyed: its content can never be read again."""


def fingerprint(kek: bytes) -> str:
    return hashlib.sha256(b"samspil-kek" + kek).hexdigest()[:16]


class DataKeys:
    """The wrapped data keys of one store, and which key each aggregate uses."""

    def __init__(self, keks: list[bytes]) -> None:
        if not keks:
            raise ValueError("at least one key-encryption key is needed")
        self._keks = {fingerprint(k): k for k in keks}
        self._current = fingerprint(keks[0])
        self._sql: StoreSql | None = None
        self._cache: dict[str, AESGCM] = {}
        self._plain: dict[str, bytes] = {}
        self._owners: dict[str, str] = {}
        self._unkept: set[str] = set()
        """Keys another process of this store is destroying: read from the store each time."""
        self._lock = threading.Lock()

    def bind(self, sql: StoreSql) -> None:
        """Attach to the store's database (after the recorder exists)."""
        self._sql = sql
        binary = "BYTEA" if sql.dialect == "postgres" else "BLOB"
        sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_KEYS} (key_id TEXT PRIMARY KEY, "
            f"wrapped {binary}, kek TEXT NOT NULL)"
        )
        sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_OWNERS} (originator_id TEXT PRIMARY KEY, "
            "key_id TEXT NOT NULL)"
        )

    @property
    def sql(self) -> StoreSql:
        if self._sql is None:
            raise RuntimeError("the data keys are not bound to a store yet")
        return self._sql

    def _wrap(self, key: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + AESGCM(self._keks[self._current]).encrypt(nonce, key, b"samspil-data-key")

    def _unwrap(self, wrapped: bytes, kek_id: str) -> bytes:
        if kek_id not in self._keks:
            raise UnknownKek(f"data key wrapped under KEK {kek_id}, which this service lacks")
        return AESGCM(self._keks[kek_id]).decrypt(wrapped[:12], wrapped[12:], b"samspil-data-key")

    def key(self, key_id: str, *, create: bool) -> bytes:
        """The data key itself (unwrapped)."""
        with self._lock:
            if key_id in self._unkept:
                return self._load(key_id, create=False)[0]
            if key_id not in self._plain:
                self._plain[key_id] = self._load(key_id, create=create)[0]
            return self._plain[key_id]

    def aead(self, key_id: str, *, create: bool) -> AESGCM:
        """The cipher for a data key, kept ready for the case's next record."""
        cipher = self._cache.get(key_id)
        if cipher is None:
            cipher = AESGCM(self.key(key_id, create=create))
            if key_id not in self._unkept:
                self._cache[key_id] = cipher
        return cipher

    def forget_in_memory(self, *key_ids: str) -> None:
        """Keys being destroyed by another process of this store (a replica erased the
        case): no copy is kept here from now on, so once destroyed they are gone here too."""
        with self._lock:
            for key_id in key_ids:
                self._unkept.add(key_id)
                self._cache.pop(key_id, None)
                self._plain.pop(key_id, None)

    def _load(self, key_id: str, *, create: bool) -> tuple[bytes, str]:
        if create:  # a new case's key, unless one exists: a single write
            key = AESGCM.generate_key(bit_length=256)
            stored = self.sql.write_returning(
                f"INSERT INTO {_KEYS} (key_id, wrapped, kek) VALUES ({{p}}, {{p}}, {{p}}) "
                "ON CONFLICT DO NOTHING RETURNING key_id",
                (key_id, self._wrap(key), self._current),
            )
            if stored is not None:
                return key, self._current
        row = self.sql.fetchone(f"SELECT wrapped, kek FROM {_KEYS} WHERE key_id = {{p}}", (key_id,))
        if row is None or row[0] is None:
            raise KeyDestroyed(key_id)
        return self._unwrap(bytes(row[0]), str(row[1])), str(row[1])

    def owner(self, originator_id: str) -> str | None:
        if originator_id in self._owners:
            return self._owners[originator_id]
        row = self.sql.fetchone(
            f"SELECT key_id FROM {_OWNERS} WHERE originator_id = {{p}}", (originator_id,)
        )
        if row:
            self._owners[originator_id] = str(row[0])
        return self._owners.get(originator_id)

    def set_owner(self, originator_id: str, key_id: str) -> None:
        if originator_id not in self._owners:
            self.sql.execute(
                f"INSERT INTO {_OWNERS} (originator_id, key_id) VALUES ({{p}}, {{p}}) "
                "ON CONFLICT DO NOTHING",
                (originator_id, key_id),
            )
            self._owners[originator_id] = key_id

    def lookup(self, key_id: str) -> bytes | None:
        """A key this store holds, or None if it never held it; raises if it was destroyed."""
        with self._lock:
            if key_id in self._plain:
                return self._plain[key_id]
        row = self.sql.fetchone(f"SELECT wrapped, kek FROM {_KEYS} WHERE key_id = {{p}}", (key_id,))
        if row is None:
            return None
        return self.key(key_id, create=False)

    def holds(self, key_id: str) -> bool:
        """Whether this store has (or had, if destroyed) the key."""
        if key_id in self._plain:
            return True
        row = self.sql.fetchone(f"SELECT 1 FROM {_KEYS} WHERE key_id = {{p}}", (key_id,))
        return row is not None

    def import_key(self, key_id: str, key: bytes) -> bytes:
        """Keep a key another service shared (wrapped under our KEK); a destroyed one stays so."""
        self.sql.execute(
            f"INSERT INTO {_KEYS} (key_id, wrapped, kek) VALUES ({{p}}, {{p}}, {{p}}) "
            "ON CONFLICT DO NOTHING",
            (key_id, self._wrap(key), self._current),
        )
        return self.key(key_id, create=False)

    def destroy(self, key_id: str) -> bool:
        """Crypto-shred: the wrapped key is overwritten and forgotten; returns False if gone.

        A key never held is recorded as destroyed too, so it can never be created or
        imported afterwards.
        """
        with self._lock:
            self._cache.pop(key_id, None)
            self._plain.pop(key_id, None)
            # Overwrite the bytes in place before dropping them, so no copy lingers in the page.
            self.sql.execute(
                f"UPDATE {_KEYS} SET wrapped = {{p}} WHERE key_id = {{p}} AND wrapped IS NOT NULL",
                (bytes(60), key_id),
            )
            destroyed = self.sql.write_returning(
                f"UPDATE {_KEYS} SET wrapped = NULL WHERE key_id = {{p}} AND wrapped IS NOT NULL "
                "RETURNING key_id",
                (key_id,),
            )
            self.sql.execute(
                f"INSERT INTO {_KEYS} (key_id, wrapped, kek) VALUES ({{p}}, NULL, {{p}}) "
                "ON CONFLICT DO NOTHING",
                (key_id, self._current),
            )
        self.sql.scrub()
        return destroyed is not None

    def is_destroyed(self, key_id: str) -> bool:
        row = self.sql.fetchone(f"SELECT wrapped FROM {_KEYS} WHERE key_id = {{p}}", (key_id,))
        return row is not None and row[0] is None

    def originators_of(self, key_id: str) -> list[str]:
        rows = self.sql.fetchall(
            f"SELECT originator_id FROM {_OWNERS} WHERE key_id = {{p}}", (key_id,)
        )
        return [str(r[0]) for r in rows]

    def rotate(self) -> int:
        """Re-wrap every data key under the current KEK; returns how many were re-wrapped."""
        rows = self.sql.fetchall(f"SELECT key_id, wrapped, kek FROM {_KEYS}")
        rewrapped = [
            (self._wrap(self._unwrap(bytes(wrapped), str(kek))), self._current, str(key_id))
            for key_id, wrapped, kek in rows
            if wrapped is not None and kek != self._current
        ]
        self.sql.executemany(
            f"UPDATE {_KEYS} SET wrapped = {{p}}, kek = {{p}} WHERE key_id = {{p}}", rewrapped
        )
        return len(rewrapped)


KeyOwner = Callable[[Any], str | None]
"""The data key an event belongs to (its case), or None when the event itself can't tell."""


class EnvelopeMapper(Mapper[Any]):
    """Encrypts each record's state with the data key of the case it belongs to."""

    def __init__(self, *, transcoder: Any, keys: DataKeys, key_owner: KeyOwner) -> None:
        super().__init__(transcoder=transcoder)
        self.keys = keys
        self._key_owner = key_owner

    def _key_id(self, domain_event: Any) -> str:
        """The case's key, as the event says or as the aggregate's first event said."""
        originator = str(domain_event.originator_id)
        owned = self._key_owner(domain_event)
        if owned is None:
            return self.keys.owner(originator) or self._own_case_key(originator)
        first = domain_event.originator_version == 1
        if first and owned.startswith("case:") and owned != f"case:{originator}":
            self.keys.set_owner(originator, owned)  # its later events may not say
        return owned

    def _own_case_key(self, originator: str) -> str:
        """An aggregate named by its case's id (SSP's case file) shares that case's key."""
        case_key = f"case:{originator}"
        return case_key if self.keys.holds(case_key) else f"aggregate:{originator}"

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        plain = super().to_stored_event(domain_event)
        key_id = self._key_id(domain_event)
        nonce = os.urandom(12)
        name = key_id.encode()
        sealed = self.keys.aead(key_id, create=True).encrypt(nonce, plain.state, _aad(plain))
        state = _MAGIC + len(name).to_bytes(2, "big") + name + nonce + sealed
        return StoredEvent(plain.originator_id, plain.originator_version, plain.topic, state)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        key_id, nonce, sealed = open_envelope(stored_event.state)
        plain = self.keys.aead(key_id, create=False).decrypt(nonce, sealed, _aad(stored_event))
        return super().to_domain_event(
            StoredEvent(
                stored_event.originator_id,
                stored_event.originator_version,
                stored_event.topic,
                plain,
            )
        )


def open_envelope(state: bytes) -> tuple[str, bytes, bytes]:
    """The data key's id, the nonce and the ciphertext of a stored record."""
    if not state.startswith(_MAGIC):
        raise ValueError("not a Samspil envelope")
    length = int.from_bytes(state[3:5], "big")
    key_id = state[5 : 5 + length].decode()
    rest = state[5 + length :]
    return key_id, rest[:12], rest[12:]


def _aad(stored: StoredEvent) -> bytes:
    """Binds the ciphertext to its record: it cannot be moved to another one unnoticed."""
    return f"{stored.originator_id}|{stored.originator_version}|{stored.topic}".encode()
