"""HTTP API fixtures: each service built on a real encrypted SQLite store, no broker needed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.settings import ServiceName, Settings
from services.kit.service import RunningService, build
from services.run.blueprints import BLUEPRINTS
from tests.identities import PUBLIC_KEY_FILE

Built = tuple[RunningService[Any], TestClient]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Callable[..., Built]]:
    """Build a service; its Kafka side is not started (the lifespan does not run)."""
    built: list[RunningService[Any]] = []

    def make(name: ServiceName, **configured: Any) -> Built:
        settings = Settings(
            _env_file=None,
            data_dir=tmp_path,
            kafka_bootstrap="127.0.0.1:9",
            auth_public_key_file=PUBLIC_KEY_FILE,
            **configured,
        )
        running = build(BLUEPRINTS[name], settings)
        built.append(running)
        return running, TestClient(running.http)

    yield make
    for running in built:
        running.app.close()
