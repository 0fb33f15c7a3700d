"""Shared fixtures: a real embedded broker per test, and PostgreSQL that must be there."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from infra.tansu import EmbeddedBroker

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """A fresh in-memory broker, so no test sees another test's messages."""
    log_file = tmp_path_factory.mktemp("broker") / "broker.log"
    with EmbeddedBroker(log_file=log_file) as running:
        yield running


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """PostgreSQL on this machine. Unreachable is a failure, never a skip."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}")
    return POSTGRES_URL


@pytest.fixture
def postgres_schema_prefix(postgres_url: str) -> Iterator[str]:
    """A schema prefix of this test's own; its schemas are dropped afterwards."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    yield prefix
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for service in ("school", "ssp", "police_liaison"):
            connection.execute(f'DROP SCHEMA IF EXISTS "{prefix}_{service}" CASCADE')
