"""``samspil retention run [--dry-run]``: erase the cases the retention policy says are due.

The running school service applies its policy (``SAMSPIL_RETENTION_YEARS``) and erases
each due case as ``samspil erase`` would; the command acts as the municipality's data
protection officer (see ``services.cli.calls``).
"""

from __future__ import annotations

from infra.settings import Settings
from services.cli.calls import CallFailed, call


def run(
    settings: Settings,
    *,
    dry_run: bool,
    person: str,
    municipality: str | None,
    token: str | None,
) -> int:
    try:
        response = call(
            settings,
            "school",
            "POST",
            "/audit/retention",
            params={"dry_run": str(dry_run).lower()},
            token=token,
            person=person,
            municipality=municipality,
            timeout=120.0,
        )
    except CallFailed as failed:
        print(f"samspil retention run: {failed}")
        return failed.exit_code
    cases = response.json()["cases"]
    verb = "due (dry run, nothing erased)" if dry_run else "erased"
    print(f"{len(cases)} case(s) {verb}:")
    for case_id in cases:
        print(f"  {case_id}")
    return 0
