"""SSP's advice reaches the school's case: the card's "Sparring med SSP-konsulenten" is done."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from contracts.coordination_events import SspAdviceGivenV1
from contracts.envelope import ActorV1, IntegrationEvent, Role
from contracts.registry import parse_event, parse_sealed
from contracts.topics import SCHOOL_CASE_EVENTS, SSP_COORDINATION_EVENTS
from domain.actors import Actor
from domain.actors import Role as DomainRole
from domain.case import Case
from domain.case_facts import Arrival, Outcome
from domain.checklist import checklist
from domain.checklist.items import Status
from domain.coordination import CoordinationStep, SspCaseFile
from domain.handling_model import Level
from infra.sealing import unseal
from services.ssp.outbound import coordination_translator
from tests.builders import HEAD, an_assessed_case
from tests.handlers.conftest import Harness
from tests.messages import reported, wire

CONSULTANT = ActorV1(person_id="ssp-eva", role=Role.SSP_KONSULENT, organisation="Frederiksberg")


def advice(position: int, case_id: uuid.UUID) -> SspAdviceGivenV1:
    return SspAdviceGivenV1(
        event_id=IntegrationEvent.make_event_id("ssp", position),
        source="ssp",
        source_position=position,
        case_id=case_id,
        occurred_at=datetime.now(UTC),
        actor=CONSULTANT,
    )


def sparring(case: Case) -> Any:
    (item,) = [i for i in checklist(case, date.today()) if i.key == "ssp_sparring"]
    return item


async def test_ssp_advice_ticks_the_sparring_item_with_the_consultant_once(
    harness: Harness,
) -> None:
    school, broker, dead = await harness("school")
    case = an_assessed_case(Level.TWO)
    school.save(case)
    assert sparring(school.get_case(case.id)).status is Status.RECOMMENDED

    message = wire(advice(7, case.id), school)
    await broker.publish(message, SSP_COORDINATION_EVENTS, key=str(case.id).encode())
    await broker.publish(message, SSP_COORDINATION_EVENTS, key=str(case.id).encode())

    item = sparring(school.get_case(case.id))
    assert item.status is Status.DONE
    assert item.done.actor == Actor("ssp-eva", DomainRole.SSP_KONSULENT, "Frederiksberg")
    received = [e for e in school.history(case.id) if isinstance(e, Case.SspAdviceReceived)]
    assert len(received) == 1, "a redelivered message is applied once"
    assert item.done.at == received[0].timestamp
    assert dead == []


async def test_ssp_advice_is_kept_on_a_closed_case_as_having_arrived_after_closing(
    harness: Harness,
) -> None:
    school, broker, dead = await harness("school")
    case = an_assessed_case(Level.ONE)
    case.close(outcome=Outcome.RESOLVED, reason="talked it through", left_open=["x"], actor=HEAD)
    school.save(case)

    await broker.publish(wire(advice(3, case.id), school), SSP_COORDINATION_EVENTS)

    closed = school.get_case(case.id)
    assert closed.is_closed
    assert [a.what for a in closed.arrived_after_closing] == [Arrival.SSP_ADVICE]
    assert closed.sparring is not None and closed.sparring.actor.person_id == "ssp-eva"
    assert dead == []


async def test_ssp_publishes_advice_with_who_and_when_but_never_the_note(
    harness: Harness,
) -> None:
    ssp, broker, _ = await harness("ssp")
    case_id = uuid.uuid4()
    await broker.publish(wire(reported(1, case_id, "Aarhus"), ssp), SCHOOL_CASE_EVENTS)
    consultant = Actor("ssp-mette", DomainRole.SSP_KONSULENT, "Aarhus")
    note = "Talte med Sofies mor om politianmeldelsen"
    for step in (CoordinationStep.SCHOOL_CONTACTED, CoordinationStep.ADVICE_GIVEN):
        ssp.act(
            case_id,
            lambda f, s=step: f.take_coordination_step(
                step=s, counterpart="Skolen", note=note, by=consultant
            ),
        )

    translate = coordination_translator(ssp)
    sent = [m for n in ssp.recorder.select_notifications(1, 100) if (m := translate(n))]
    (message,) = sent
    sealed = parse_sealed(message.value)
    assert sealed.event_type == "SspAdviceGiven" and sealed.case_id == case_id
    opened = unseal(sealed, ssp.transport_keys.for_publishing(sealed.key_id, create=False))
    assert b"Sofie" not in opened and note.encode() not in opened, "SSP's note stays at SSP"
    event = parse_event(opened)
    assert isinstance(event, SspAdviceGivenV1)
    assert event.actor.to_domain() == consultant
    steps = [e for e in ssp.history(case_id) if isinstance(e, SspCaseFile.CoordinationStepTaken)]
    assert event.occurred_at == steps[1].timestamp, "when the advice was recorded at SSP"
