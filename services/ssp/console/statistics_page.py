"""Statistics in SSP's console: the API's table, its bar chart of cases per quarter and
the same CSV, for the signed-in consultant.

The figures are ``statistics_as``'s rows, shown as the API's ``StatisticsRow`` with its
suppression rules; the CSV is the API's ``as_csv`` of the same rows. The chart draws
the bars the API's chart draws (one per group and quarter, a suppressed one hatched and
saying what was hidden), with SVG attributes only: the console's policy allows no
inline style, so the API's chart page (which carries its own style sheet) is not
embedded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from fastapi import APIRouter, Request
from fastapi.responses import Response

from domain.commands import Wording
from domain.geography import PoliceDistrict
from domain.handling_model import Level, Track
from domain.offences import OffenceCategory
from domain.statistics import GroupBy, Row
from domain.vocabulary import choices, label
from services.kit.console import Console
from services.ssp.application import SspApplication
from services.ssp.statistics_api import (
    SUPPRESSION_RULES,
    CsvResponse,
    Statistics,
    StatisticsRow,
    as_csv,
    bar_length,
)

STATISTICS = "/statistik"

CHART_WIDTH = 760
LABEL_WIDTH = 260
BAR_SPACE = 400
"""The longest bar's length: the API's chart's proportions."""
ROW_HEIGHT = 24

NOT_ASSESSED = Wording("ikke vurderet", "not assessed")
MEASURES: dict[str, Wording] = {
    "cases": Wording("Sager i alt", "Cases"),
    "median days to parents informed": Wording(
        "Median, dage til forældrene er orienteret", "Median days to parents informed"
    ),
    "median days to police notified": Wording(
        "Median, dage til politiet er orienteret", "Median days to police notified"
    ),
}
FAMILIES: dict[str, tuple[Wording, type[Enum] | None]] = {
    "level": (Wording("Niveau", "Level"), None),
    "offence": (Wording("Krænkelse", "Offence"), OffenceCategory),
    "track": (Wording("Spor", "Track"), Track),
}


@dataclass(frozen=True)
class Figure:
    """One row of the table, in words."""

    row: StatisticsRow
    group: Wording
    measure: Wording
    value: Wording


@dataclass(frozen=True)
class Bar:
    label: Wording
    shown: Wording
    y: int
    width: int
    hidden: bool
    """Suppressed: drawn hatched, saying what was hidden instead of a number."""


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return max(40, ROW_HEIGHT * len(self.bars))


def group_words(group: str, by: GroupBy) -> Wording:
    if by is GroupBy.POLICE_DISTRICT and group in {d.value for d in PoliceDistrict}:
        return label(PoliceDistrict(group))
    return Wording(group, group)


def measure_words(measure: str) -> Wording:
    """``domain.statistics.tabulate``'s measures ("level: 3", "offence: grooming") in words."""
    if measure in MEASURES:
        return MEASURES[measure]
    family, _, value = measure.partition(": ")
    if family not in FAMILIES:
        return Wording(measure, measure)
    name, kind = FAMILIES[family]
    said = _value_words(value, kind)
    return Wording(f"{name.da}: {said.da}", f"{name.en}: {said.en}")


def _value_words(value: str, kind: type[Enum] | None) -> Wording:
    if value == "not assessed":
        return NOT_ASSESSED
    try:
        if kind is None:  # a level, as short as a table cell: "Niveau: 3"
            number = str(Level(int(value)).value)
            return Wording(number, number)
        return label(kind(value))
    except ValueError:
        return Wording(value, value)


def shown(row: StatisticsRow) -> Wording:
    """A value, or what was hidden and why: never a bare "<5"."""
    if row.value is None:
        return Wording(row.suppressed_da or "", row.suppressed_en or "")
    number = f"{row.value:g}"
    return Wording(number.replace(".", ","), number)


def figures(table: Statistics) -> list[Figure]:
    return [
        Figure(r, group_words(r.group, table.by), measure_words(r.measure), shown(r))
        for r in table.rows
    ]


def chart(table: Statistics) -> Chart:
    """Cases per group and quarter, scaled as the API's chart scales them."""
    cases = [r for r in table.rows if r.measure == "cases"]
    largest = max((r.value or 0 for r in cases), default=0)
    bars = []
    for i, r in enumerate(cases):
        group = group_words(r.group, table.by)
        bars.append(
            Bar(
                label=Wording(f"{group.da} {r.quarter}", f"{group.en} {r.quarter}"),
                shown=shown(r),
                y=ROW_HEIGHT * i,
                width=bar_length(r.value, largest, BAR_SPACE),
                hidden=r.value is None,
            )
        )
    return Chart(tuple(bars))


def statistics_view(rows: list[Row], by: GroupBy) -> Statistics:
    """The API's answer to ``GET /statistics``."""
    return Statistics(
        by=by, rows=[StatisticsRow.of(r) for r in rows], suppression_rules=SUPPRESSION_RULES
    )


def statistics_routes(app: SspApplication, console: Console) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    pages = console.pages

    @router.get(STATISTICS)
    async def statistics(request: Request, efter: GroupBy = GroupBy.POLICE_DISTRICT) -> Response:
        actor = console.who(request)
        rows = await app.workers.run(app.statistics_as, actor, efter)
        table = statistics_view(rows, efter)
        return pages.render(
            request,
            "ssp_statistics.html",
            current="statistics",
            by=efter,
            groupings=choices(GroupBy),
            figures=figures(table),
            chart=chart(table),
            rules=table.suppression_rules,
        )

    @router.get(STATISTICS + ".csv")
    async def statistics_csv(
        request: Request, efter: GroupBy = GroupBy.POLICE_DISTRICT
    ) -> Response:
        actor = console.who(request)
        rows = await app.workers.run(app.statistics_as, actor, efter)
        return CsvResponse(
            as_csv(rows),
            headers={"content-disposition": f'attachment; filename="samspil-{efter.value}.csv"'},
        )

    return router
