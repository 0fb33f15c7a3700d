"""Generated requests against each service's OpenAPI document (schemathesis).

Every operation gets requests made from its schema (valid ones, and ones that break
it on purpose), sent with a valid token of a role
that fits it and aimed at records that exist, so they reach the commands and views
rather than stopping at a 404. Whatever the generated input, no answer is a server
error, and every documented answer has the documented shape and content type.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from eventsourcing.persistence import Tracking
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from contracts.key_exchange import PSEUDONYM_KEY
from infra.key_exchange import KEY_EXCHANGE_PATH
from tests.identities import bearer
from tests.messages import notified
from tests.system import a_report

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES_PER_OPERATION = 16


def fitting_token(path: str) -> dict[str, str]:
    """A professional whose role and organisation fit the operation's records."""
    if path.startswith("/audit/retention"):
        return bearer("dpo", "databeskyttelse", "Frederiksberg")
    if path.startswith("/audit"):
        return bearer("revisor", "auditor", "Frederiksberg")
    if path.startswith("/districts"):
        return bearer("betjent", "politi", "koebenhavn")
    if path.startswith(("/municipalities", "/clusters", "/statistics")):
        return bearer("ssp", "ssp_konsulent", "Frederiksberg")
    return bearer("leder", "ledelse", "Frederiksberg Skole")


class WithoutLifespan:
    """The service's HTTP app without its lifespan, which would start the Kafka side."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})


@pytest.fixture(params=["school", "ssp", "police_liaison"])
def api(request: pytest.FixtureRequest, service: Any) -> Iterator[Any]:
    running, http = service(request.param)
    records: dict[str, str] = {"municipality": "Frederiksberg", "police_district": "koebenhavn"}
    if request.param == "school":
        running.app.data_keys.import_key(PSEUDONYM_KEY, bytes(32))
        created = http.post("/cases", json=a_report(), headers=fitting_token("/cases"))
        records["case_id"] = created.json()["case_id"]
    if request.param == "police_liaison":
        notification = notified(1, uuid.uuid4(), uuid.uuid4())
        local = notification.model_validate(
            {**notification.model_dump(), "police_district": "koebenhavn"}
        )
        app = running.app
        app.save_tracked(Tracking("school", 1), *app.on_police_notified(local))
        records["notification_id"] = str(local.police_notification_id)
    schema = schemathesis.openapi.from_asgi("/openapi.json", WithoutLifespan(running.http))
    yield schema, records


def test_no_generated_request_makes_a_server_error(api: Any) -> None:
    schema, records = api
    exercised = 0
    for found in schema.get_all_operations():
        operation = found.ok()
        if operation.path in ("/health", KEY_EXCHANGE_PATH):
            continue

        @given(case=st.one_of(operation.as_strategy(mode) for mode in GenerationMode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_well(case: Any) -> None:
            for name in case.path_parameters or {}:
                if name in records:
                    case.path_parameters[name] = records[name]
            case.call_and_validate(headers=fitting_token(case.path), checks=CHECKS)

        answers_well()
        exercised += 1
    assert exercised >= 5
