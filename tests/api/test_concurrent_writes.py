"""A command that meets a concurrent write runs again on the fresh state; nothing is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from domain.case import Case
from tests.builders import HEAD, TEACHER
from tests.identities import SCHOOL_STAFF
from tests.system import a_report


def test_a_command_reruns_on_the_fresh_case_after_a_concurrent_write(service: Any) -> None:
    running, _ = service("school")
    app = running.app
    case = app.report_case(
        institution="Skolen",
        municipality="Aarhus",
        police_district="oestjylland",
        offence_category="grooming",
        victim_is_minor=True,
        description="Groomed online.",
        actor=TEACHER,
    )
    seen_versions: list[int] = []

    def inform_parents(current: Case) -> None:
        seen_versions.append(current.version)
        if len(seen_versions) == 1:  # meanwhile, a colleague notifies the police
            other: Case = app.repository.get(case.id)
            other.notify_police(actor=HEAD)
            app.save(other)
        current.inform_parents(actor=TEACHER)

    app.act(case.id, inform_parents)

    assert seen_versions == [1, 2]
    assert [type(e).__name__ for e in app.history(case.id)] == [
        "Reported",
        "PoliceNotified",
        "ParentsInformed",
    ]


def test_colleagues_reporting_at_the_same_moment_each_get_their_case_listed(
    service: Any,
) -> None:
    """Every report adds to the school's one listing; a report that meets another's
    write to it is made again, never answered with an error."""
    _, http = service("school")

    def report(_: int) -> int:
        return int(http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).status_code)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(report, range(30)))
    assert answers == [201] * 30
    listed = http.get("/cases", headers=SCHOOL_STAFF).json()["cases"]
    assert len(listed) == 30
