"""A stored event the relay cannot translate holds back neither the topic nor its own case.

The relay runs on the school's real encrypted store; the broker is a list of what was
published. One case's events fail to translate (as a defect its content triggers would):
after a few tries they are set aside, the other case's messages go out, and once the
defect is fixed the next start of the relay publishes them, in their order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

from contracts.registry import parse_sealed
from infra.outbox_relay import TRANSLATION_ATTEMPTS, OutboundMessage, OutboxRelay
from infra.relay_position import RelayPositions
from infra.relay_set_aside import RelaySetAside
from services.cli.main import main
from services.school.outbound import case_event_translator
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF
from tests.system import a_report

TOPIC = "samspil.school.case-events"


class Topics:
    """The broker's topic id never changes here: no republishing from the start."""

    def topic_id(self, topic: str) -> str:
        return "topic-1"


class Defect:
    """Translation fails for one case's events while ``present``."""

    def __init__(self, case_id: UUID) -> None:
        self.case_id = case_id
        self.present = True


def relay_for(built: Built, defect: Defect, published: list[tuple[UUID, str]]) -> OutboxRelay:
    school = built[0].app
    translate = case_event_translator(school)

    def translating(notification: Notification) -> OutboundMessage | None:
        if defect.present and notification.originator_id == defect.case_id:
            raise ValueError("a defect this case's content triggers")
        return translate(notification)

    async def publish(topic: str, messages: Sequence[OutboundMessage]) -> None:
        for message in messages:
            sealed = parse_sealed(message.value)
            published.append((sealed.case_id, sealed.event_type))

    return OutboxRelay(
        recorder=school.recorder,
        workers=school.workers,
        topic=TOPIC,
        translate=translating,
        publish=publish,
        positions=RelayPositions(school.store_sql),
        set_aside=RelaySetAside(school.store_sql),
        topics=Topics(),  # type: ignore[arg-type]
        poll_seconds=0.01,
    )


def report(built: Built) -> UUID:
    http = built[1]
    case_id = UUID(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"])
    return case_id


def inform_parents(built: Built, case_id: UUID) -> None:
    built[1].post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)


async def publish_until_set_aside(relay: OutboxRelay) -> None:
    for _ in range(TRANSLATION_ATTEMPTS - 1):
        with pytest.raises(ValueError):
            await relay.publish_pending()
    await relay.publish_pending()


async def run_until(relay: OutboxRelay, done: Callable[[], bool]) -> None:
    task = asyncio.create_task(relay.run())
    try:
        async with asyncio.timeout(10):
            while not done():
                await asyncio.sleep(0.01)
    finally:
        task.cancel()


async def test_an_untranslatable_case_is_set_aside_and_published_in_order_once_fixed(
    service: Callable[..., Built],
) -> None:
    built = service("school")
    broken, healthy = report(built), report(built)
    inform_parents(built, broken)
    inform_parents(built, healthy)
    defect = Defect(broken)
    published: list[tuple[UUID, str]] = []

    await publish_until_set_aside(relay_for(built, defect, published))

    assert published == [(healthy, "CaseReported"), (healthy, "ParentsInformed")]
    kept = RelaySetAside(built[0].app.store_sql).listed(TOPIC)
    assert [item.originator_id for item in kept] == [broken, broken]
    assert kept[0].reason.startswith("ValueError at ")
    assert f"{TRANSLATION_ATTEMPTS} attempts" in kept[0].reason
    assert kept[1].reason == f"behind notification {kept[0].notification_id}, set aside"

    defect.present = False
    restarted = relay_for(built, defect, published)
    await run_until(restarted, lambda: len(published) == 4)

    assert published[2:] == [(broken, "CaseReported"), (broken, "ParentsInformed")]
    assert RelaySetAside(built[0].app.store_sql).listed(TOPIC) == []


async def test_a_case_still_broken_after_a_restart_stays_behind_its_first_event(
    service: Callable[..., Built],
) -> None:
    built = service("school")
    broken = report(built)
    defect = Defect(broken)
    published: list[tuple[UUID, str]] = []
    await publish_until_set_aside(relay_for(built, defect, published))

    restarted = relay_for(built, defect, published)
    task = asyncio.create_task(restarted.run())
    inform_parents(built, broken)  # a later event of the broken case, after the restart
    healthy = report(built)
    try:
        async with asyncio.timeout(10):
            while (healthy, "CaseReported") not in published:
                await asyncio.sleep(0.01)
    finally:
        task.cancel()

    assert published == [(healthy, "CaseReported")], "the broken case's later event waits"
    kept = RelaySetAside(built[0].app.store_sql).listed(TOPIC)
    assert [item.originator_id for item in kept] == [broken, broken]


async def test_the_operator_lists_what_is_set_aside_and_why(
    service: Callable[..., Built],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = service("school")
    broken = report(built)
    await publish_until_set_aside(relay_for(built, Defect(broken), []))

    monkeypatch.setenv("SAMSPIL_DATA_DIR", str(tmp_path))
    status = main(["relay", "set-aside", "--service", "school"])

    printed = capsys.readouterr().out
    assert status == 1, "set-aside events are a fault the operator must see"
    assert str(broken) in printed and "ValueError at " in printed
    assert "school: 1 notification(s) set aside by the relay." in printed
