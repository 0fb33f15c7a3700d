"""Locks shared by every process of one deployment, kept by the store they share.

Two replicas of a deployment run on one PostgreSQL store; some work must be done by
one of them at a time (publishing the outbox, signing checkpoints, linking a case to
the cases it matches). On PostgreSQL the lock is a session advisory lock on a
connection of its own, so the server releases it the moment its process dies, however
it dies. On SQLite (one machine) it is an ``flock`` on a file beside the store, which
the kernel releases just as surely.

A lock is not reentrant across threads of one process on PostgreSQL (the session holds
it), so callers that share one lock between threads guard it themselves.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import threading
from pathlib import Path
from typing import IO, Protocol, cast

import psycopg
import structlog

from infra.event_store import postgres_schema
from infra.settings import ServiceName, Settings

log = structlog.get_logger(__name__)


class StoreLock(Protocol):
    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; never waits."""

    def still_held(self) -> bool:
        """Whether this process holds it still (a lost connection loses it)."""

    def release(self) -> None: ...


def lock_key(scope: str, name: str) -> int:
    """A signed 64-bit key for ``pg_advisory_lock``, the same in every process."""
    digest = hashlib.sha256(f"samspil:{scope}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresLock:
    """A session advisory lock on a connection kept for it alone."""

    def __init__(self, url: str, key: int) -> None:
        self._url = url
        self._key = key
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None
        self._guard = threading.Lock()

    def _connected(self) -> psycopg.Connection[tuple[object, ...]]:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        return self._connection

    def _drop(self) -> None:
        """Closing the session releases whatever it held: the safe way out of any doubt."""
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
        self._connection = None

    def try_acquire(self) -> bool:
        with self._guard:
            try:
                row = (
                    self._connected()
                    .execute("SELECT pg_try_advisory_lock(%s)", (self._key,))
                    .fetchone()
                )
            except psycopg.Error:
                self._drop()
                raise
            return bool(row and row[0])

    def still_held(self) -> bool:
        with self._guard:
            if self._connection is None or self._connection.closed:
                return False
            try:
                row = self._connection.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND pid = pg_backend_pid() AND granted"
                ).fetchone()
            except psycopg.Error:
                self._drop()
                return False
            return bool(row and cast(int, row[0]) > 0)

    def release(self) -> None:
        with self._guard:
            if self._connection is None or self._connection.closed:
                return
            try:
                self._connection.execute("SELECT pg_advisory_unlock(%s)", (self._key,))
            except psycopg.Error:
                self._drop()


class FileLock:
    """An ``flock`` on a file beside an SQLite store: one holder on this machine."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._file: IO[bytes] | None = None
        self._guard = threading.Lock()

    def try_acquire(self) -> bool:
        with self._guard:
            if self._file is not None:
                return True
            handle = open(self._path, "ab")  # noqa: SIM115 (held open while locked)
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return False
            self._file = handle
            return True

    def still_held(self) -> bool:
        return self._file is not None

    def release(self) -> None:
        with self._guard:
            if self._file is not None:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
                self._file.close()
                self._file = None


def store_lock(settings: Settings, service: ServiceName, name: str) -> StoreLock:
    """The lock called ``name`` of this deployment's store, wherever the store is."""
    if settings.database_url:
        return PostgresLock(
            settings.database_url, lock_key(postgres_schema(settings, service), name)
        )
    directory = settings.service_dir(service)
    directory.mkdir(parents=True, exist_ok=True)
    return FileLock(directory / f"{name}.lock")
