"""Statistics over SSP's case files: JSON, CSV and a chart, small counts suppressed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, PlainTextResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel

from domain.statistics import GroupBy, Row
from services.kit.http import ActingProfessional
from services.ssp.application import SspApplication

SUPPRESSED = "<5"
_TEMPLATES = Environment(loader=PackageLoader("services.kit"), autoescape=select_autoescape())


class StatisticsRow(BaseModel):
    group: str
    quarter: str
    measure: str
    value: float | None
    """null: suppressed, a count between 1 and 4 (or one that would reveal it)."""


class Statistics(BaseModel):
    by: GroupBy
    rows: list[StatisticsRow]


class CsvResponse(PlainTextResponse):
    """Documented in the OpenAPI document as what it is: text/csv."""

    media_type = "text/csv"


def as_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["group", "quarter", "measure", "value"])
    for row in rows:
        value = SUPPRESSED if row.value is None else f"{row.value:g}"
        writer.writerow([row.group, row.quarter, row.measure, value])
    return out.getvalue()


def chart(rows: list[Row], by: GroupBy) -> str:
    cases = [r for r in rows if r.measure == "cases"]
    largest = max((r.value or 0 for r in cases), default=0) or 1
    bars = [
        {
            "label": f"{r.group} {r.quarter}",
            "value": None if r.value is None else int(r.value),
            "y": 24 * i,
            "width": max(4, int(400 * (r.value or 2) / largest)),
        }
        for i, r in enumerate(cases)
    ]
    return _TEMPLATES.get_template("statistics_chart.html").render(
        by_label=by.value.replace("_", " "),
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
        return Statistics(by=by, rows=[StatisticsRow(**vars(r)) for r in rows])

    @router.get("/csv", summary="The same counts as CSV", response_class=CsvResponse)
    def table_csv(
        actor: ActingProfessional, by: GroupBy = GroupBy.POLICE_DISTRICT
    ) -> CsvResponse:
        return CsvResponse(as_csv(app.statistics_as(actor, by)))

    @router.get("/chart", summary="Cases per quarter as a bar chart", response_class=HTMLResponse)
    def table_chart(
        actor: ActingProfessional, by: GroupBy = GroupBy.POLICE_DISTRICT
    ) -> HTMLResponse:
        return HTMLResponse(chart(app.statistics_as(actor, by), by))

    return router
