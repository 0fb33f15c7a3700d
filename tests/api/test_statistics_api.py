"""SSP's statistics: small counts suppressed in JSON, CSV and the chart; not for schools."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from eventsourcing.persistence import Tracking

from infra.settings import ServiceName
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF, bearer
from tests.messages import reported

CONSULTANT = bearer("ssp-mette", "ssp_konsulent", "Aarhus")


def test_counts_under_five_are_never_shown_in_any_form(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    for position, municipality in enumerate(["Aarhus"] * 6 + ["Odense"] * 2, start=1):
        event = reported(position, uuid.uuid4(), municipality)
        running.app.save_tracked(Tracking("school", position), *running.app.on_case_reported(event))

    table = http.get("/statistics", params={"by": "municipality"}, headers=CONSULTANT)
    assert table.status_code == 200, table.text
    cases = {r["group"]: r["value"] for r in table.json()["rows"] if r["measure"] == "cases"}
    assert cases == {"Aarhus": 6, "Odense": None}

    as_csv = http.get("/statistics/csv", params={"by": "municipality"}, headers=CONSULTANT)
    lines = as_csv.text.splitlines()
    assert lines[0] == "group,quarter,measure,value"
    assert any(line.startswith("Odense,") and line.endswith(",<5") for line in lines)
    assert not [line for line in lines[1:] if line.rsplit(",", 1)[1] in {"1", "2", "3", "4"}]

    chart = http.get("/statistics/chart", params={"by": "municipality"}, headers=CONSULTANT)
    assert chart.headers["content-type"].startswith("text/html")
    assert "<svg" in chart.text
    bars = {  # each bar's title → its class ("bar", or "hidden" for a suppressed count)
        title: kind
        for kind, title in re.findall(
            r'<rect class="(\w+)"[^>]*><title>([^<]*)</title></rect>', chart.text
        )
    }
    odense = {title: kind for title, kind in bars.items() if title.startswith("Odense ")}
    assert odense and all(title.endswith(": &lt;5") for title in odense), odense
    assert set(odense.values()) == {"hidden"}, "the suppressed bar is hatched"
    aarhus = [(t.rsplit(": ", 1)[1], k) for t, k in bars.items() if t.startswith("Aarhus ")]
    assert aarhus == [("6", "bar")]
    assert ">2<" not in chart.text and ": 2<" not in chart.text

    refused = http.get("/statistics", headers=SCHOOL_STAFF)
    assert refused.status_code == 403
    bad = http.get("/statistics", params={"by": "school"}, headers=CONSULTANT)
    assert bad.status_code == 422 and "by" in bad.text
