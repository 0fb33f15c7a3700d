"""Which deployment handed this one each key it was given.

A deployment that publishes about another's case (SSP's cluster alert, under the
case's transport key) names in clear which deployment hands out that key, so that a
receiver that never saw the case (the police of another district) knows whom to ask.
"""

from __future__ import annotations

from infra.store_sql import StoreSql

_TABLE = "{schema}samspil_key_holders"


class KeyHolders:
    def __init__(self, store_sql: StoreSql) -> None:
        self._sql = store_sql
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_TABLE} "
            "(key_id TEXT PRIMARY KEY, deployment TEXT NOT NULL)"
        )

    def record(self, key_id: str, deployment: str) -> None:
        self._sql.execute(
            f"INSERT INTO {_TABLE} (key_id, deployment) VALUES ({{p}}, {{p}}) "
            "ON CONFLICT DO NOTHING",
            (key_id, deployment),
        )

    def holder_of(self, key_id: str) -> str | None:
        """Who handed us the key; None for a key this deployment made (or never had)."""
        row = self._sql.fetchone(f"SELECT deployment FROM {_TABLE} WHERE key_id = {{p}}", (key_id,))
        return str(row[0]) if row else None
