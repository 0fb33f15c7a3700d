"""``samspil stats [--by municipality] [--csv]``: the statistics, small counts suppressed.

A table in the terminal, or CSV to redirect into a spreadsheet; the chart is at the
SSP service's ``/statistics/chart``. Acts as the data protection officer (see
``services.operator_calls``).
"""

from __future__ import annotations

from infra.settings import Settings
from services.operator_calls import CallFailed, call, service_url


def stats(
    settings: Settings,
    *,
    by: str,
    as_csv: bool,
    person: str,
    municipality: str | None,
    token: str | None,
) -> int:
    path = "/statistics/csv" if as_csv else "/statistics"
    try:
        response = call(
            settings,
            "ssp",
            "GET",
            path,
            params={"by": by},
            token=token,
            person=person,
            municipality=municipality,
        )
    except CallFailed as failed:
        print(f"samspil stats: {failed}")
        return failed.exit_code
    if as_csv:
        print(response.text, end="")
        return 0
    rows = [
        (r["group"], r["quarter"], r["measure"], "<5" if r["value"] is None else f"{r['value']:g}")
        for r in response.json()["rows"]
    ]
    header = (by.replace("_", " "), "quarter", "measure", "value")
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    for line in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
    print(f"{service_url(settings, 'ssp')}/statistics/chart?by={by} shows the cases as a chart.")
    return 0
