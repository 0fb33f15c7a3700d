"""Counts per police district or municipality and quarter, with small counts suppressed.

No count between 1 and 4 is ever shown (it reads as None: suppressed), so no child can be singled
out; where a single cell of a breakdown is suppressed, the next smallest is too, so
it cannot be worked out from the total. Times (report → parents informed, report →
police notified) are medians in days, shown only over five cases or more. Each
suppressed value says which of these rules hid it (``Suppression``), so that a reader
never takes "fewer than 5 cases" for "under five days".
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

SMALLEST_SHOWN = 5


class Suppression(StrEnum):
    """Why a value is not shown: what was hidden, and the rule that hid it."""

    FEWER_THAN_5_CASES = "fewer_than_5_cases"
    """A count between 1 and 4."""
    REVEALS_A_SMALL_COUNT = "reveals_a_small_count"
    """A larger count that, with the total, would give away a hidden one."""
    MEDIAN_OF_FEWER_THAN_5_CASES = "median_of_fewer_than_5_cases"
    """A median over fewer than five cases with a known time."""

    @property
    def label_da(self) -> str:
        """What was hidden, as short as a table cell: "færre end 5 sager"."""
        return _SUPPRESSION_WORDS[self].label_da

    @property
    def label_en(self) -> str:
        return _SUPPRESSION_WORDS[self].label_en

    @property
    def why_da(self) -> str:
        """The rule that hid it, for a note below a table."""
        return _SUPPRESSION_WORDS[self].why_da

    @property
    def why_en(self) -> str:
        return _SUPPRESSION_WORDS[self].why_en


@dataclass(frozen=True)
class _Said:
    label_da: str
    label_en: str
    why_da: str
    why_en: str


_SUPPRESSION_WORDS: dict[Suppression, _Said] = {
    Suppression.FEWER_THAN_5_CASES: _Said(
        "færre end 5 sager",
        "fewer than 5 cases",
        "Et antal mellem 1 og 4 vises aldrig, så ingen elev kan genkendes.",
        "A count between 1 and 4 is never shown, so that no pupil can be singled out.",
    ),
    Suppression.REVEALS_A_SMALL_COUNT: _Said(
        "skjult, så et antal under 5 ikke kan regnes ud",
        "hidden, so that a count under 5 cannot be worked out",
        "Et antal skjules også, når det sammen med totalen ville afsløre et antal under 5.",
        "A count is also hidden when, with the total, it would give away a count under 5.",
    ),
    Suppression.MEDIAN_OF_FEWER_THAN_5_CASES: _Said(
        "ingen median: færre end 5 sager",
        "no median: fewer than 5 cases",
        "En median i dage vises kun, når tidspunktet er registreret i mindst 5 sager.",
        "A median in days is shown only when the time is recorded in at least 5 cases.",
    ),
}


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
    suppressed: Suppression | None = None
    """Why ``value`` is None; None when it is shown."""


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
        rows.append(_row(group, period, "cases", _count(total)))
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
                _row(group, period, f"{family}: {name}", cell)
                for name, cell in _breakdown(counts).items()
            ]
        for measure, days in (
            ("median days to parents informed", [c.days_to_parents_informed for c in members]),
            ("median days to police notified", [c.days_to_police_notified for c in members]),
        ):
            known = [d for d in days if d is not None]
            if len(known) >= SMALLEST_SHOWN:
                rows.append(Row(group, period, measure, round(statistics.median(known), 1)))
            else:
                rows.append(
                    Row(group, period, measure, None, Suppression.MEDIAN_OF_FEWER_THAN_5_CASES)
                )
    return rows


@dataclass(frozen=True)
class _Cell:
    value: int | None
    suppressed: Suppression | None = None


def _row(group: str, period: str, measure: str, cell: _Cell) -> Row:
    return Row(group, period, measure, cell.value, cell.suppressed)


def _count(value: int) -> _Cell:
    if 0 < value < SMALLEST_SHOWN:
        return _Cell(None, Suppression.FEWER_THAN_5_CASES)
    return _Cell(value)


def _breakdown(counts: dict[str, int]) -> dict[str, _Cell]:
    shown = {name: _count(value) for name, value in sorted(counts.items())}
    hidden = [name for name, cell in shown.items() if cell.value is None]
    if len(hidden) == 1:  # the total would reveal it: hide the next smallest as well
        others = [(counts[n], n) for n, cell in shown.items() if cell.value]
        if others:
            shown[min(others)[1]] = _Cell(None, Suppression.REVEALS_A_SMALL_COUNT)
    return shown
