"""The professionals a service has seen sign in, and where to mail them.

A reminder goes to a named person or to a role at a school; the console's sign-in tells
the service each person's address (the ID token's ``email`` claim, or the demonstration
professional's). Only professional contact data is kept here — never anything of a case.
"""

from __future__ import annotations

from datetime import UTC, datetime

from domain.actors import Actor
from infra.store_sql import StoreSql

_TABLE = "{schema}samspil_people"


class People:
    def __init__(self, store_sql: StoreSql) -> None:
        self._sql = store_sql
        self._sql.execute(
            f"CREATE TABLE IF NOT EXISTS {_TABLE} (person_id TEXT PRIMARY KEY, role TEXT NOT NULL, "
            "organisation TEXT NOT NULL, email TEXT NOT NULL, seen_at TEXT NOT NULL)"
        )

    def remember(self, actor: Actor, email: str) -> None:
        """The person's role, organisation and address as of their latest sign-in."""
        self._sql.execute(
            f"INSERT INTO {_TABLE} (person_id, role, organisation, email, seen_at) "
            "VALUES ({p}, {p}, {p}, {p}, {p}) ON CONFLICT (person_id) DO UPDATE SET "
            "role = excluded.role, organisation = excluded.organisation, "
            "email = excluded.email, seen_at = excluded.seen_at",
            (
                actor.person_id,
                actor.role.value,
                actor.organisation,
                email,
                datetime.now(UTC).isoformat(),
            ),
        )

    def email_of(self, person_id: str, organisation: str) -> str | None:
        """The person's address, if they work at ``organisation``: a reminder about a case
        never goes to someone outside it, who may not even learn that the case exists."""
        row = self._sql.fetchone(
            f"SELECT email FROM {_TABLE} WHERE person_id = {{p}} AND organisation = {{p}}",
            (person_id, organisation),
        )
        return str(row[0]) if row else None

    def emails_of(self, role: str, organisation: str) -> list[str]:
        """Everyone in ``role`` at ``organisation`` (as they last signed in)."""
        rows = self._sql.fetchall(
            f"SELECT email FROM {_TABLE} WHERE role = {{p}} AND organisation = {{p}} "
            "ORDER BY person_id",
            (role, organisation),
        )
        return [str(r[0]) for r in rows]
