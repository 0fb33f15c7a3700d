"""Which failures pass by themselves, and which a message brings with it.

A consumer that meets an outage of something it depends on (the store, the broker,
the peer that hands out transport keys) must wait and try again, however long it
takes: giving up would lose the message. A failure the message itself causes (a
defect its content triggers) happens again on every try, so it is tried a bounded
number of times and then set aside on the dead-letter topic, and the consumer moves on.
"""

from __future__ import annotations

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, NodeNotReadyError
from eventsourcing.persistence import InterfaceError, OperationalError, RecordConflictError

from infra.key_exchange import KeyUnavailable

TRANSIENT: tuple[type[BaseException], ...] = (
    KeyUnavailable,
    OperationalError,
    InterfaceError,
    RecordConflictError,
    KafkaConnectionError,
    KafkaTimeoutError,
    NodeNotReadyError,
    ConnectionError,
    TimeoutError,
)


def is_transient(error: BaseException) -> bool:
    """An outage of something the message depends on, not a fault of the message."""
    return isinstance(error, TRANSIENT)
