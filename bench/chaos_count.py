"""The chaos benchmark's final count: every accepted command looked for in the stores.

With the system stopped, each service's store is opened by its own application (as
``samspil audit export`` opens the school's), and every command is looked for where it
was accepted and wherever it should have arrived; the number at each place is how many
times it is there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from bench.chaos_load import LOAD_SCHOOL, Command, Ledger, Step
from domain.geography import PoliceDistrict
from infra.event_store import store_env
from infra.settings import SERVICES, Settings
from services.kit.application import ServiceApplication
from services.police_liaison.application import inbox_name
from services.run.blueprints import BLUEPRINTS
from services.ssp.application import overview_name


@dataclass(frozen=True)
class Count:
    """Accepted commands as found in the stores at the end."""

    delivered: int
    lost: int
    duplicated: int
    unknown_to_load: int
    """Cases at SSP the load never got an answer for (their request's answer was lost)."""
    missing: tuple[tuple[str, int], ...] = ()
    """Where the lost commands are missing (``notify: SSP's case file``), and how many."""


def count_in_stores(settings: Settings, ledger: Ledger) -> Count:
    """Look for every accepted command in the stores: where it was accepted, and wherever
    it should have arrived. A place's number is how many times it is there."""
    apps = {
        name: BLUEPRINTS[name].application(store_env(settings, name), settings) for name in SERVICES
    }
    school, ssp, police = apps["school"], apps["ssp"], apps["police_liaison"]
    try:
        overview = Counter(ssp.listing(overview_name(LOAD_SCHOOL.municipality)).ids)
        inbox = Counter(police.listing(inbox_name(PoliceDistrict(LOAD_SCHOOL.district))).ids)
        lost = duplicated = 0
        missing: Counter[str] = Counter()
        for command in ledger.commands():
            places = _places(command, school, ssp, police, overview, inbox)
            lost += min(places) < 1
            duplicated += max(places) > 1
            names = PLACES[command.step]
            missing.update(f"{command.step}: {names[i]}" for i, n in enumerate(places) if n < 1)
        reported = {UUID(c.case_id) for c in ledger.commands() if c.step is Step.REPORT}
        accepted = ledger.accepted
        unknown = len(set(overview) - reported)
        return Count(accepted - lost, lost, duplicated, unknown, tuple(sorted(missing.items())))
    finally:
        for app in apps.values():
            app.close()


PLACES: dict[Step, tuple[str, ...]] = {
    Step.REPORT: ("the school's case", "SSP's case file", "SSP's overview"),
    Step.NOTIFY: (
        "the school's case",
        "the police's notification",
        "the police inbox",
        "SSP's case file",
    ),
    Step.ACKNOWLEDGE: ("the police's notification", "the school's case"),
}
"""The places ``_places`` counts a command in, in its order."""


def _named(events: list[Any], name: str, **attributes: object) -> int:
    """How many of the events are of that kind, with those attributes."""
    return sum(
        type(e).__name__ == name and all(getattr(e, k, None) == v for k, v in attributes.items())
        for e in events
    )


def _places(
    command: Command,
    school: ServiceApplication,
    ssp: ServiceApplication,
    police: ServiceApplication,
    overview: Counter[UUID],
    inbox: Counter[UUID],
) -> list[int]:
    """How many times the command is in each place it should be, read from histories."""
    case_id = UUID(command.case_id)
    at_school = school.history(case_id)
    if command.step is Step.REPORT:
        return [
            _named(at_school, "Reported"),
            _named(ssp.history(case_id), "Opened"),
            overview[case_id],
        ]
    notification_id = UUID(command.notification_id)
    at_police = police.history(notification_id)
    if command.step is Step.NOTIFY:
        others = _named(at_school, "PoliceNotified") - 1  # the case's other notifications
        return [
            _named(at_school, "PoliceNotified", notification_id=notification_id),
            _named(at_police, "Received"),
            inbox[notification_id],
            _named(ssp.history(case_id), "PoliceNotifiedBySchool") - others,
        ]
    return [
        _named(at_police, "Acknowledged"),
        _named(at_school, "PoliceAcknowledged", notification_id=notification_id),
    ]
