"""Notifications the outbox relay could not turn into a message, kept aside in the store.

A stored event whose translation fails for a reason of its own (a defect its content
triggers) would fail on every try; retrying it forever would hold back every later
message on the topic. After a few tries the relay sets it aside here instead, with
the reason, and every later notification of the same aggregate with it, so a case's
messages never overtake one another. The events themselves stay in the store: nothing
is lost. The relay tries what is set aside again each time it starts (after a fix is
deployed), and ``samspil relay set-aside`` lists it for the operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from infra.store_sql import StoreSql

_TABLE = "{schema}samspil_relay_set_aside"


@dataclass(frozen=True)
class SetAsideNotification:
    topic: str
    notification_id: int
    originator_id: UUID
    reason: str
    """The failure's type and place, or which earlier notification it waits behind."""
    set_aside_at: datetime


class RelaySetAside:
    def __init__(self, store_sql: StoreSql) -> None:
        self._sql = store_sql
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_TABLE} ("
            "topic TEXT NOT NULL, notification_id BIGINT NOT NULL, originator_id TEXT NOT NULL,"
            " reason TEXT NOT NULL, set_aside_at TEXT NOT NULL,"
            " PRIMARY KEY (topic, notification_id))"
        )

    def keep(self, topic: str, notification_id: int, originator_id: UUID, reason: str) -> None:
        """Set one aside; setting it aside again (a batch read again) changes nothing."""
        self._sql.execute(
            f"INSERT INTO {_TABLE} (topic, notification_id, originator_id, reason, set_aside_at)"
            " VALUES ({p}, {p}, {p}, {p}, {p}) ON CONFLICT DO NOTHING",
            (topic, notification_id, str(originator_id), reason, datetime.now(UTC).isoformat()),
        )

    def listed(self, topic: str | None = None) -> list[SetAsideNotification]:
        """In the order they were stored (by topic first when no topic is named)."""
        where, params = ("WHERE topic = {p} ", (topic,)) if topic is not None else ("", ())
        rows = self._sql.fetchall(
            "SELECT topic, notification_id, originator_id, reason, set_aside_at "
            f"FROM {_TABLE} {where}ORDER BY topic, notification_id",
            params,
        )
        return [
            SetAsideNotification(
                str(topic_),
                int(notification_id),
                UUID(str(originator)),
                str(reason),
                datetime.fromisoformat(str(at)),
            )
            for topic_, notification_id, originator, reason, at in rows
        ]

    def release(self, topic: str, notification_ids: list[int]) -> None:
        """Published after all: no longer set aside."""
        self._sql.executemany(
            f"DELETE FROM {_TABLE} WHERE topic = {{p}} AND notification_id = {{p}}",
            [(topic, n) for n in notification_ids],
        )
