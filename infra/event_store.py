"""Configures ``eventsourcing``'s own recorders: SQLite by default, PostgreSQL by URL.

Every store is encrypted (AES-GCM) and keeps one tracking row per upstream
notification (multi-row tracking), so a receiver can tell exactly which upstream
notifications it has applied, whatever order they arrive in.
"""

from __future__ import annotations

from urllib.parse import unquote, urlparse

import psycopg
from eventsourcing.persistence import InfrastructureFactory, ProcessRecorder
from eventsourcing.utils import Environment
from psycopg import sql

from infra.settings import ServiceName, Settings


class InvalidDatabaseUrl(ValueError):
    pass


def store_env(settings: Settings, service: ServiceName) -> dict[str, str]:
    """The ``eventsourcing`` environment for one service's own store.

    Records are sealed by the application's mapper with per-case data keys
    (``infra.keyring``), not by a store-wide cipher.
    """
    return location_env(settings, service)


def location_env(settings: Settings, service: ServiceName) -> dict[str, str]:
    """Where a service's store is, without its keys: enough to verify, not to read."""
    env = {"SINGLE_ROW_TRACKING": "n"}
    if settings.database_url:
        env.update(postgres_env(settings.database_url, postgres_schema(settings, service)))
    else:
        directory = settings.service_dir(service)
        directory.mkdir(parents=True, exist_ok=True)
        env.update(
            {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(directory / "events.sqlite"),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        )
    return env


def postgres_schema(settings: Settings, service: ServiceName) -> str:
    return f"{settings.database_schema_prefix}_{service}"


def postgres_env(url: str, schema: str) -> dict[str, str]:
    parsed = urlparse(url)
    if parsed.scheme not in ("postgresql", "postgres") or not parsed.path.strip("/"):
        raise InvalidDatabaseUrl(
            "SAMSPIL_DATABASE_URL must look like postgresql://user:password@host:port/database"
        )
    ensure_schema(url, schema)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": parsed.path.strip("/"),
        "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parsed.port or 5432),
        "POSTGRES_USER": unquote(parsed.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parsed.password or ""),
        "POSTGRES_SCHEMA": schema,
    }


def ensure_schema(url: str, schema: str) -> None:
    """The library creates tables, not schemas: make the service's schema first."""
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def open_recorder(settings: Settings, service: ServiceName) -> ProcessRecorder:
    """A service's store opened without its keys (to verify or re-wrap, not to read).

    Named like the service's application: PostgreSQL tables carry the application's name.
    """
    recorder: ProcessRecorder = InfrastructureFactory.construct(
        Environment(service, location_env(settings, service))
    ).process_recorder()
    return recorder
