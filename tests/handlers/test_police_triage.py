"""The police inbox shows what the police need to triage, and follows the school's case."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.persistence import Tracking

from contracts.case_events import (
    CaseAssessedV1,
    CaseAssessedV2,
    PoliceNotifiedV2,
    PoliceReportFiledV1,
    PoliceReportFiledV2,
    Provision,
    ProvisionV2,
)
from contracts.sealed import case_transport_key
from contracts.topics import SCHOOL_CASE_EVENTS
from domain.case_facts import ReportFiler
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Track
from domain.handling_model import Provision as DomainProvision
from infra.key_exchange import TransportKeys
from infra.sealing import seal
from tests.handlers.conftest import Harness
from tests.handlers.test_inbound import only_receipts
from tests.messages import envelope, notified, reported, wire

DISTRICT = PoliceDistrict.OESTJYLLAND


def notified_v2(position: int, case_id: uuid.UUID, notification_id: uuid.UUID) -> PoliceNotifiedV2:
    return PoliceNotifiedV2(
        **notified(position, case_id, notification_id).model_dump(exclude={"schema_version"}),
        level=2,
        context=Context.B_THREATS_ABUSE_REVENGE,
        track=Track.PEDAGOGICAL,
        provisions=[ProvisionV2.EXTORTION],
        police_report_filed=False,
    )


def assessed(position: int, case_id: uuid.UUID, level: int) -> CaseAssessedV1:
    return CaseAssessedV1(
        **envelope(position, case_id), level=level, context="B", track="police_case"
    )


def report_filed(position: int, case_id: uuid.UUID) -> PoliceReportFiledV2:
    return PoliceReportFiledV2(
        **envelope(position, case_id), filed_by=ReportFiler.PARENTS, provision=ProvisionV2.EXTORTION
    )


async def publish(broker: Any, police: Any, *events: Any) -> None:
    for event in events:
        key = str(event.case_id).encode()
        await broker.publish(wire(event, police), SCHOOL_CASE_EVENTS, key=key)


async def test_a_notification_shows_level_context_track_provisions_and_report(
    harness: Harness,
) -> None:
    police, broker, dead = await harness("police_liaison")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    await publish(broker, police, notified_v2(5, case_id, notification_id))

    (item,) = police.inbox(DISTRICT).items
    assert (item.level, item.context, item.track) == (
        Level.TWO,
        Context.B_THREATS_ABUSE_REVENGE,
        Track.PEDAGOGICAL,
    )
    assert item.provisions == [DomainProvision.EXTORTION]
    assert (item.victim_is_minor, item.police_report_filed) == (True, False)
    assert dead == []


async def test_the_entry_follows_the_schools_reassessment_and_report(harness: Harness) -> None:
    police, broker, dead = await harness("police_liaison")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    await publish(broker, police, notified_v2(5, case_id, notification_id))
    await publish(broker, police, assessed(8, case_id, 4), report_filed(9, case_id))

    item = police.repository.get(notification_id)
    assert (item.level, item.track) == (Level.FOUR, Track.POLICE_CASE)
    assert item.police_report_filed is True
    assert item.provisions == [DomainProvision.EXTORTION], "as assessed when notified"
    (listed,) = police.inbox(DISTRICT).items
    assert listed.level is Level.FOUR, "the inbox page shows the new level"

    before = police.recorder.max_notification_id()
    await publish(broker, police, assessed(6, case_id, 1))  # older news, delivered late
    assert police.repository.get(notification_id).level is Level.FOUR
    assert only_receipts(police, after=before) == [Tracking("school", 6)], "nothing else"
    assert dead == []


async def test_a_version_2_assessment_brings_the_provisions_named_now(harness: Harness) -> None:
    police, broker, dead = await harness("police_liaison")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    await publish(broker, police, notified_v2(5, case_id, notification_id))
    reassessed = CaseAssessedV2(
        **envelope(8, case_id),
        level=4,
        context="B",
        track="police_case",
        provisions=[ProvisionV2.EXTORTION, ProvisionV2.SHARING_PRIVATE_IMAGES],
    )
    await publish(broker, police, reassessed)
    item = police.repository.get(notification_id)
    assert item.provisions == [DomainProvision.EXTORTION, DomainProvision.SHARING_PRIVATE_IMAGES]
    assert item.level is Level.FOUR and dead == []


async def test_every_notification_of_the_case_is_updated(harness: Harness) -> None:
    police, broker, _ = await harness("police_liaison")
    case_id, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await publish(broker, police, notified_v2(5, case_id, first), notified_v2(7, case_id, second))
    await publish(broker, police, assessed(9, case_id, 3))

    assert [police.repository.get(n).level for n in (first, second)] == [Level.THREE] * 2


async def test_news_of_a_case_never_notified_is_not_opened_and_records_nothing(
    harness: Harness,
) -> None:
    police, broker, dead = await harness("police_liaison")
    asked: list[str] = []

    async def school_grants(key_id: str) -> bytes:
        """The school would hand the key over: opening is up to the police."""
        asked.append(key_id)
        return bytes(32)

    police.transport_keys = TransportKeys(police.data_keys, police.workers, fetch=school_grants)
    notified_case, other_case = uuid.uuid4(), uuid.uuid4()
    await publish(broker, police, notified_v2(5, notified_case, uuid.uuid4()))
    before = police.recorder.max_notification_id()

    key_id = case_transport_key(other_case)
    for event in (assessed(6, other_case, 4), report_filed(7, other_case)):
        sealed = seal(event, key_id=key_id, key=bytes(32))
        await broker.publish(sealed.model_dump_json().encode(), SCHOOL_CASE_EVENTS)

    assert asked == [], "the other case's key was never asked for: its news stays sealed"
    assert police.recorder.max_notification_id() == before, "not even a receipt"
    assert not police.data_keys.holds(key_id)
    assert dead == []

    await publish(broker, police, assessed(8, notified_case, 4))
    assert police.recorder.max_notification_id() > before, "its own case's news is applied"


async def test_a_notification_of_version_1_is_still_read_and_says_nothing_it_was_not_told(
    harness: Harness,
) -> None:
    police, broker, dead = await harness("police_liaison")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    await publish(broker, police, notified(5, case_id, notification_id))
    (item,) = police.inbox(DISTRICT).items
    assert (item.level, item.provisions, item.police_report_filed) == (None, None, None)

    old_report = PoliceReportFiledV1(
        **envelope(6, case_id), filed_by=ReportFiler.SCHOOL, provision=Provision.INDECENCY
    )
    await publish(broker, police, old_report, assessed(7, case_id, 3))
    item = police.repository.get(notification_id)
    assert (item.level, item.police_report_filed, item.provisions) == (Level.THREE, True, None)
    assert dead == []


async def test_ssp_still_sees_the_police_notified_in_version_2(harness: Harness) -> None:
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    await publish(broker, ssp, reported(1, case_id), notified_v2(2, case_id, uuid.uuid4()))

    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.police_notified_at is not None
    assert dead == []
