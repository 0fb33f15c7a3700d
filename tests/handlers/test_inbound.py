"""Handlers over faststream's in-memory test broker: exactly once, and dead letters."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import Tracking
from faststream.kafka import KafkaMessage, TestKafkaBroker

from contracts.case_events import (
    CaseAssessedV1,
    CaseReportedV1,
    ParentsInvolvementDeferredV1,
    PoliceNotifiedV1,
)
from contracts.envelope import ActorV1, IntegrationEvent
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from contracts.topics import POLICE_CASE_EVENTS, SCHOOL_CASE_EVENTS, dead_letter_topic
from domain.actors import Role
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Track
from infra.settings import ServiceName, Settings
from services.kit.service import RunningService, build
from services.registry import BLUEPRINTS
from tests.builders import HEAD, MATERIAL_FOR_LEVEL
from tests.identities import PUBLIC_KEY_FILE

TEACHER = ActorV1(person_id="laerer-anna", role=Role.RESSOURCEPERSON, organisation="Skolen")


def envelope(position: int, case_id: uuid.UUID) -> dict[str, Any]:
    return {
        "event_id": IntegrationEvent.make_event_id("school", position),
        "source": "school",
        "source_position": position,
        "case_id": case_id,
        "occurred_at": datetime.now(UTC),
        "actor": TEACHER,
    }


def reported(position: int, case_id: uuid.UUID, municipality: str = "Aarhus") -> bytes:
    return (
        CaseReportedV1(
            **envelope(position, case_id),
            institution="Skolen",
            municipality=municipality,
            police_district="oestjylland",
            offence_category="grooming",
            victim_is_minor=True,
        )
        .model_dump_json()
        .encode()
    )


def notified(position: int, case_id: uuid.UUID, notification_id: uuid.UUID) -> bytes:
    return (
        PoliceNotifiedV1(
            **envelope(position, case_id),
            police_notification_id=notification_id,
            police_district="oestjylland",
            institution="Skolen",
            municipality="Aarhus",
            offence_category="grooming",
            victim_is_minor=True,
            case_description="Pupil groomed by an adult online.",
        )
        .model_dump_json()
        .encode()
    )


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


async def test_ssp_files_a_reported_case_once_however_often_it_is_delivered(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    for _ in range(3):
        await broker.publish(reported(1, case_id), SCHOOL_CASE_EVENTS, key=str(case_id).encode())

    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.case_id == case_id
    assert case_file.version == 1
    # The case file opened, the overview started and the case added to it: nothing more.
    assert ssp.recorder.max_notification_id() == 3
    assert dead == []


async def test_ssp_ignores_other_municipalities_but_remembers_it_saw_them(harness: Harness) -> None:
    ssp, broker, _ = await harness("ssp", ssp_municipalities=["Aarhus"])
    await broker.publish(reported(1, uuid.uuid4(), municipality="Odense"), SCHOOL_CASE_EVENTS)
    assert ssp.overview("Odense").total == 0
    assert ssp.recorder.max_notification_id() is None
    assert ssp.is_applied(Tracking("school", 1))


async def test_a_malformed_message_goes_to_the_dead_letter_topic_and_the_consumer_carries_on(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness("ssp")
    bad = json.loads(reported(1, uuid.uuid4()))
    bad["offence_category"] = "not-a-category"
    await broker.publish(json.dumps(bad).encode(), SCHOOL_CASE_EVENTS)
    await broker.publish(b"\x00\x01 not json", SCHOOL_CASE_EVENTS)
    good_case = uuid.uuid4()
    await broker.publish(reported(2, good_case), SCHOOL_CASE_EVENTS)

    assert [f.case_id for f in ssp.overview("Aarhus").items] == [good_case]
    assert len(dead) == 2
    (first_body, first_headers), (second_body, _) = dead
    assert json.loads(first_body) == bad, "the message is kept as it was sent"
    reason = first_headers["samspil-dead-letter-reason"]
    assert "offence_category" in reason
    assert "not-a-category" not in reason, "reasons name fields, not their content"
    assert first_headers["samspil-origin-topic"] == SCHOOL_CASE_EVENTS
    assert second_body == b"\x00\x01 not json"


async def test_police_files_a_notification_in_the_district_inbox_once(harness: Harness) -> None:
    police, broker, _ = await harness("police_liaison")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    raw = notified(4, case_id, notification_id)
    await broker.publish(raw, SCHOOL_CASE_EVENTS)
    await broker.publish(raw, SCHOOL_CASE_EVENTS)

    (item,) = police.inbox(PoliceDistrict.OESTJYLLAND).items
    assert item.notification_id == notification_id
    assert item.case_description == "Pupil groomed by an adult online."
    assert police.inbox(PoliceDistrict.FYN).total == 0


async def test_an_acknowledgement_the_domain_refuses_is_dead_lettered(harness: Harness) -> None:
    school, broker, dead = await harness("school")
    acknowledgement = PoliceNotificationAcknowledgedV1(
        event_id=IntegrationEvent.make_event_id("police_liaison", 1),
        source="police_liaison",
        source_position=1,
        case_id=uuid.uuid4(),
        occurred_at=datetime.now(UTC),
        actor=ActorV1(person_id="betjent", role=Role.POLITI, organisation="Østjyllands Politi"),
        police_notification_id=uuid.uuid4(),
        police_district="oestjylland",
    )
    await broker.publish(acknowledgement.model_dump_json().encode(), POLICE_CASE_EVENTS)
    assert len(dead) == 1
    assert "not found" in dead[0][1]["samspil-dead-letter-reason"].lower()
    assert school.recorder.max_notification_id() is None


async def test_the_police_evidence_decision_unblocks_removal_at_the_school(
    harness: Harness,
) -> None:
    school, broker, dead = await harness("school")
    case = school.report_case(
        institution="Skolen",
        municipality="Aarhus",
        police_district=PoliceDistrict.OESTJYLLAND,
        offence_category="sextortion",
        victim_is_minor=False,
        description="Adult pupil blackmailed with images.",
        actor=HEAD,
    )
    material, reaction = MATERIAL_FOR_LEVEL[Level.THREE]
    school.act(
        case.id,
        lambda c: c.assess(
            material=material,
            reaction=reaction,
            context=Context.B_THREATS_ABUSE_REVENGE,
            provisions=[],
            track=Track.POLICE_CASE,
            actor=HEAD,
        ),
    )
    _, notification_id = school.notify_police(case.id, HEAD)
    officer = ActorV1(person_id="betjent", role=Role.POLITI, organisation="Østjyllands Politi")

    for position, decision in ((1, "hold"), (2, "release"), (2, "release")):
        decided = EvidenceDecisionV1(
            event_id=IntegrationEvent.make_event_id("police_liaison", position),
            source="police_liaison",
            source_position=position,
            case_id=case.id,
            occurred_at=datetime.now(UTC),
            actor=officer,
            police_notification_id=notification_id,
            police_district="oestjylland",
            decision=decision,
        )
        await broker.publish(decided.model_dump_json().encode(), POLICE_CASE_EVENTS)
        if decision == "hold":
            assert school.get_case(case.id).waiting_for_police == (
                "the police have an evidence hold in place"
            )

    assert school.get_case(case.id).waiting_for_police is None
    history = [type(e).__name__ for e in school.history(case.id)]
    assert history[-2:] == ["EvidenceHoldSet", "EvidenceHoldLifted"], "the redelivery is dropped"
    assert dead == []


async def test_ssp_sees_the_value_jump_as_a_flag_and_the_assessed_level(harness: Harness) -> None:
    ssp, broker, _ = await harness("ssp")
    case_id = uuid.uuid4()
    await broker.publish(reported(1, case_id), SCHOOL_CASE_EVENTS)
    deferred = ParentsInvolvementDeferredV1(**envelope(2, case_id))
    assessed = CaseAssessedV1(**envelope(3, case_id), level=3, context="B", track="police_case")
    for event in (deferred, assessed):
        await broker.publish(event.model_dump_json().encode(), SCHOOL_CASE_EVENTS)

    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.parents_involvement_deferred is True
    assert (case_file.level, case_file.track) == (Level.THREE, Track.POLICE_CASE)
