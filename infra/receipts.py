"""Receipts: every applied upstream message leaves a record in the hash chain.

A tracking row (upstream service, notification id) is what keeps a redelivered
message from being applied twice, yet it sits outside the chain: deleted, nothing
would notice. So the transaction that stores the tracking row also stores a receipt,
a record like any other, chained and checkpointed with the rest, and ``audit verify``
matches the two both ways.

A receipt's id spells out what it receipts: the first half is a tag of the upstream
service's name, the second half the upstream notification id. Receipts of one
upstream are then a range of ids, in the order of their notification ids, so the
verifier walks them beside the tracking rows without keys and without holding them
in memory, and can name the message a missing row was about ("school#12"). Nothing
in the id is secret: the tracking table and the sealed messages on the topics carry
the same pair in clear. All receipts share one service-wide key, not one each.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import Aggregate, event

RECEIPTS_KEY = "service:receipts"
"""The data key every receipt is sealed with (they carry no case content)."""

_POSITION_BITS = 62
_POSITION_MASK = (1 << _POSITION_BITS) - 1
_VERSION_8 = 0x8 << 76  # RFC 9562: a UUID of custom layout
_VERSION_MASK = 0xF << 76
_VARIANT_RFC = 0b10 << 62


def upstream_tag(upstream: str) -> int:
    """The upstream's half of its receipts' ids (an integer of the id's first 64 bits)."""
    digest = hashlib.sha256(f"samspil:receipt:{upstream}".encode()).digest()
    tag = int.from_bytes(digest[:8], "big") << 64
    return ((tag & ~_VERSION_MASK) | _VERSION_8) >> 64


def receipt_id(upstream: str, position: int) -> UUID:
    """The id of the receipt for ``upstream``'s notification ``position``."""
    if not 0 <= position <= _POSITION_MASK:
        raise ValueError(f"notification id {position} does not fit a receipt id")
    return UUID(int=(upstream_tag(upstream) << 64) | _VARIANT_RFC | position)


@dataclass(frozen=True)
class ReceiptRange:
    """Every id a receipt of one upstream can have, lowest to highest."""

    upstream: str
    lowest: UUID
    highest: UUID


def receipt_range(upstream: str) -> ReceiptRange:
    tag = upstream_tag(upstream) << 64
    return ReceiptRange(
        upstream,
        UUID(int=tag | _VARIANT_RFC),
        UUID(int=tag | _VARIANT_RFC | _POSITION_MASK),
    )


def receipt_position(low_half: int) -> int:
    """The upstream notification id a receipt id carries in its last 64 bits."""
    return low_half & _POSITION_MASK


class Receipt(Aggregate):
    """That one upstream message was applied here (or deliberately left unapplied)."""

    class Recorded(Aggregate.Created):
        upstream: str
        position: int

    @staticmethod
    def create_id(upstream: str, position: int) -> UUID:
        return receipt_id(upstream, position)

    @event(Recorded)
    def __init__(self, *, upstream: str, position: int) -> None:
        self.upstream = upstream
        self.position = position
