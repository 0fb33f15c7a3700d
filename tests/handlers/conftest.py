"""A service built on a real store with faststream's in-memory broker in front of it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import KafkaMessage, TestKafkaBroker

from contracts.topics import dead_letter_topic
from infra.settings import ServiceName, Settings
from services.kit.service import RunningService, build
from services.run.blueprints import BLUEPRINTS
from tests.identities import PUBLIC_KEY_FILE


class DeadLetters(list[tuple[bytes, dict[str, str]]]):
    pass


Harness = Callable[..., Any]


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    """Build a service on a real store, wire a sink on its dead-letter topic, start the fake."""
    stack: list[tuple[RunningService[Any], TestKafkaBroker]] = []

    async def start(name: ServiceName, **settings: Any) -> tuple[Any, Any, DeadLetters]:
        config = Settings(
            _env_file=None,
            data_dir=tmp_path,
            kafka_bootstrap="x:9",
            auth_public_key_file=PUBLIC_KEY_FILE,
            **settings,
        )
        running = build(BLUEPRINTS[name], config)
        dead = DeadLetters()

        @running.broker.subscriber(dead_letter_topic(name))
        async def sink(body: Any, message: KafkaMessage) -> None:
            dead.append((message.body, dict(message.headers)))

        test_broker = TestKafkaBroker(running.broker)
        broker = await test_broker.__aenter__()
        stack.append((running, test_broker))
        return running.app, broker, dead

    yield start
    for running, test_broker in stack:
        await test_broker.__aexit__(None, None, None)
        running.app.close()
