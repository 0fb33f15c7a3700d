"""What the system keeps, for tests that something is not kept (an erased case, a CPR
number): every message on the broker, every key a store can still unwrap, and
everything those keys still open."""

from __future__ import annotations

import contextlib
import subprocess
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer, TopicPartition  # type: ignore[import-untyped]
from pydantic import ValidationError

from contracts.registry import parse_sealed
from contracts.sealed import SealedEventV1
from infra.encryption import service_keks
from infra.event_store import store_env
from infra.keyring import DataKeys, KeyDestroyed
from infra.sealing import SealBroken, unseal
from infra.settings import SERVICES, ServiceName, Settings
from infra.store_sql import StoreSql
from services.cli.audit import open_store
from services.run.blueprints import BLUEPRINTS


@dataclass(frozen=True)
class Message:
    topic: str
    raw: bytes
    """Key, headers and value as the broker keeps them."""
    sealed: SealedEventV1 | None


def every_message(bootstrap: str) -> list[Message]:
    """Every message on every topic, read from the start without joining a group."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(topic, partition)
            for topic in consumer.topics()
            for partition in consumer.partitions_for_topic(topic) or ()
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        messages: list[Message] = []
        while any(consumer.position(p) < end[p] for p in partitions):
            for batch in consumer.poll(timeout_ms=1000).values():
                for record in batch:
                    raw = (record.key or b"") + (record.value or b"")
                    raw += b"".join(name.encode() + value for name, value in record.headers)
                    sealed = None
                    with contextlib.suppress(ValidationError):
                        sealed = parse_sealed(record.value)
                    messages.append(Message(record.topic, raw, sealed))
        return messages
    finally:
        consumer.close()


def held_keys(settings: Settings, service: ServiceName) -> dict[str, bytes]:
    """Every key the service's store can still unwrap with its KEK."""
    recorder, _ = open_store(settings, service)
    keys = DataKeys(service_keks(settings, service))
    keys.bind(StoreSql(recorder))
    found = {}
    for (key_id,) in keys.sql.fetchall("SELECT key_id FROM {schema}samspil_data_keys"):
        with contextlib.suppress(KeyDestroyed):
            key = keys.lookup(str(key_id))
            if key is not None:
                found[str(key_id)] = key
    return found


def all_held_keys(settings: Settings) -> dict[str, bytes]:
    return {
        f"{service}/{key_id}": key
        for service in SERVICES
        for key_id, key in held_keys(settings, service).items()
    }


def opened(message: Message, keys: dict[str, bytes]) -> list[bytes]:
    """What each of ``keys`` makes of a sealed message (nothing, for almost all)."""
    contents = []
    if message.sealed is not None:
        for key in keys.values():
            with contextlib.suppress(SealBroken):
                contents.append(unseal(message.sealed, key))
    return contents


def readable_store_content(settings: Settings, service: ServiceName) -> str:
    """Every record of a store that its keys still decrypt, as text."""
    app: Any = BLUEPRINTS[service].application(store_env(settings, service), settings)
    try:
        readable = []
        for notification in app.recorder.select_notifications(0, 1_000_000):
            with contextlib.suppress(KeyDestroyed):
                readable.append(repr(vars(app.mapper.to_domain_event(notification))))
        return "\n".join(readable)
    finally:
        app.close()


def pg_dump(database_url: str, schema: str) -> str:
    return subprocess.run(
        ["pg_dump", "--schema", schema, "--data-only", database_url],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
