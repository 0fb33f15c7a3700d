"""When each aggregate's next timed step is due, kept beside the store.

The scheduler asks "what is due first?" by an index on the time, so the answer costs
the same with 100,000 open cases as with ten, and it never reads every case. The index
is a projection of the store's own notifications: it remembers the last notification it
followed, and each change of entries and position is one transaction, so after a crash
it carries on from where it was and misses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from uuid import UUID

from infra.store_sql import StoreSql

_DUE = "{schema}samspil_due"
_POSITION = "{schema}samspil_due_position"


def _micros(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp() * 1_000_000)


def _moment(micros: int) -> datetime:
    return datetime.fromtimestamp(micros / 1_000_000, UTC)


class DueIndex:
    def __init__(self, store_sql: StoreSql, name: str) -> None:
        self._sql = store_sql
        self._name = name
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_DUE} ("
            "name TEXT NOT NULL, subject TEXT NOT NULL, due_at BIGINT NOT NULL, "
            "PRIMARY KEY (name, subject))"
        )
        self._sql.execute(
            f"CREATE INDEX IF NOT EXISTS samspil_due_by_time ON {_DUE} (name, due_at)"
        )
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_POSITION} ("
            "name TEXT PRIMARY KEY, notification_id BIGINT NOT NULL)"
        )

    def position(self) -> int:
        row = self._sql.fetchone(
            f"SELECT notification_id FROM {_POSITION} WHERE name = {{p}}", (self._name,)
        )
        return int(row[0]) if row else 0

    def apply(self, due: Mapping[UUID, datetime | None], position: int) -> None:
        """Set (or clear, for None) the subjects' due times and the position, together."""
        statements: list[tuple[str, tuple[object, ...]]] = []
        for subject, at in due.items():
            statements.append(
                (
                    f"DELETE FROM {_DUE} WHERE name = {{p}} AND subject = {{p}}",
                    (self._name, str(subject)),
                )
            )
            if at is not None:
                statements.append(
                    (
                        f"INSERT INTO {_DUE} (name, subject, due_at) VALUES ({{p}}, {{p}}, {{p}})",
                        (self._name, str(subject), _micros(at)),
                    )
                )
        statements.append(
            (
                f"INSERT INTO {_POSITION} (name, notification_id) VALUES ({{p}}, {{p}}) "
                "ON CONFLICT (name) DO UPDATE SET notification_id = excluded.notification_id",
                (self._name, position),
            )
        )
        self._sql.execute_together(statements)

    def first(self) -> datetime | None:
        """When the first step is due, by the index."""
        row = self._sql.fetchone(
            f"SELECT due_at FROM {_DUE} WHERE name = {{p}} ORDER BY due_at LIMIT 1", (self._name,)
        )
        return _moment(int(row[0])) if row else None

    def due_by(self, now: datetime, limit: int = 100) -> list[UUID]:
        """The subjects whose step is due by ``now``, earliest first."""
        rows = self._sql.fetchall(
            f"SELECT subject FROM {_DUE} WHERE name = {{p}} AND due_at <= {{p}} "
            "ORDER BY due_at LIMIT {p}",
            (self._name, _micros(now), limit),
        )
        return [UUID(str(r[0])) for r in rows]

    def count(self) -> int:
        row = self._sql.fetchone(f"SELECT COUNT(*) FROM {_DUE} WHERE name = {{p}}", (self._name,))
        return int(row[0]) if row else 0
