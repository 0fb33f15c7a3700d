"""``samspil retention run [--dry-run]``: erase the cases the retention policy says are due.

The running school service applies its policy (``SAMSPIL_RETENTION_YEARS``) and erases
each due case as ``samspil erase`` would; the command acts as the municipality's data
protection officer, with a token from the local issuer.
"""

from __future__ import annotations

import json

import httpx

from infra.auth import local_issuer
from infra.settings import Settings
from services.launcher import runtime_file


def run(settings: Settings, *, dry_run: bool, person: str) -> int:
    try:
        school = json.loads(runtime_file(settings).read_text(encoding="utf-8"))["school"]
    except FileNotFoundError:
        school = f"http://{settings.http_host}:{settings.school_port}"
    token = local_issuer(settings).token(
        settings, person=person, role="databeskyttelse", organisation="databeskyttelse"
    )
    try:
        response = httpx.post(
            f"{school}/audit/retention",
            params={"dry_run": str(dry_run).lower()},
            headers={"Authorization": f"Bearer {token}"},
            timeout=120.0,
        )
    except httpx.HTTPError as error:
        print(f"samspil retention run: the school service at {school} did not answer ({error})")
        return 2
    if response.status_code != 200:
        print(f"samspil retention run: {response.json().get('detail', response.text)}")
        return 1
    cases = response.json()["cases"]
    verb = "due (dry run, nothing erased)" if dry_run else "erased"
    print(f"{len(cases)} case(s) {verb}:")
    for case_id in cases:
        print(f"  {case_id}")
    return 0
