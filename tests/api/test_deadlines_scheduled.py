"""The school's scheduler: a police notification not acknowledged in time is recorded
as missed and told to the district's liaison lead and the case's SSP consultant, once;
acknowledged in time, nobody is told."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.deadlines.clock import DeadlineClock
from services.kit.scheduler import Scheduler
from services.school.deadlines import TIMED
from tests.identities import SCHOOL_STAFF
from tests.system import a_report

CONTACTS = {
    "police_lead@koebenhavn": ["ssp-leder@politi.example"],
    "ssp@Frederiksberg": ["ssp@frederiksberg.example"],
}


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now().astimezone()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def school(service: Any) -> Any:
    running, http = service("school", escalation_contacts=CONTACTS)
    return running, http


def _notified(http: Any) -> tuple[str, str]:
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    http.post(f"/cases/{case_id}/parents-informed", headers=SCHOOL_STAFF)
    answer = http.post(f"/cases/{case_id}/police-notifications", headers=SCHOOL_STAFF)
    return case_id, answer.json()["police_notification_id"]


def _history(app: Any, case_id: str) -> list[Any]:
    return app.history(DeadlineClock.create_id(UUID(case_id)))


def test_a_notification_not_acknowledged_in_time_is_told_once(school: Any) -> None:
    running, http = school
    case_id, notification_id = _notified(http)
    clock = Clock()
    scheduler = Scheduler(running.app, TIMED, now=clock)
    scheduler.follow()
    key = f"police_acknowledged:{notification_id}"
    due = running.app.clocks.clock_of(UUID(case_id)).deadlines[key].due
    assert scheduler.index.first() is not None and scheduler.index.first() <= due
    clock.now = due - timedelta(minutes=1)
    scheduler.run_due()
    assert not [e for e in _history(running.app, case_id) if type(e).__name__ == "DeadlineMissed"]

    clock.now = due + timedelta(minutes=1)
    scheduler.run_due()
    scheduler.run_due()  # again: nothing more is told
    (missed,) = [e for e in _history(running.app, case_id) if type(e).__name__ == "DeadlineMissed"]
    assert missed.key == key
    assert sorted(missed.told) == ["police_lead@koebenhavn", "ssp@Frederiksberg"]
    assert scheduler.index.first() is None or scheduler.index.first() > clock.now
    sent_to = sorted(
        n.recipient
        for person in ("police_lead@koebenhavn", "ssp@Frederiksberg")
        for n in running.app.outbox.pending(person)
    )
    assert sent_to == ["ssp-leder@politi.example", "ssp@frederiksberg.example"]
    for person in ("police_lead@koebenhavn", "ssp@Frederiksberg"):
        (notice,) = running.app.outbox.pending(person)
        text = notice.subject_da + notice.body_da + notice.body_en
        assert "Pupil" not in text and "unknown profile" not in text, "no case content"
        assert case_id[:8].upper() in text


def test_acknowledged_in_time_nobody_is_told(school: Any) -> None:
    running, http = school
    case_id, notification_id = _notified(http)
    clock = Clock()
    scheduler = Scheduler(running.app, TIMED, now=clock)
    case = running.app.repository.get(UUID(case_id))
    running.app.act(
        case.id,
        lambda c: c.record_police_acknowledgement(
            notification_id=UUID(notification_id), actor=c.reported.actor
        ),
    )
    clock.now += timedelta(days=30)
    scheduler.run_due()
    kinds = [type(e).__name__ for e in _history(running.app, case_id)]
    assert "DeadlineMet" in kinds and "DeadlineMissed" not in kinds


def test_the_history_shows_every_deadline_set_and_met(school: Any) -> None:
    running, http = school
    case_id, _ = _notified(http)
    kinds = [(type(e).__name__, getattr(e, "key", "")) for e in _history(running.app, case_id)]
    assert ("DeadlineSet", "parents_informed") in kinds and (
        "DeadlineMet",
        "parents_informed",
    ) in kinds
    assert any(k == "DeadlineSet" and key.startswith("police_acknowledged:") for k, key in kinds)


def test_the_colleague_an_item_is_assigned_to_is_the_one_reminded(school: Any) -> None:
    running, http = school
    case_id = http.post("/cases", json=a_report(), headers=SCHOOL_STAFF).json()["case_id"]
    assigned = http.post(
        f"/cases/{case_id}/assignments",
        json={"item": "involve_parents", "person_id": "studievejleder-mette"},
        headers=SCHOOL_STAFF,
    )
    assert assigned.status_code == 200, assigned.text
    clock = Clock()
    scheduler = Scheduler(running.app, TIMED, now=clock)
    due = running.app.clocks.clock_of(UUID(case_id)).deadlines["parents_informed"].due
    clock.now = due + timedelta(minutes=1)
    scheduler.run_due()
    (missed,) = [e for e in _history(running.app, case_id) if type(e).__name__ == "DeadlineMissed"]
    assert list(missed.told) == ["person:studievejleder-mette"]


def test_a_clock_recorded_while_the_scheduler_looks_away_is_run_at_once(school: Any) -> None:
    """A case notified between the scheduler's last look at the store and its sleep
    wakes it all the same: the step is not left for the next minute's round."""
    running, http = school
    clock = Clock()
    clock.now += timedelta(days=30)  # whatever is recorded is due at once
    scheduler = Scheduler(running.app, TIMED, now=clock)
    notified: list[tuple[str, str]] = []
    looked = scheduler.index.first

    def first_then_a_notification() -> datetime | None:
        found = looked()
        if not notified:  # after the round's last look, before the sleep
            notified.append(_notified(http))
        return found

    scheduler.index.first = first_then_a_notification  # type: ignore[method-assign]

    def missed() -> list[Any]:
        if not notified:
            return []
        history = _history(running.app, notified[0][0])
        return [e for e in history if type(e).__name__ == "DeadlineMissed"]

    async def run_for_a_while() -> None:
        task = asyncio.create_task(scheduler.run())
        try:
            for _ in range(100):
                await asyncio.sleep(0.1)
                if await running.app.workers.run(missed):
                    return
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    asyncio.run(run_for_a_while())
    assert missed(), "the step recorded during the round was run within ten seconds"
