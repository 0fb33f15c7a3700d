"""How far the outbox relay got, kept in the service's own store.

The position is a notification id plus the id of the Kafka topic it was published
to. A broker that lost its data (the embedded broker keeps nothing across a
restart) comes back with a new topic id, and the relay starts again from the
beginning of the store; receivers drop what they already applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from infra.store_sql import StoreSql

_TABLE = "{schema}samspil_relay_position"


@dataclass(frozen=True)
class RelayPosition:
    notification_id: int
    topic_id: str


class RelayPositions:
    def __init__(self, store_sql: StoreSql) -> None:
        self._sql = store_sql
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_TABLE} ("
            "topic TEXT PRIMARY KEY, topic_id TEXT NOT NULL, notification_id BIGINT NOT NULL)"
        )

    def get(self, topic: str) -> RelayPosition:
        row = self._sql.fetchone(
            f"SELECT notification_id, topic_id FROM {_TABLE} WHERE topic = {{p}}", (topic,)
        )
        return RelayPosition(int(row[0]), str(row[1])) if row else RelayPosition(0, "")

    def set(self, topic: str, position: RelayPosition) -> None:
        self._sql.execute(
            f"INSERT INTO {_TABLE} (topic, topic_id, notification_id) VALUES ({{p}}, {{p}}, {{p}}) "
            "ON CONFLICT (topic) DO UPDATE SET "
            "topic_id = excluded.topic_id, notification_id = excluded.notification_id",
            (topic, position.topic_id, position.notification_id),
        )
