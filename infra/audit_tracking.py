"""Checks the tracking rows against the receipts in the chain, both ways, without keys.

Each upstream's tracking rows and its receipts (a range of ids, see ``infra.receipts``)
are read side by side in the order of their upstream notification ids, a page at a
time: on an intact store each page of one equals the page of the other.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from infra.audit_problems import Problem, ProblemKind
from infra.receipts import receipt_position, receipt_range
from infra.store_scan import StoreSnapshot


@dataclass(frozen=True)
class _ReceiptPage:
    ids: list[int]
    """The upstream notification ids they receipt, in order."""
    records: list[int]
    """The records they are."""

    def pairs(self) -> Iterator[tuple[int, int]]:
        return zip(self.ids, self.records, strict=True)


def tracking_problems(snap: StoreSnapshot, upstreams: Iterable[str]) -> list[Problem]:
    """Problems of the tracking rows of ``upstreams`` and of any other upstream tracked."""
    tracked = snap.rows(f"SELECT DISTINCT application_name FROM {snap.tracking}")
    problems: list[Problem] = []
    for upstream in sorted({str(row[0]) for row in tracked} | set(upstreams)):
        unreceipted, untracked = _unmatched(
            _tracked(snap, upstream), _receipts(snap, upstream)
        )
        problems.extend(
            Problem(
                record,
                ProblemKind.TRACKING_MISSING,
                f"tracking row missing for upstream {upstream}#{position}: "
                "it could be applied twice",
            )
            for position, record in untracked
        )
        problems.extend(
            Problem(
                0,
                ProblemKind.RECEIPT_MISSING,
                f"no receipt of it is in the chain: it was not written as {upstream}#{position} "
                "was applied here (or was written before receipts were kept), so that "
                "message may never have been applied",
                place=f"tracking row {upstream}#{position}",
            )
            for position in unreceipted
        )
    return problems


def _tracked(snap: StoreSnapshot, upstream: str) -> Iterator[list[int]]:
    statement = (
        f"SELECT notification_id FROM {snap.tracking} WHERE application_name = {{p}} "
        "ORDER BY notification_id"
    )
    for page in snap.pages(statement, (upstream,)):
        yield [int(row[0]) for row in page]


def _receipts(snap: StoreSnapshot, upstream: str) -> Iterator[_ReceiptPage]:
    span = receipt_range(upstream)
    bounds: tuple[object, object]
    if snap.dialect == "sqlite":  # the library keeps ids as 32 hex digits there
        low_half, bounds = "substr(originator_id, 17)", (span.lowest.hex, span.highest.hex)
    else:
        low_half = "right(replace(originator_id::text, '-', ''), 16)"
        bounds = (span.lowest, span.highest)
    statement = (
        f"SELECT {low_half}, {snap.position} FROM {snap.events} "
        "WHERE originator_id BETWEEN {p} AND {p} ORDER BY originator_id"
    )
    for page in snap.pages(statement, bounds):
        ids = [receipt_position(int(half, 16)) for half, _ in page]
        yield _ReceiptPage(ids, [int(record) for _, record in page])


def _unmatched(
    tracked: Iterator[list[int]], receipts: Iterator[_ReceiptPage]
) -> tuple[list[int], list[tuple[int, int]]]:
    """Tracked ids without a receipt, and (id, record) of receipts without a tracking row.

    Page by page while they agree; from the first page that differs, one by one.
    """
    for tracked_page in tracked:
        receipt_page = next(receipts, None)
        if receipt_page is not None and receipt_page.ids == tracked_page:
            continue
        rest_tracked = itertools.chain(tracked_page, itertools.chain.from_iterable(tracked))
        first = [receipt_page] if receipt_page is not None else []
        rest = (pair for page in itertools.chain(first, receipts) for pair in page.pairs())
        return _merge(rest_tracked, rest)
    return [], [pair for page in receipts for pair in page.pairs()]


def _merge(
    tracked: Iterator[int], receipts: Iterator[tuple[int, int]]
) -> tuple[list[int], list[tuple[int, int]]]:
    unreceipted: list[int] = []
    untracked: list[tuple[int, int]] = []
    position = next(tracked, None)
    receipt = next(receipts, None)
    while position is not None and receipt is not None:
        if position < receipt[0]:
            unreceipted.append(position)
            position = next(tracked, None)
        elif receipt[0] < position:
            untracked.append(receipt)
            receipt = next(receipts, None)
        else:
            position, receipt = next(tracked, None), next(receipts, None)
    if position is not None:
        unreceipted += [position, *tracked]
    if receipt is not None:
        untracked += [receipt, *receipts]
    return unreceipted, untracked
