"""The exported AsyncAPI documents are what the code makes, and they tell the truth."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, cast

import pytest
from faststream.kafka import KafkaBroker

from contracts.carried import CARRIED
from contracts.registry import PUBLISHED, schema_name
from infra.messaging import MAX_MESSAGE_BYTES, send_to_dead_letter
from services.cli.asyncapi import ASYNCAPI_DIR, REGENERATE, current_documents, export
from services.kit.asyncapi import KAFKA_SERVER, DeadLetterReference
from services.run.blueprints import BLUEPRINTS

ROOT = Path(__file__).parents[2]


def _first_difference(exported: Any, current: Any, path: str = "") -> str | None:
    if isinstance(exported, dict) and isinstance(current, dict):
        for key in sorted(exported.keys() | current.keys()):
            if key not in current:
                return f"{path}/{key} is no longer in the code"
            if key not in exported:
                return f"{path}/{key} is new in the code"
            found = _first_difference(exported[key], current[key], f"{path}/{key}")
            if found:
                return found
        return None
    if exported != current:
        return f"{path} differs"
    return None


@pytest.mark.parametrize("name", sorted(BLUEPRINTS))
def test_the_exported_document_is_what_the_code_makes(name: str) -> None:
    path = ASYNCAPI_DIR / f"{name}.json"
    assert path.exists(), f"{path} is missing: {REGENERATE}"
    exported = json.loads(path.read_text(encoding="utf-8"))
    difference = _first_difference(exported, current_documents()[name])
    assert difference is None, f"contracts/asyncapi/{name}.json: {difference}; {REGENERATE}"


def test_there_is_one_exported_document_per_service() -> None:
    assert sorted(p.stem for p in ASYNCAPI_DIR.glob("*.json")) == sorted(BLUEPRINTS)


def test_export_writes_every_document_then_nothing_more(tmp_path: Path) -> None:
    written = export(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{name}.json" for name in BLUEPRINTS)
    assert export(tmp_path) == []
    document = json.loads((tmp_path / "school.json").read_text(encoding="utf-8"))
    assert document["asyncapi"].startswith("3.")


def test_every_published_contract_travels_on_exactly_one_topic() -> None:
    for contract in PUBLISHED:
        topics = [topic for topic, carried in CARRIED.items() if contract in carried]
        assert len(topics) == 1, f"{schema_name(contract)} is carried on {topics or 'no topic'}"


def test_each_topic_names_the_kinds_carried_on_it() -> None:
    channels = current_documents()["school"]["channels"]
    sent = channels["samspil.school.case-events:send"]["description"]
    for contract in CARRIED["samspil.school.case-events"]:
        assert f"`{schema_name(contract)}`" in sent
    payload = channels["samspil.school.case-events:send"]["messages"]["Message"]
    assert payload == {"$ref": "#/components/messages/samspil.school.case-events:send:Message"}


class _Captured:
    """Stands in for the broker, keeping what a dead letter was published as."""

    def __init__(self) -> None:
        self.published: list[tuple[bytes, dict[str, str]]] = []

    async def publish(
        self, body: bytes, topic: str, *, key: bytes | None, headers: dict[str, str]
    ) -> None:
        self.published.append((body, headers))


async def test_a_dead_letter_is_as_the_document_describes_it() -> None:
    channel = current_documents()["ssp"]["channels"]["samspil.ssp.dead-letter:send"]
    described = set(re.findall(r"`(samspil-[a-z-]+)`", channel["description"]))
    origin = {
        "samspil-origin-topic": "samspil.school.case-events",
        "samspil-origin-partition": "0",
        "samspil-origin-offset": "7",
    }
    broker = _Captured()
    for raw in (b'{"not": "sealed"}', b"x" * (MAX_MESSAGE_BYTES + 1)):
        await send_to_dead_letter(
            cast(KafkaBroker, broker),
            "samspil.ssp.dead-letter",
            raw=raw,
            key=None,
            reason="invalid",
            origin=origin,
        )
    (kept, kept_headers), (referred, referred_headers) = broker.published
    assert kept == b'{"not": "sealed"}'
    assert kept_headers["samspil-dead-letter-kind"] == "message"
    assert referred_headers["samspil-dead-letter-kind"] == "reference"
    DeadLetterReference.model_validate_json(referred)
    assert set(kept_headers) | set(referred_headers) == described


def test_the_server_is_the_broker_docker_compose_runs() -> None:
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert f"SAMSPIL_KAFKA_BOOTSTRAP: {KAFKA_SERVER}" in compose
