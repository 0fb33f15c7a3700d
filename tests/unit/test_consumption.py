"""One message never stops a consumer: bounded retries for its own faults, patience for
outages, and a reference on the dead-letter topic for what is too large to read."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiokafka.errors import MessageSizeTooLargeError
from eventsourcing.persistence import OperationalError

from infra.key_exchange import KeyUnavailable
from infra.messaging import MAX_MESSAGE_BYTES, send_to_dead_letter
from services.kit.consumption import MAX_ATTEMPTS, Consumption

DEAD = "samspil.ssp.dead-letter"


@dataclass
class Record:
    topic: str = "samspil.school.case-events"
    partition: int = 2
    offset: int = 41
    key: bytes = b"case-1"


@dataclass
class Message:
    raw_message: Record = field(default_factory=Record)
    nacks: int = 0

    async def nack(self) -> None:
        self.nacks += 1


@dataclass
class Broker:
    published: list[tuple[bytes, str, dict[str, str]]] = field(default_factory=list)

    async def publish(self, value: bytes, topic: str, *, key: Any, headers: Any) -> None:
        self.published.append((value, topic, headers))


def consumption(broker: Broker) -> Consumption:
    return Consumption(broker, DEAD, first_backoff=0)  # type: ignore[arg-type]


async def test_a_message_that_keeps_failing_is_set_aside_after_bounded_tries() -> None:
    broker, message = Broker(), Message()
    taking = consumption(broker)
    tries = 0

    async def defect(raw: bytes, _: Any) -> None:
        nonlocal tries
        tries += 1
        raise KeyError("a case description the handler choked on")

    for _ in range(MAX_ATTEMPTS):  # the broker redelivers after each nack
        await taking.take(b"{}", message, defect)  # type: ignore[arg-type]
    assert tries == MAX_ATTEMPTS
    assert message.nacks == MAX_ATTEMPTS - 1
    ((value, topic, headers),) = broker.published
    assert (value, topic) == (b"{}", DEAD)
    reason = headers["samspil-dead-letter-reason"]
    assert reason.startswith("KeyError at tests/unit/test_consumption.py:")
    assert "case description" not in reason, "the error's message is never repeated"
    assert headers["samspil-origin-offset"] == "41"


async def test_an_outage_is_waited_out_however_long_it_lasts() -> None:
    broker, message = Broker(), Message()
    taking = consumption(broker)
    outage = [KeyUnavailable("school away"), OperationalError("database is locked")] * 10

    async def handle(raw: bytes, _: Any) -> None:
        if outage:
            raise outage.pop()

    for _ in range(21):
        await taking.take(b"{}", message, handle)  # type: ignore[arg-type]
    assert message.nacks == 20 and not broker.published, "retried, never set aside"


async def test_a_message_larger_than_any_samspil_message_is_kept_as_a_reference() -> None:
    broker, message = Broker(), Message()
    handled = []

    async def handle(raw: bytes, _: Any) -> None:
        handled.append(raw)

    await consumption(broker).take(b"x" * (MAX_MESSAGE_BYTES + 1), message, handle)  # type: ignore[arg-type]
    assert not handled and not message.nacks
    ((value, topic, headers),) = broker.published
    assert topic == DEAD and headers["samspil-dead-letter-kind"] == "reference"
    reference = json.loads(value)
    assert reference["size"] == MAX_MESSAGE_BYTES + 1
    assert reference["reference"] == {"topic": Record.topic, "partition": "2", "offset": "41"}


@dataclass
class RefusingBroker(Broker):
    """Takes small messages only, as a broker with a low max.message.bytes would."""

    async def publish(self, value: bytes, topic: str, *, key: Any, headers: Any) -> None:
        if len(value) > 1000:
            raise MessageSizeTooLargeError()
        await super().publish(value, topic, key=key, headers=headers)


async def test_a_refusal_the_broker_will_not_take_back_is_kept_as_a_reference() -> None:
    broker = RefusingBroker()
    await send_to_dead_letter(
        broker,  # type: ignore[arg-type]
        DEAD,
        raw=b"y" * 5000,
        key=None,
        reason="SealBroken: the seal does not open",
        origin={"samspil-origin-topic": "t", "samspil-origin-offset": "7"},
    )
    ((value, _, headers),) = broker.published
    assert headers["samspil-dead-letter-kind"] == "reference"
    assert "MessageSizeTooLargeError" in headers["samspil-dead-letter-reason"]
    assert json.loads(value)["size"] == 5000
