"""One read-only snapshot of a store, read as plain rows in pages: for verification.

``audit verify`` reads the records, the chain, the keys and the tracking rows; on a
running service they must agree with one another, so they are all read in one
transaction (on PostgreSQL at repeatable read). Rows stream through cursors that
fetch a page at a time (server-side on PostgreSQL), so a store of any size is read in
bounded memory, and as plain tuples: the library's per-record objects would cost
more than the checks themselves.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from eventsourcing.postgres import PostgresRecorder
from eventsourcing.sqlite import SQLiteRecorder
from psycopg import Connection
from psycopg.rows import tuple_row

from infra.store_sql import StoreSql

Row = tuple[Any, ...]
_Pages = Callable[[str, tuple[Any, ...], int], Iterator[list[Row]]]


class StoreSnapshot:
    """Statements name tables as ``{schema}name`` and parameters as ``{p}``, as in
    ``StoreSql``; ``events``, ``tracking`` and ``position`` name the library's tables
    and its notification-id column on either database."""

    def __init__(self, sql: StoreSql, schema: str, pages: _Pages) -> None:
        self.dialect = sql.dialect
        self._schema = schema
        self._placeholder = "?" if sql.dialect == "sqlite" else "%s"
        self._pages = pages
        self.events = f"{schema}{sql.events_table}"
        self.tracking = f"{schema}{sql.tracking_table}"
        self.position = "rowid" if sql.dialect == "sqlite" else "notification_id"

    def table(self, name: str) -> str:
        """A table of the store's own, by its unqualified name."""
        return f"{self._schema}{name}"

    def _render(self, statement: str) -> str:
        return statement.replace("{p}", self._placeholder).replace("{schema}", self._schema)

    def pages(
        self, statement: str, params: tuple[Any, ...] = (), size: int = 2000
    ) -> Iterator[list[Row]]:
        """The statement's rows, ``size`` at a time."""
        return self._pages(self._render(statement), params, size)

    def rows(self, statement: str, params: tuple[Any, ...] = ()) -> list[Row]:
        return [row for page in self.pages(statement, params) for row in page]

    def has_table(self, name: str) -> bool:
        """Whether the store has the table ``name`` (unqualified) at all."""
        if self.dialect == "sqlite":
            statement = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = {p}"
            return bool(self.rows(statement, (name,)))
        return self.rows("SELECT to_regclass({p}) IS NOT NULL", (self.table(name),))[0][0] is True


@contextmanager
def snapshot(recorder: object) -> Iterator[StoreSnapshot]:
    """Every read inside sees the store as it was at the first one."""
    sql = StoreSql(recorder)
    if isinstance(recorder, SQLiteRecorder):
        with recorder.datastore.transaction(commit=False) as cursor:
            yield StoreSnapshot(sql, "", _sqlite_pages(cursor.sqlite_cursor.connection))
    elif isinstance(recorder, PostgresRecorder):
        with recorder.datastore.get_connection() as connection, connection.transaction():
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            schema = f'"{recorder.datastore.schema}".'
            yield StoreSnapshot(sql, schema, _postgres_pages(connection))
    else:
        raise TypeError(f"unsupported recorder {type(recorder).__name__}")


def _sqlite_pages(connection: sqlite3.Connection) -> _Pages:
    def pages(statement: str, params: tuple[Any, ...], size: int) -> Iterator[list[Row]]:
        cursor = connection.cursor()
        cursor.row_factory = None
        try:
            cursor.execute(statement, params)
            while page := cursor.fetchmany(size):
                yield page
        finally:
            cursor.close()

    return pages


def _postgres_pages(connection: Connection[Any]) -> _Pages:
    names = itertools.count(1)

    def pages(statement: str, params: tuple[Any, ...], size: int) -> Iterator[list[Row]]:
        with connection.cursor(name=f"samspil_scan_{next(names)}", row_factory=tuple_row) as cursor:
            cursor.execute(cast(Any, statement), params, binary=True)
            while page := cursor.fetchmany(size):
                yield page

    return pages
