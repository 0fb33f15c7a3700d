"""Each service serves its AsyncAPI document, the exported one, naming exactly its topics."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from contracts.carried import CARRIED
from infra.settings import ServiceName
from services.cli.asyncapi import ASYNCAPI_DIR, REGENERATE
from services.run.blueprints import BLUEPRINTS
from tests.api.conftest import Built

SERVICES: list[ServiceName] = ["school", "ssp", "police_liaison"]


@pytest.mark.parametrize("name", SERVICES)
def test_the_served_document_is_the_exported_one(
    service: Callable[..., Built], name: ServiceName
) -> None:
    _, http = service(name)
    answer = http.get("/asyncapi.json")  # no token, like /openapi.json
    assert answer.status_code == 200
    exported = json.loads((ASYNCAPI_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert answer.json() == exported, f"contracts/asyncapi/{name}.json is out of date: {REGENERATE}"
    assert "/asyncapi.json" not in http.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize("name", SERVICES)
def test_the_document_names_exactly_the_topics_the_service_uses(
    service: Callable[..., Built], name: ServiceName
) -> None:
    running, http = service(name)
    operations = http.get("/asyncapi.json").json()["operations"]
    channels = http.get("/asyncapi.json").json()["channels"]

    def addresses(action: str) -> set[str]:
        return {
            channels[op["channel"]["$ref"].rsplit("/", 1)[1]]["address"]
            for op in operations.values()
            if op["action"] == action
        }

    subscribed = {topic.name for sub in running.broker.subscribers for topic in sub.topics}  # type: ignore[attr-defined]
    assert addresses("receive") == subscribed
    assert addresses("receive") | addresses("send") == set(running.all_topics)


@pytest.mark.parametrize("name", SERVICES)
def test_a_service_expects_only_kinds_carried_on_the_topics_it_reads(
    service: Callable[..., Built], name: ServiceName
) -> None:
    running, _ = service(name)
    for subscription in BLUEPRINTS[name].subscriptions(running.app):
        assert set(subscription.handlers) <= set(CARRIED[subscription.topic])
