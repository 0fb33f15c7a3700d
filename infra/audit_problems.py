"""What ``audit verify`` can find wrong with a store, each naming where."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemKind(StrEnum):
    CHANGED = "changed"
    MISSING = "missing"
    REORDERED = "reordered"
    INSERTED = "inserted"
    BAD_SIGNATURE = "bad signature"
    REWRITTEN = "rewritten"
    KEY_MISSING = "key missing"
    """A record's data key is no longer in the keyring: the record can never be read."""
    KEY_DESTROYED = "key destroyed"
    """A key was destroyed (crypto-shredded) although no erasure asked for it."""
    UNSEALED = "unsealed"
    TRACKING_MISSING = "tracking missing"
    """A receipt's tracking row is gone: its upstream message could be applied twice."""
    RECEIPT_MISSING = "receipt missing"
    """A tracking row has no receipt in the chain: it was not written by Samspil."""


@dataclass(frozen=True, order=True)
class Problem:
    """``notification_id`` is the (first) record affected; 0 when no record is, and
    ``place`` then says what is (a tracking row, a key)."""

    notification_id: int
    kind: ProblemKind
    detail: str
    place: str = ""

    def __str__(self) -> str:
        where = f"record {self.notification_id}" if self.notification_id else self.place
        return f"{where}: {self.kind} — {self.detail}"


def positions_named(positions: list[int], total: int) -> str:
    """'record 7' or 'records 7, 9, 12 and 40 more', from the first few of ``total``."""
    if total == 1:
        return f"record {positions[0]}"
    listed = ", ".join(str(p) for p in positions)
    more = total - len(positions)
    return f"records {listed}" + (f" and {more} more" if more else "")
