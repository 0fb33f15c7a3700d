"""Counts per police district or municipality and quarter, with small counts suppressed.

No count between 1 and 4 is ever shown (it reads as None: suppressed), so no child can be singled
out; where a single cell of a breakdown is suppressed, the next smallest is too, so
it cannot be worked out from the total. Times (report → parents informed, report →
police notified) are medians in days, shown only over five cases or more.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

SMALLEST_SHOWN = 5


class GroupBy(StrEnum):
    POLICE_DISTRICT = "police_district"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class CaseFigures:
    """What statistics may know of one case: no institution, no people, no text."""

    municipality: str
    police_district: str
    reported_at: datetime
    level: int | None
    offence_category: str
    track: str | None
    days_to_parents_informed: float | None
    days_to_police_notified: float | None


@dataclass(frozen=True)
class Row:
    group: str
    quarter: str
    measure: str
    value: float | None
    """None: suppressed (a count between 1 and 4, or what would reveal one)."""


def quarter(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def tabulate(cases: Iterable[CaseFigures], by: GroupBy) -> list[Row]:
    groups: dict[tuple[str, str], list[CaseFigures]] = defaultdict(list)
    for case in cases:
        group = case.police_district if by is GroupBy.POLICE_DISTRICT else case.municipality
        groups[(group, quarter(case.reported_at))].append(case)
    rows: list[Row] = []
    for (group, period), members in sorted(groups.items()):
        total = len(members)
        rows.append(Row(group, period, "cases", _count(total)))
        families: dict[str, Callable[[CaseFigures], str]] = {
            "level": lambda c: str(c.level) if c.level else "not assessed",
            "offence": lambda c: c.offence_category,
            "track": lambda c: c.track or "not assessed",
        }
        for family, value_of in families.items():
            counts: dict[str, int] = defaultdict(int)
            for case in members:
                counts[value_of(case)] += 1
            rows += [
                Row(group, period, f"{family}: {name}", value)
                for name, value in _breakdown(counts).items()
            ]
        for measure, days in (
            ("median days to parents informed", [c.days_to_parents_informed for c in members]),
            ("median days to police notified", [c.days_to_police_notified for c in members]),
        ):
            known = [d for d in days if d is not None]
            median = round(statistics.median(known), 1) if len(known) >= SMALLEST_SHOWN else None
            rows.append(Row(group, period, measure, median))
    return rows


def _count(value: int) -> int | None:
    return None if 0 < value < SMALLEST_SHOWN else value


def _breakdown(counts: dict[str, int]) -> dict[str, int | None]:
    shown = {name: _count(value) for name, value in sorted(counts.items())}
    hidden = [name for name, value in shown.items() if value is None]
    if len(hidden) == 1:  # the total would reveal it: hide the next smallest as well
        others = [(counts[n], n) for n, v in shown.items() if v]
        if others:
            shown[min(others)[1]] = None
    return shown
