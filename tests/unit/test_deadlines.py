"""Deadlines follow from the case's history; the clock records each set, met, lifted,
missed and escalated, and tells each step of the chain once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.actors import Actor, Role
from domain.case import Case
from domain.case_facts import Outcome, TakedownOutcome
from domain.deadlines.calendar import Calendar, DateRange
from domain.deadlines.clock import DEFAULT_CHAIN, DeadlineClock, Standing, Tell
from domain.deadlines.derive import deadlines_of
from domain.deadlines.kinds import DeadlineKind, DeadlinePolicy
from domain.errors import NoUnderretningSent
from domain.handling_model import Level
from infra.calendar import danish_calendar
from tests.builders import HEAD, OFFICER, TEACHER, a_case, an_assessed_case, assess

POLICY = DeadlinePolicy()
CALENDAR = danish_calendar(range(2025, 2029), [])
TODAY = date.today()


def _current(case: Case) -> dict[str, object]:
    return {d.key: d for d in deadlines_of(case, POLICY, CALENDAR, TODAY)}


def _clocked(case: Case) -> DeadlineClock:
    clock = DeadlineClock(case_id=case.id)
    clock.reconcile(deadlines_of(case, POLICY, CALENDAR, TODAY))
    return clock


def test_a_minors_parents_are_due_by_the_end_of_the_next_school_day() -> None:
    case = a_case()
    (parents,) = deadlines_of(case, POLICY, CALENDAR, TODAY)
    assert parents.kind is DeadlineKind.PARENTS_INFORMED and parents.met is None
    assert parents.due == CALENDAR.add_school_days(case.created_on, 1)
    holiday = DateRange(TODAY, TODAY + timedelta(days=14))
    later = deadlines_of(case, POLICY, Calendar(CALENDAR.holidays, (holiday,)), TODAY)[0]
    assert later.due > parents.due, "a school holiday moves a school-day deadline"
    case.inform_parents(actor=HEAD)
    assert deadlines_of(case, POLICY, CALENDAR, TODAY)[0].met is not None


def test_an_adult_victim_has_no_parents_deadline() -> None:
    assert deadlines_of(a_case(minor=False), POLICY, CALENDAR, TODAY) == []


def test_each_police_notification_is_due_its_acknowledgement_and_level_3_the_evidence() -> None:
    case = an_assessed_case(Level.THREE)
    first, second = case.notify_police(actor=TEACHER), case.notify_police(actor=TEACHER)
    current = _current(case)
    assert f"police_acknowledged:{first}" in current and f"police_acknowledged:{second}" in current
    assert "evidence_decided" in current
    low = an_assessed_case(Level.TWO)
    low.notify_police(actor=TEACHER)
    assert "evidence_decided" not in _current(low)
    case.record_police_acknowledgement(notification_id=first, actor=OFFICER)
    acknowledged = _current(case)[f"police_acknowledged:{first}"]
    assert acknowledged.met is not None and acknowledged.met.actor == OFFICER  # type: ignore[attr-defined]


def test_a_refused_takedown_is_due_its_complaint() -> None:
    case = an_assessed_case(Level.TWO)
    case.request_takedown(platform="Snapchat", actor=TEACHER)
    assert _current(case)["takedown_answered:Snapchat"].met is None  # type: ignore[attr-defined]
    case.record_takedown_outcome(
        platform="Snapchat", outcome=TakedownOutcome.REFUSED, actor=TEACHER
    )
    current = _current(case)
    assert current["takedown_answered:Snapchat"].met is not None  # type: ignore[attr-defined]
    assert current["complaint_filed:Snapchat"].met is None  # type: ignore[attr-defined]


def test_an_underretning_is_due_the_authoritys_receipt_in_six_working_days_past_easter() -> None:
    case = a_case()
    case.send_underretning(reason="Forældrene er selv problemet", actor=HEAD)
    sent_tuesday_before_easter = datetime(2027, 3, 23, 10, tzinfo=UTC)
    assert case.underretning is not None
    case.underretning = replace(case.underretning, at=sent_tuesday_before_easter)
    receipt = _current(case)["underretning_received"]
    # Wed 24 (1); Maundy Thursday, Good Friday, the weekend and Easter Monday do not
    # count; Tue 30 (2), Wed 31 (3), Thu 1 (4), Fri 2 (5), Mon 5 April (6).
    assert receipt.due.date() == date(2027, 4, 5)  # type: ignore[attr-defined]
    assert receipt.responsible is Role.LEDELSE  # type: ignore[attr-defined]
    by_system = Actor.case_system("Frederiksberg")
    case.record_underretning_receipt(confirmed_at=case.modified_on, actor=by_system)
    case.record_underretning_receipt(confirmed_at=case.modified_on, actor=by_system)
    met = _current(case)["underretning_received"].met  # type: ignore[attr-defined]
    assert met is not None and met.actor.role is Role.SAGSSYSTEM
    kinds = [type(e).__name__ for e in case.collect_events()]
    assert kinds.count("UnderretningReceiptRecorded") == 1, "a receipt sent again is one"


def test_a_receipt_answers_an_underretning() -> None:
    with pytest.raises(NoUnderretningSent):
        a_case().record_underretning_receipt(
            confirmed_at=datetime.now(UTC), actor=Actor.case_system("Frederiksberg")
        )


def test_the_clock_records_set_met_and_lifted() -> None:
    case = a_case()
    clock = _clocked(case)
    case.inform_parents(actor=HEAD)
    assess(case, Level.TWO)
    notified = case.notify_police(actor=TEACHER)
    clock.reconcile(deadlines_of(case, POLICY, CALENDAR, TODAY))
    case.close(outcome=Outcome.RESOLVED, reason="Afsluttet", left_open=[], actor=HEAD)
    clock.reconcile(deadlines_of(case, POLICY, CALENDAR, TODAY))
    kinds = [type(e).__name__ for e in clock.collect_events()]
    assert kinds == ["Started", "DeadlineSet", "DeadlineMet", "DeadlineSet", "DeadlineLifted"]
    assert clock.deadlines["parents_informed"].standing is Standing.MET
    assert clock.deadlines[f"police_acknowledged:{notified}"].standing is Standing.LIFTED


def test_a_missed_deadline_is_told_step_by_step_once() -> None:
    case = a_case()
    clock = _clocked(case)
    due = clock.deadlines["parents_informed"].due
    assert clock.due_steps(due - timedelta(seconds=1), DEFAULT_CHAIN, CALENDAR, POLICY) == []
    (missed,) = clock.due_steps(due, DEFAULT_CHAIN, CALENDAR, POLICY)
    assert missed.step == 0 and missed.tell == (Tell.RESPONSIBLE,)
    clock.tell(missed, ("ledelse@Frederiksberg Skole",))
    clock.tell(missed, ("ledelse@Frederiksberg Skole",))  # a second run: not told again
    assert clock.due_steps(due, DEFAULT_CHAIN, CALENDAR, POLICY) == []
    later = clock.next_step_at(DEFAULT_CHAIN, CALENDAR, POLICY)
    assert later is not None and later == CALENDAR.add_working_days(
        due - timedelta(microseconds=1), 1
    )
    (escalated,) = clock.due_steps(later, DEFAULT_CHAIN, CALENDAR, POLICY)
    assert escalated.step == 1 and escalated.tell == (Tell.MANAGEMENT,)
    clock.tell(escalated, ("ledelse@Frederiksberg Skole",))
    assert clock.next_step_at(DEFAULT_CHAIN, CALENDAR, POLICY) is None, "the chain has ended"
    kinds = [type(e).__name__ for e in clock.collect_events()]
    assert kinds == ["Started", "DeadlineSet", "DeadlineMissed", "DeadlineEscalated"]


COMMANDS = st.sampled_from(
    [
        "inform",
        "defer",
        "assess3",
        "notify",
        "acknowledge",
        "takedown",
        "refuse",
        "underretning",
        "receipt",
        "close",
    ]
)
STEPS = st.lists(st.one_of(COMMANDS, st.integers(1, 10)), max_size=14)


def _run(case: Case, command: str) -> None:
    """One professional's command, where the rules allow it (a refusal records nothing)."""
    try:
        if command == "inform":
            case.inform_parents(actor=HEAD)
        elif command == "defer":
            case.defer_informing_parents(
                reason="Faderen er voldelig", reassess_by=TODAY + timedelta(days=3), actor=HEAD
            )
        elif command == "assess3":
            assess(case, Level.THREE)
        elif command == "notify":
            case.notify_police(actor=TEACHER)
        elif command == "acknowledge":
            for contact in list(case.police_contacts.values()):
                if contact.acknowledged is None:
                    case.record_police_acknowledgement(
                        notification_id=contact.notification_id, actor=OFFICER
                    )
        elif command == "takedown":
            case.request_takedown(platform="TikTok", actor=TEACHER, before_parents_because="Haster")
        elif command == "refuse":
            case.record_takedown_outcome(
                platform="TikTok", outcome=TakedownOutcome.REFUSED, actor=TEACHER
            )
        elif command == "underretning":
            case.send_underretning(reason="Forældrene er selv problemet", actor=HEAD)
        elif command == "receipt":
            case.record_underretning_receipt(
                confirmed_at=case.modified_on, actor=Actor.case_system("Frederiksberg")
            )
        elif command == "close":
            case.close(outcome=Outcome.RESOLVED, reason="Slut", left_open=[], actor=HEAD)
    except Exception:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS, minor=st.booleans())
def test_every_deadline_is_met_lifted_or_told_each_step_exactly_once(
    steps: list[str | int], minor: bool
) -> None:
    case = a_case(minor=minor)
    clock = _clocked(case)
    now = case.created_on
    for step in steps:
        if isinstance(step, int):
            now += timedelta(days=step)
            for due in clock.due_steps(now, DEFAULT_CHAIN, CALENDAR, POLICY):
                clock.tell(due, ("someone",))
        else:
            _run(case, step)
            clock.reconcile(deadlines_of(case, POLICY, CALENDAR, TODAY))
    for _ in range(4):  # long after: every open deadline has been told all its steps
        now += timedelta(days=30)
        for due in clock.due_steps(now, DEFAULT_CHAIN, CALENDAR, POLICY):
            clock.tell(due, ("someone",))
    for key, tracked in clock.deadlines.items():
        chain = DEFAULT_CHAIN[tracked.kind]
        assert tracked.standing is not Standing.OPEN or tracked.told == len(chain), key
    events = clock.collect_events()
    told = [
        (e.key, getattr(e, "step", 0))
        for e in events
        if type(e).__name__ in ("DeadlineMissed", "DeadlineEscalated")
    ]
    sets = {e.key: 0 for e in events if type(e).__name__ == "DeadlineSet"}
    for e in events:
        if type(e).__name__ == "DeadlineSet":
            sets[e.key] += 1
    for key, step in set(told):
        assert told.count((key, step)) <= sets[key], f"{key} step {step} told twice"
    applies = {d.kind for d in deadlines_of(case, POLICY, CALENDAR, TODAY)}
    if not minor:
        assert all(t.kind is not DeadlineKind.PARENTS_INFORMED for t in clock.deadlines.values())
    if case.underretning is None:
        assert all(
            t.kind is not DeadlineKind.UNDERRETNING_RECEIVED for t in clock.deadlines.values()
        )
    if case.level is None or case.level < Level.THREE:
        assert all(t.kind is not DeadlineKind.EVIDENCE_DECIDED for t in clock.deadlines.values())
    assert applies <= {t.kind for t in clock.deadlines.values()}
