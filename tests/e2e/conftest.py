"""End-to-end fixtures: a running system on SQLite or on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.tansu import EmbeddedBroker
from tests.system import System


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def system(
    store: str, tmp_path: Path, broker: EmbeddedBroker, request: pytest.FixtureRequest
) -> Iterator[System]:
    if store == "postgres":
        url = request.getfixturevalue("postgres_url")
        prefix = request.getfixturevalue("postgres_schema_prefix")
        running = System(tmp_path / "data", broker, database_url=url, schema_prefix=prefix)
    else:
        running = System(tmp_path / "data", broker)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def sqlite_system(tmp_path: Path, broker: EmbeddedBroker) -> Iterator[System]:
    """A running system on SQLite stores only (for the longer scenarios)."""
    running = System(tmp_path / "data", broker)
    try:
        yield running
    finally:
        running.close()
