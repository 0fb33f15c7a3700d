"""Reading the raw databases reveals none of a case's text."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.system import System, wait_until

pytestmark = pytest.mark.e2e


def _raw_sqlite_bytes(data_dir: Path) -> bytes:
    files = sorted(data_dir.glob("*/events.sqlite*"))
    assert len([f for f in files if f.name == "events.sqlite"]) == 3, files
    return b"".join(f.read_bytes() for f in files)


def _raw_postgres_bytes(url: str, prefix: str) -> bytes:
    chunks: list[bytes] = []
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema LIKE %s",
            (f"{prefix}\\_%",),
        ).fetchall()
        assert len({schema for schema, _ in tables}) == 3, tables
        for schema, table in tables:
            query = sql.SQL("SELECT * FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            for row in connection.execute(query):
                for value in row:
                    chunks.append(value if isinstance(value, bytes) else str(value).encode())
    return b"\n".join(chunks)


def test_no_case_text_in_clear_in_any_store(system: System, store: str) -> None:
    marker = uuid.uuid4().hex[:12]
    institution = f"Markørskolen {marker}"
    municipality = "Dragør"  # a report names a real municipality (here in Københavns Politi)
    description = f"Hemmelig beskrivelse {marker} af hændelsen"
    system.start()
    case_id = system.report_case(
        institution=institution, municipality=municipality, description=description
    )
    notification_id = system.notify_police(case_id)
    wait_until("the police inbox", lambda: system.police_inbox())
    wait_until("the SSP overview", lambda: system.ssp_overview(municipality))
    system.acknowledge(notification_id)
    wait_until(
        "the acknowledgement at the school",
        lambda: system.school_case(case_id)["police_notifications"][0]["acknowledged"],
    )
    system.stop()

    if store == "sqlite":
        raw = _raw_sqlite_bytes(system.settings.data_dir)
    else:
        raw = _raw_postgres_bytes(
            system.env["SAMSPIL_DATABASE_URL"], system.env["SAMSPIL_DATABASE_SCHEMA_PREFIX"]
        )
    stored_ids = (case_id.encode(), uuid.UUID(case_id).hex.encode(), uuid.UUID(case_id).bytes)
    assert any(i in raw for i in stored_ids), "the test reads the case's stored events"
    for secret in (marker, institution, municipality, description, "betjent-ole"):
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in raw, f"{secret!r} is stored in clear"
