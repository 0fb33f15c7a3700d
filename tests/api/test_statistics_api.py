"""SSP's statistics: small counts suppressed in JSON, CSV, the chart and ``samspil stats``,
each saying what was hidden and why; not for schools."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from eventsourcing.persistence import Tracking

from infra.settings import ServiceName, Settings
from services.cli import stats as stats_command
from tests.api.conftest import Built
from tests.identities import SCHOOL_STAFF, bearer
from tests.messages import reported

CONSULTANT = bearer("ssp-mette", "ssp_konsulent", "Aarhus")


FEWER = "færre end 5 sager"
NO_MEDIAN = "ingen median: færre end 5 sager"


def _six_in_aarhus_two_in_odense(running: Any) -> None:
    for position, municipality in enumerate(["Aarhus"] * 6 + ["Odense"] * 2, start=1):
        event = reported(position, uuid.uuid4(), municipality)
        running.app.save_tracked(Tracking("school", position), *running.app.on_case_reported(event))


def test_counts_under_five_are_never_shown_in_any_form(
    service: Callable[[ServiceName], Built],
) -> None:
    running, http = service("ssp")
    _six_in_aarhus_two_in_odense(running)

    table = http.get("/statistics", params={"by": "municipality"}, headers=CONSULTANT)
    assert table.status_code == 200, table.text
    rows = table.json()["rows"]
    cases = {r["group"]: r for r in rows if r["measure"] == "cases"}
    assert {g: r["value"] for g, r in cases.items()} == {"Aarhus": 6, "Odense": None}
    assert (cases["Odense"]["suppressed"], cases["Odense"]["suppressed_da"]) == (
        "fewer_than_5_cases",
        FEWER,
    )
    assert cases["Odense"]["suppressed_en"] == "fewer than 5 cases"
    assert cases["Aarhus"]["suppressed"] is None and cases["Aarhus"]["suppressed_da"] is None
    medians = [r for r in rows if r["measure"].startswith("median")]
    assert medians and all(r["value"] is None for r in medians), "no times were recorded"
    assert {(r["suppressed"], r["suppressed_da"]) for r in medians} == {
        ("median_of_fewer_than_5_cases", NO_MEDIAN)
    }, "a hidden median says it is about cases, never 'under five days'"
    rules = {r["suppressed"]: r for r in table.json()["suppression_rules"]}
    assert set(rules) == {
        "fewer_than_5_cases",
        "reveals_a_small_count",
        "median_of_fewer_than_5_cases",
    }
    assert rules["fewer_than_5_cases"]["why_da"] == (
        "Et antal mellem 1 og 4 vises aldrig, så ingen elev kan genkendes."
    )
    assert "<5" not in table.text

    as_csv = http.get("/statistics/csv", params={"by": "municipality"}, headers=CONSULTANT)
    lines = as_csv.text.splitlines()
    assert lines[0] == "group,quarter,measure,value,suppressed,suppressed_da,suppressed_en"
    odense = [line for line in lines if line.startswith("Odense,") and ",cases," in line]
    assert len(odense) == 1
    assert odense[0].endswith(",cases,,fewer_than_5_cases,færre end 5 sager,fewer than 5 cases")
    aarhus = [line for line in lines if line.startswith("Aarhus,") and ",cases," in line]
    assert aarhus[0].endswith(",cases,6,,,")
    hidden_median = f",median_of_fewer_than_5_cases,{NO_MEDIAN},no median: fewer than 5 cases"
    assert any(line.endswith(hidden_median) for line in lines)
    assert not [line for line in lines[1:] if line.split(",")[3] in {"1", "2", "3", "4"}]
    assert "<5" not in as_csv.text

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
    assert odense and all(title.endswith(f": {FEWER}") for title in odense), odense
    assert set(odense.values()) == {"hidden"}, "the suppressed bar is hatched"
    aarhus = [(t.rsplit(": ", 1)[1], k) for t, k in bars.items() if t.startswith("Aarhus ")]
    assert aarhus == [("6", "bar")]
    assert ">2<" not in chart.text and ": 2<" not in chart.text
    assert "&lt;5" not in chart.text and "<5" not in chart.text
    assert "“færre end 5 sager”: Et antal mellem 1 og 4 vises aldrig" in chart.text
    assert "Sager pr. kommune og kvartal" in chart.text

    refused = http.get("/statistics", headers=SCHOOL_STAFF)
    assert refused.status_code == 403
    bad = http.get("/statistics", params={"by": "school"}, headers=CONSULTANT)
    assert bad.status_code == 422 and "by" in bad.text


def test_samspil_stats_says_what_was_hidden_and_why(
    service: Callable[[ServiceName], Built],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    running, http = service("ssp")
    _six_in_aarhus_two_in_odense(running)

    def answered(*_: Any, params: dict[str, str], **__: Any) -> Any:
        return http.get("/statistics", params=params, headers=CONSULTANT)

    monkeypatch.setattr(stats_command, "call", answered)
    code = stats_command.stats(
        Settings(_env_file=None),
        by="municipality",
        as_csv=False,
        person="dpo",
        municipality="Aarhus",
        token=None,
    )

    printed = capsys.readouterr().out.splitlines()
    assert code == 0
    rows = [line.split(None, 3) for line in printed]
    cases = {row[0]: row[3].strip() for row in rows if row[2:3] == ["cases"]}
    assert cases == {"Aarhus": "6", "Odense": FEWER}
    medians = [line.rstrip() for line in printed if " median days " in line]
    assert medians and all(line.endswith(NO_MEDIAN) for line in medians)
    assert (
        "færre end 5 sager: Et antal mellem 1 og 4 vises aldrig, så ingen elev kan genkendes. "
        "(A count between 1 and 4 is never shown, so that no pupil can be singled out.)"
    ) in printed
    assert any(line.startswith(f"{NO_MEDIAN}: En median i dage vises kun") for line in printed)
    assert not any(line.startswith("skjult") for line in printed), "only the rules used"
    assert "<5" not in "\n".join(printed)
