"""``samspil stats [--by municipality] [--csv]``: the statistics, small counts suppressed.

A table in the terminal, or CSV to redirect into a spreadsheet; the chart is at the
SSP service's ``/statistics/chart``. A hidden value says what was hidden ("færre end 5
sager"), and a note below the table says why. Acts as the data protection officer (see
``services.cli.calls``).
"""

from __future__ import annotations

from infra.settings import Settings
from services.cli.calls import CallFailed, call, service_url


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
    table = response.json()
    rows = [
        (r["group"], r["quarter"], r["measure"], _shown(r["value"], r.get("suppressed_da")))
        for r in table["rows"]
    ]
    header = (by.replace("_", " "), "quarter", "measure", "value")
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    for line in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
    used = {r["suppressed"] for r in table["rows"] if r.get("suppressed")}
    for rule in table.get("suppression_rules", []):
        if rule["suppressed"] in used:
            print(f"{rule['label_da']}: {rule['why_da']} ({rule['why_en']})")
    print(f"{service_url(settings, 'ssp')}/statistics/chart?by={by} shows the cases as a chart.")
    return 0


def _shown(value: float | None, suppressed_da: str | None) -> str:
    """A value as the table prints it: a hidden one says what was hidden, never "<5"."""
    if value is not None:
        return f"{value:g}"
    return suppressed_da or "vises ikke"
