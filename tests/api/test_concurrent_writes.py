"""A command that meets a concurrent write runs again on the fresh state; nothing is lost."""

from __future__ import annotations

from typing import Any

from domain.case import Case
from tests.builders import HEAD, TEACHER


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
