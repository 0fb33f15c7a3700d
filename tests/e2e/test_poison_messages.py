"""No message stops the exchange: an oversized or forged message is set aside on the
dead-letter topic while every service keeps answering, and the exchange carries on."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition  # type: ignore[import-untyped]

from contracts.audit_events import CheckpointV2
from contracts.topics import (
    AUDIT_CHECKPOINTS,
    POLICE_CASE_EVENTS,
    SCHOOL_CASE_EVENTS,
    dead_letter_topic,
)
from infra.audit_chain import SigningKey
from infra.settings import SERVICES
from tests.system import System, wait_until

pytestmark = pytest.mark.e2e

FIVE_MB = 5 * 1024 * 1024


def records(bootstrap: str, topic: str) -> list[Any]:
    """Every record on a topic, read from the start without joining a group."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        if not partitions:
            return []
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        found: list[Any] = []
        while any(consumer.position(p) < end[p] for p in partitions):
            for batch in consumer.poll(timeout_ms=1000).values():
                found.extend(batch)
        return found
    finally:
        consumer.close()


def headers(record: Any) -> dict[str, str]:
    return {name: value.decode() for name, value in record.headers}


class HealthWatch:
    """Asks every service's /health over and over; remembers the slowest answer."""

    def __init__(self, system: System) -> None:
        self._urls = [f"{system.url(s)}/health" for s in SERVICES]
        self._stop = threading.Event()
        self.failures: list[str] = []
        self.slowest = 0.0
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        with httpx.Client(timeout=3.0) as http:
            while not self._stop.is_set():
                for url in self._urls:
                    started = time.monotonic()
                    try:
                        http.get(url).raise_for_status()
                    except httpx.HTTPError as error:
                        self.failures.append(f"{url}: {type(error).__name__}")
                    self.slowest = max(self.slowest, time.monotonic() - started)
                time.sleep(0.1)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture
def running(sqlite_system: System) -> Iterator[System]:
    sqlite_system.start()
    yield sqlite_system


def test_an_oversized_message_is_set_aside_as_a_reference_while_everyone_answers(
    running: System,
) -> None:
    bootstrap = running.broker.bootstrap
    producer = KafkaProducer(bootstrap_servers=bootstrap, max_request_size=8 * 1024 * 1024)
    with HealthWatch(running) as health:
        for topic in (SCHOOL_CASE_EVENTS, POLICE_CASE_EVENTS, AUDIT_CHECKPOINTS):
            producer.send(topic, value=os.urandom(FIVE_MB), key=b"poison").get(timeout=30)
        producer.flush()
        consumers = {
            "school": [POLICE_CASE_EVENTS, AUDIT_CHECKPOINTS],
            "ssp": [SCHOOL_CASE_EVENTS, AUDIT_CHECKPOINTS],
            "police_liaison": [SCHOOL_CASE_EVENTS, AUDIT_CHECKPOINTS],
        }

        def set_aside(service: str) -> list[Any]:
            found = [
                r
                for r in records(bootstrap, dead_letter_topic(service))
                if headers(r).get("samspil-dead-letter-kind") == "reference"
            ]
            return found if len(found) == len(consumers[service]) else []

        for service, topics in consumers.items():
            kept = wait_until(
                f"{service} to set the oversized messages aside", lambda s=service: set_aside(s)
            )
            assert sorted(headers(r)["samspil-origin-topic"] for r in kept) == sorted(topics)
            for record in kept:
                assert len(record.value) < 2000, "a reference, not the message"
                assert json.loads(record.value)["size"] == FIVE_MB
                assert headers(record)["samspil-origin-size"] == str(FIVE_MB)

        # The exchange carries on: a case reaches the police after the poison.
        case_id = running.report_case()
        notification_id = running.notify_police(case_id)
        wait_until(
            "the notification in the police inbox",
            lambda: any(n["notification_id"] == notification_id for n in running.police_inbox()),
        )
    assert not health.failures, health.failures
    assert health.slowest < 2.0, f"/health took {health.slowest:.1f} s"


def _forged(position: int, forger: SigningKey) -> bytes:
    """A checkpoint naming the police liaison's deployment, signed with a key that is not
    its own."""
    checkpoint = forger.sign("police_liaison", position, os.urandom(32).hex())
    return CheckpointV2(**asdict(checkpoint)).model_dump_json().encode()


def test_forged_checkpoints_are_set_aside_and_the_genuine_ones_verify(
    running: System, tmp_path: Path
) -> None:
    forger = SigningKey(tmp_path / "forger.key")
    producer = KafkaProducer(bootstrap_servers=running.broker.bootstrap)
    for position in range(1, 40):
        producer.send(AUDIT_CHECKPOINTS, value=_forged(position, forger), key=b"police_liaison")
    producer.flush()

    case_id = running.report_case()
    running.acknowledge(running.notify_police(case_id))

    def forged_set_aside(service: str) -> bool:
        refused = [
            r
            for r in records(running.broker.bootstrap, dead_letter_topic(service))
            if "trusted key" in headers(r).get("samspil-dead-letter-reason", "")
        ]
        return len(refused) == 39

    for service in ("school", "ssp"):
        wait_until(
            f"{service} to set the forged checkpoints aside", lambda s=service: forged_set_aside(s)
        )
    genuine = base64.b64decode(
        (running.settings.data_dir / "police_liaison" / "signing.pub").read_text().strip()
    )
    assert genuine != base64.b64decode(forger.public_key)
    time.sleep(2.5)  # two checkpoint periods: the police liaison's own checkpoints are shared
    running.stop()
    for service in SERVICES:
        verified = running.samspil("audit", "verify", "--service", service)
        assert verified.returncode == 0, f"{service}: {verified.stdout}{verified.stderr}"
