"""Statistics over SSP's case files: JSON, CSV and a chart, small counts suppressed.

A suppressed value is never a bare "<5" (a median "<5" reads as "under five days"): each
says what was hidden and why (``domain.statistics.Suppression``), in Danish and English.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, PlainTextResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from domain.statistics import GroupBy, Row, Suppression
from services.kit.http import ActingProfessional
from services.ssp.application import SspApplication

_GROUPING_DA = {GroupBy.POLICE_DISTRICT: "politikreds", GroupBy.MUNICIPALITY: "kommune"}
_TEMPLATES = Environment(loader=PackageLoader("services.kit"), autoescape=select_autoescape())


class StatisticsRow(BaseModel):
    group: str
    quarter: str
    measure: str
    value: float | None
    """null: suppressed, a count between 1 and 4 (or one that would reveal it)."""
    suppressed: Suppression | None = None
    """Why ``value`` is null (null when it is shown)."""
    suppressed_da: str | None = None
    """What was hidden, in Danish: "færre end 5 sager"."""
    suppressed_en: str | None = None

    @classmethod
    def of(cls, row: Row) -> StatisticsRow:
        hidden = row.suppressed
        return cls(
            group=row.group,
            quarter=row.quarter,
            measure=row.measure,
            value=row.value,
            suppressed=hidden,
            suppressed_da=hidden.label_da if hidden else None,
            suppressed_en=hidden.label_en if hidden else None,
        )


class SuppressionRule(BaseModel):
    """One reason a value may be hidden, for a note below a table."""

    suppressed: Suppression
    label_da: str
    label_en: str
    why_da: str
    why_en: str


SUPPRESSION_RULES = [
    SuppressionRule(
        suppressed=s, label_da=s.label_da, label_en=s.label_en, why_da=s.why_da, why_en=s.why_en
    )
    for s in Suppression
]


class Statistics(BaseModel):
    by: GroupBy
    rows: list[StatisticsRow]
    suppression_rules: list[SuppressionRule]
    """Why values may be hidden: every rule, whether or not a row uses it."""


class CsvResponse(PlainTextResponse):
    """Documented in the OpenAPI document as what it is: text/csv."""

    media_type = "text/csv"


def as_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["group", "quarter", "measure", "value", "suppressed", "suppressed_da", "suppressed_en"]
    )
    for row in rows:
        value = "" if row.value is None else f"{row.value:g}"
        hidden = row.suppressed
        why = [hidden.value, hidden.label_da, hidden.label_en] if hidden else ["", "", ""]
        writer.writerow([row.group, row.quarter, row.measure, value, *why])
    return out.getvalue()


def bar_length(value: float | None, largest: float, space: int = 400) -> int:
    """A bar's length in a chart of cases; a hidden count is drawn as a small one (two),
    so that hiding it does not read as none."""
    return max(4, int(space * (value or 2) / (largest or 1)))


def chart(rows: list[Row], by: GroupBy) -> str:
    cases = [r for r in rows if r.measure == "cases"]
    largest = max((r.value or 0 for r in cases), default=0)
    bars = [
        {
            "label": f"{r.group} {r.quarter}",
            "value": None if r.value is None else int(r.value),
            "shown": r.suppressed.label_da if r.suppressed else f"{r.value:g}",
            "y": 24 * i,
            "width": bar_length(r.value, largest),
        }
        for i, r in enumerate(cases)
    ]
    return _TEMPLATES.get_template("statistics_chart.html").render(
        by_label=_GROUPING_DA[by],
        rules=[s for s in Suppression if any(r.suppressed is s for r in cases)],
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        bars=bars,
        label_width=260,
        width=760,
        height=max(40, 24 * len(bars)),
    )


def statistics_routes(app: SspApplication) -> APIRouter:
    router = APIRouter(prefix="/statistics", tags=["statistics"])

    @router.get("", summary="Counts by police district or municipality and quarter")
    def table(actor: ActingProfessional, by: GroupBy = GroupBy.POLICE_DISTRICT) -> Statistics:
        rows = app.statistics_as(actor, by)
        return Statistics(
            by=by, rows=[StatisticsRow.of(r) for r in rows], suppression_rules=SUPPRESSION_RULES
        )

    @router.get("/csv", summary="The same counts as CSV", response_class=CsvResponse)
    def table_csv(actor: ActingProfessional, by: GroupBy = GroupBy.POLICE_DISTRICT) -> CsvResponse:
        return CsvResponse(as_csv(app.statistics_as(actor, by)))

    @router.get("/chart", summary="Cases per quarter as a bar chart", response_class=HTMLResponse)
    def table_chart(
        actor: ActingProfessional, by: GroupBy = GroupBy.POLICE_DISTRICT
    ) -> HTMLResponse:
        return HTMLResponse(chart(app.statistics_as(actor, by), by))

    return router
