"""Handlers over faststream's in-memory test broker: exactly once, and dead letters."""

from __future__ import annotations

import base64
import json
import os
import uuid
import warnings
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Tracking

from contracts.case_events import (
    CaseAssessedV1,
    CaseReportedV1,
    ParentsInvolvementDeferredV1,
)
from contracts.deadline_events import (
    DeadlineKindV2,
    DeadlineMissedV1,
    DeadlineMissedV2,
    OverdueDeadlineMetV1,
    OverdueDeadlineMetV2,
    ResponsibleV1,
)
from contracts.envelope import ActorV1, IntegrationEvent
from contracts.police_events import EvidenceDecisionV1, PoliceNotificationAcknowledgedV1
from contracts.sealed import SealedEventV1, case_transport_key
from contracts.topics import POLICE_CASE_EVENTS, SCHOOL_CASE_EVENTS
from domain.actors import Role
from domain.deadlines.kinds import DeadlineKind
from domain.geography import PoliceDistrict
from domain.handling_model import Context, Level, Track
from infra.receipts import Receipt
from infra.sealing import seal
from tests.builders import HEAD, MATERIAL_FOR_LEVEL
from tests.handlers.conftest import Harness
from tests.messages import envelope, notified, reported, wire


def only_receipts(app: Any, after: int = 0) -> list[Tracking]:
    """What the records after ``after`` receipt, provided they are all receipts."""
    notifications = app.recorder.select_notifications(after + 1, 99)
    stored = [app.mapper.to_domain_event(n) for n in notifications]
    assert all(isinstance(e, Receipt.Recorded) for e in stored), stored
    return [Tracking(e.upstream, e.position) for e in stored]


async def test_ssp_files_a_reported_case_once_however_often_it_is_delivered(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    for _ in range(3):
        await broker.publish(
            wire(reported(1, case_id), ssp), SCHOOL_CASE_EVENTS, key=str(case_id).encode()
        )

    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.case_id == case_id
    assert case_file.version == 1
    # The case file opened; the overview and the list of all cases (for statistics)
    # started and the case added to each; the municipality's action plan started (its
    # yearly evaluation is scheduled from now on); the message's receipt: nothing more.
    assert ssp.recorder.max_notification_id() == 7
    assert only_receipts(ssp, after=6) == [Tracking("school", 1)]
    assert dead == []


async def test_ssp_ignores_other_municipalities_but_remembers_it_saw_them(harness: Harness) -> None:
    ssp, broker, _ = await harness("ssp", ssp_municipalities=["Aarhus"])
    await broker.publish(wire(reported(1, uuid.uuid4(), "Odense"), ssp), SCHOOL_CASE_EVENTS)
    assert ssp.overview("Odense").total == 0
    assert only_receipts(ssp) == [Tracking("school", 1)], "nothing but its receipt"
    assert ssp.is_applied(Tracking("school", 1))


async def test_a_malformed_message_goes_to_the_dead_letter_topic_and_the_consumer_carries_on(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness("ssp")
    bad_case = uuid.uuid4()
    fields = reported(1, bad_case).model_dump() | {"offence_category": "not-a-category"}
    with warnings.catch_warnings():  # pydantic warns when serialising the unchecked field
        warnings.simplefilter("ignore")
        bad = wire(CaseReportedV1.model_construct(**fields), ssp)
    await broker.publish(bad, SCHOOL_CASE_EVENTS)
    await broker.publish(b"\x00\x01 not json", SCHOOL_CASE_EVENTS)
    good_case = uuid.uuid4()
    await broker.publish(wire(reported(2, good_case), ssp), SCHOOL_CASE_EVENTS)

    assert [f.case_id for f in ssp.overview("Aarhus").items] == [good_case]
    assert len(dead) == 2
    (first_body, first_headers), (second_body, _) = dead
    assert first_body == bad, "the message is kept as it was sent"
    reason = first_headers["samspil-dead-letter-reason"]
    assert "offence_category" in reason
    assert "not-a-category" not in reason, "reasons name fields, not their content"
    assert first_headers["samspil-origin-topic"] == SCHOOL_CASE_EVENTS
    assert second_body == b"\x00\x01 not json"


async def test_police_files_a_notification_in_the_district_inbox_once(harness: Harness) -> None:
    police, broker, _ = await harness("police_liaison")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    raw = wire(notified(4, case_id, notification_id), police)
    await broker.publish(raw, SCHOOL_CASE_EVENTS)
    await broker.publish(raw, SCHOOL_CASE_EVENTS)

    (item,) = police.inbox(PoliceDistrict.OESTJYLLAND).items
    assert item.notification_id == notification_id
    assert item.case_description == "Pupil groomed by an adult online."
    assert police.inbox(PoliceDistrict.FYN).total == 0


def _acknowledgement(case_id: uuid.UUID) -> PoliceNotificationAcknowledgedV1:
    return PoliceNotificationAcknowledgedV1(
        event_id=IntegrationEvent.make_event_id("police_liaison", 1),
        source="police_liaison",
        source_position=1,
        case_id=case_id,
        occurred_at=datetime.now(UTC),
        actor=ActorV1(person_id="betjent", role=Role.POLITI, organisation="Østjyllands Politi"),
        police_notification_id=uuid.uuid4(),
        police_district="oestjylland",
    )


async def test_an_acknowledgement_the_domain_refuses_is_dead_lettered(harness: Harness) -> None:
    school, broker, dead = await harness("school")
    case = school.report_case(
        institution="Skolen",
        municipality="Aarhus",
        police_district=PoliceDistrict.OESTJYLLAND,
        offence_category="sextortion",
        victim_is_minor=True,
        description="Pupil blackmailed with images.",
        actor=HEAD,
    )
    reported_up_to = school.recorder.max_notification_id() or 0
    # of a notification this case never sent
    await broker.publish(wire(_acknowledgement(case.id), school), POLICE_CASE_EVENTS)
    assert len(dead) == 1
    assert "unknownpolicenotification" in dead[0][1]["samspil-dead-letter-reason"].lower()
    assert only_receipts(school, after=reported_up_to) == [Tracking("police_liaison", 1)], (
        "nothing but its receipt"
    )


async def test_news_of_a_case_another_school_deployment_holds_is_skipped_unopened(
    harness: Harness,
) -> None:
    """Two school deployments read the police's topic: each skips the other's cases."""
    school, broker, dead = await harness("school")
    raw = wire(_acknowledgement(uuid.uuid4()), school)
    await broker.publish(raw, POLICE_CASE_EVENTS)
    assert dead == [] and only_receipts(school) == [], "neither refused nor recorded"


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
        await broker.publish(wire(decided, school), POLICE_CASE_EVENTS)
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
    await broker.publish(wire(reported(1, case_id), ssp), SCHOOL_CASE_EVENTS)
    deferred = ParentsInvolvementDeferredV1(**envelope(2, case_id))
    assessed = CaseAssessedV1(**envelope(3, case_id), level=3, context="B", track="police_case")
    for event in (deferred, assessed):
        await broker.publish(wire(event, ssp), SCHOOL_CASE_EVENTS)

    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.parents_involvement_deferred is True
    assert (case_file.level, case_file.track) == (Level.THREE, Track.POLICE_CASE)


async def test_an_unsealed_event_is_refused_whatever_it_says(harness: Harness) -> None:
    ssp, broker, dead = await harness("ssp")
    plain = reported(1, uuid.uuid4()).model_dump_json().encode()
    await broker.publish(plain, SCHOOL_CASE_EVENTS)

    assert ssp.overview("Aarhus").total == 0
    ((body, headers),) = dead
    assert body == plain
    assert "ciphertext: Field required" in headers["samspil-dead-letter-reason"]


async def test_a_message_sealed_with_another_key_or_with_altered_clear_fields_is_refused(
    harness: Harness,
) -> None:
    """Refused without a trace: it cannot mark the genuine event at its position as applied."""
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    ssp.data_keys.key(case_transport_key(case_id), create=True)
    forged = seal(reported(1, case_id), key_id=case_transport_key(case_id), key=bytes(32))
    await broker.publish(forged.model_dump_json().encode(), SCHOOL_CASE_EVENTS)
    moved = json.loads(wire(reported(2, case_id), ssp)) | {"source_position": 3}
    await broker.publish(json.dumps(moved).encode(), SCHOOL_CASE_EVENTS)

    assert ssp.overview("Aarhus").total == 0
    reasons = [headers["samspil-dead-letter-reason"] for _, headers in dead]
    assert reasons == ["SealBroken: the sealed event does not open with its transport key"] * 2
    assert "Skolen" not in "".join(reasons)
    assert ssp.recorder.max_notification_id() is None

    await broker.publish(wire(reported(1, case_id), ssp), SCHOOL_CASE_EVENTS)
    assert ssp.overview("Aarhus").total == 1, "the genuine event is applied"


async def test_a_message_about_a_case_erased_here_applies_nothing_and_is_not_poison(
    harness: Harness,
) -> None:
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    late = wire(reported(1, case_id), ssp)
    ssp.data_keys.destroy(case_transport_key(case_id))
    before = ssp.recorder.max_notification_id()
    await broker.publish(late, SCHOOL_CASE_EVENTS)

    assert ssp.overview("Aarhus").total == 0
    assert ssp.recorder.max_notification_id() == before
    assert dead == [], "an erased case's message is not poison"


async def test_events_a_service_does_not_handle_are_skipped_without_being_opened(
    harness: Harness,
) -> None:
    police, broker, dead = await harness("police_liaison")
    sealed = seal(reported(1, uuid.uuid4()), key_id=case_transport_key(uuid.uuid4()), key=bytes(32))
    await broker.publish(sealed.model_dump_json().encode(), SCHOOL_CASE_EVENTS)

    assert police.recorder.max_notification_id() is None
    assert dead == []


async def test_a_message_whose_tracking_row_was_lost_is_still_not_applied_twice(
    harness: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    message = wire(reported(1, case_id), ssp)
    await broker.publish(message, SCHOOL_CASE_EVENTS, key=str(case_id).encode())
    stored = ssp.recorder.max_notification_id()
    sql = ssp.store_sql
    sql.execute(f"DELETE FROM {{schema}}{sql.tracking_table}")  # as a tampering would
    assert not ssp.is_applied(Tracking("school", 1))

    await broker.publish(message, SCHOOL_CASE_EVENTS, key=str(case_id).encode())

    assert ssp.recorder.max_notification_id() == stored, "its receipt says it was applied"
    assert ssp.overview("Aarhus").total == 1
    assert dead == []
    assert "inbound.failed" not in capsys.readouterr().out, "a duplicate, not a failure"


async def test_a_follow_up_before_its_report_is_applied_when_it_comes_again_in_order(
    harness: Harness,
) -> None:
    """After a broker lost its data, a batch in flight can reach the new broker before the
    relay publishes the stream again from the start: SSP then sees a case's police
    notification before its report, and later both again, in order."""
    ssp, broker, dead = await harness("ssp")
    case_id, notification_id = uuid.uuid4(), uuid.uuid4()
    key = str(case_id).encode()
    early = wire(notified(2, case_id, notification_id), ssp)
    await broker.publish(early, SCHOOL_CASE_EVENTS, key=key)
    assert not ssp.is_applied(Tracking("school", 2)), "not tracked: nothing was applied"
    await broker.publish(wire(reported(1, case_id), ssp), SCHOOL_CASE_EVENTS, key=key)
    await broker.publish(early, SCHOOL_CASE_EVENTS, key=key)
    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.police_notified_at is not None
    assert ssp.is_applied(Tracking("school", 2)) and dead == []


async def test_ssp_sees_a_schools_overdue_step_until_it_is_done(harness: Harness) -> None:
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    key = str(case_id).encode()
    await broker.publish(wire(reported(1, case_id), ssp), SCHOOL_CASE_EVENTS, key=key)
    common = envelope(2, case_id) | {"actor": None}
    missed = DeadlineMissedV1(
        **common,
        key="parents_informed",
        kind=DeadlineKind.PARENTS_INFORMED,
        due=datetime.now(UTC),
        responsible=Role.LEDELSE,
    )
    await broker.publish(wire(missed, ssp), SCHOOL_CASE_EVENTS, key=key)
    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.overdue == {"parents_informed": DeadlineKind.PARENTS_INFORMED}
    met = OverdueDeadlineMetV1(
        **envelope(3, case_id), key="parents_informed", kind=DeadlineKind.PARENTS_INFORMED
    )
    await broker.publish(wire(met, ssp), SCHOOL_CASE_EVENTS, key=key)
    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.overdue == {} and dead == []


async def test_ssp_sees_a_missing_underretning_receipt_until_the_case_system_records_it(
    harness: Harness,
) -> None:
    """A kind version 1 does not know crosses as version 2; met by the authority's case
    system, the step is cleared without naming a professional."""
    ssp, broker, dead = await harness("ssp")
    case_id = uuid.uuid4()
    key = str(case_id).encode()
    await broker.publish(wire(reported(1, case_id), ssp), SCHOOL_CASE_EVENTS, key=key)
    missed = DeadlineMissedV2(
        **envelope(2, case_id) | {"actor": None},
        key="underretning_received",
        kind=DeadlineKindV2.UNDERRETNING_RECEIVED,
        due=datetime.now(UTC),
        responsible=ResponsibleV1.LEDELSE,
    )
    await broker.publish(wire(missed, ssp), SCHOOL_CASE_EVENTS, key=key)
    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.overdue == {"underretning_received": DeadlineKind.UNDERRETNING_RECEIVED}
    met = OverdueDeadlineMetV2(
        **envelope(3, case_id) | {"actor": None},
        key="underretning_received",
        kind=DeadlineKindV2.UNDERRETNING_RECEIVED,
    )
    await broker.publish(wire(met, ssp), SCHOOL_CASE_EVENTS, key=key)
    (case_file,) = ssp.overview("Aarhus").items
    assert case_file.overdue == {} and dead == []


async def test_two_deployments_notification_at_one_position_are_two_and_a_v1_message_is_read(
    harness: Harness,
) -> None:
    """Tracked by deployment: Gentofte's school's notification 1 is not Frederiksberg's;
    a message sealed before deployments had ids is still applied; and a deployment name
    moved onto another's message breaks the seal."""
    ssp, broker, dead = await harness("ssp")

    def sealed_by(position: int, deployment: str) -> bytes:
        case_id = uuid.uuid4()
        key_id = case_transport_key(case_id)
        key = ssp.data_keys.key(key_id, create=True)
        event = reported(position, case_id)
        return seal(event, key_id=key_id, key=key, deployment=deployment).model_dump_json().encode()

    await broker.publish(sealed_by(1, "school.frederiksberg"), SCHOOL_CASE_EVENTS)
    await broker.publish(sealed_by(1, "school.gentofte"), SCHOOL_CASE_EVENTS)
    assert ssp.overview("Aarhus").total == 2, "one position, two deployments: two reports"

    await broker.publish(_sealed_as_v1(reported(2, uuid.uuid4()), ssp), SCHOOL_CASE_EVENTS)
    assert ssp.overview("Aarhus").total == 3, "a message from before deployments is read"

    moved = json.loads(sealed_by(3, "school.gentofte")) | {"deployment": "school.hjoerring"}
    await broker.publish(json.dumps(moved).encode(), SCHOOL_CASE_EVENTS)
    assert ssp.overview("Aarhus").total == 3
    assert [h["samspil-dead-letter-reason"].split(":")[0] for _, h in dead] == ["SealBroken"]


def _sealed_as_v1(event: Any, receiver: Any) -> bytes:
    """As a school sealed its events before deployments had ids (``Sealed.v1``)."""
    key_id = case_transport_key(event.case_id)
    key = receiver.data_keys.key(key_id, create=True)
    nonce = os.urandom(12)
    header = SealedEventV1(
        event_type=event.event_type,
        schema_version=event.schema_version,
        event_id=event.event_id,
        source=event.source,
        source_position=event.source_position,
        case_id=event.case_id,
        key_id=key_id,
        nonce=base64.b64encode(nonce).decode(),
        ciphertext="A" * 24,
    )
    sealed = AESGCM(key).encrypt(nonce, event.model_dump_json().encode(), header.associated_data())
    v1 = header.model_copy(update={"ciphertext": base64.b64encode(sealed).decode()})
    return v1.model_dump_json().encode()


async def test_a_police_deployment_skips_unopened_what_is_for_another_district(
    harness: Harness,
) -> None:
    """Nordjylland's police read the same topic as Copenhagen's: a notification addressed
    to Copenhagen is neither opened (no key is asked for) nor tracked; one addressed to
    Nordjylland is filed."""
    police, broker, dead = await harness(
        "police_liaison", police_districts=[PoliceDistrict.NORDJYLLAND]
    )
    asked: list[str] = []

    async def fetch(key_id: str, owner: str | None) -> Any:
        asked.append(key_id)
        raise AssertionError("a message for another district is never opened")

    police.transport_keys._fetch = fetch
    for position, district in ((1, "koebenhavn"), (2, "nordjylland")):
        event = notified(position, uuid.uuid4(), uuid.uuid4()).model_copy(
            update={"police_district": PoliceDistrict(district)}
        )
        key_id = case_transport_key(event.case_id)
        mine = district == "nordjylland"  # as if its key was handed over already
        sealed = seal(
            event,
            key_id=key_id,
            key=police.data_keys.key(key_id, create=True) if mine else os.urandom(32),
            deployment="school.x",
            audience=(f"police_district:{district}",),
        )
        await broker.publish(sealed.model_dump_json().encode(), SCHOOL_CASE_EVENTS)
    assert asked == [] and dead == []
    assert police.inbox(PoliceDistrict.NORDJYLLAND).total == 1
    assert police.is_applied(Tracking("school.x", 2))
    assert not police.is_applied(Tracking("school.x", 1)), "skipped, not tracked"
