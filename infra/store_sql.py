"""The few statements Samspil runs itself, in the same database as its event store.

Both live beside the library's tables, so they commit in the same database and
disappear with it: the exact-tracking check and the outbox relay's position.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresRecorder
from eventsourcing.sqlite import SQLiteRecorder


class StoreSql:
    """Runs a statement on SQLite or PostgreSQL, whichever the recorder uses.

    Statements name tables as ``{table:name}`` and parameters as ``{p}``.
    """

    def __init__(self, recorder: object) -> None:
        if isinstance(recorder, SQLiteRecorder):
            self._datastore: Any = recorder.datastore
            self._placeholder = "?"
            self._schema = ""
            self.tracking_table = "tracking"
            self.dialect = "sqlite"
            self.events_table = str(getattr(recorder, "events_table_name", "stored_events"))
        elif isinstance(recorder, PostgresRecorder):
            self._datastore = recorder.datastore
            self._placeholder = "%s"
            self._schema = f'"{recorder.datastore.schema}".'
            self.tracking_table = getattr(recorder, "tracking_table_name", "notification_tracking")
            self.dialect = "postgres"
            self.events_table = str(getattr(recorder, "events_table_name", "stored_events"))
        else:
            raise TypeError(f"unsupported recorder {type(recorder).__name__}")

    def _render(self, statement: str) -> str:
        return statement.replace("{p}", self._placeholder).replace("{schema}", self._schema)

    def fetchone(self, statement: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(cast(Any, self._render(statement)), params)
            row = cursor.fetchone()
        if row is None:
            return None
        return tuple(row.values()) if isinstance(row, dict) else tuple(row)

    def fetchall(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(cast(Any, self._render(statement)), params)
            rows = cursor.fetchall()
        return [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in rows]

    def executemany(self, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            cursor.executemany(cast(Any, self._render(statement)), rows)

    def write_returning(
        self, statement: str, params: tuple[Any, ...] = ()
    ) -> tuple[Any, ...] | None:
        """A write with a RETURNING clause: the returned row, or None."""
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(cast(Any, self._render(statement)), params)
            row = cursor.fetchone()
        if row is None:
            return None
        return tuple(row.values()) if isinstance(row, dict) else tuple(row)

    def scrub(self) -> None:
        """Leave no old copy of overwritten rows behind (SQLite's WAL and free pages)."""
        if self.dialect == "sqlite":
            with self._datastore.transaction(commit=False) as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(cast(Any, self._render(statement)), params)

    def execute_together(self, statements: Sequence[tuple[str, tuple[Any, ...]]]) -> None:
        """Several statements in one transaction: all of them, or none."""
        with self._datastore.transaction(commit=True) as cursor:
            for statement, params in statements:
                cursor.execute(cast(Any, self._render(statement)), params)


def is_tracked(store_sql: StoreSql, tracking: Tracking) -> bool:
    """True when exactly this upstream notification has already been applied."""
    row = store_sql.fetchone(
        f"SELECT 1 FROM {{schema}}{store_sql.tracking_table} "
        "WHERE application_name = {p} AND notification_id = {p}",
        (tracking.application_name, tracking.notification_id),
    )
    return row is not None
