"""Deadlines counted in working days, school days and plain days in the Danish calendar.

Every expected date is one a calendar without the holiday in question would get wrong, and
the tests say which date that would have been.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.deadlines.calendar import DANISH_TIME, Calendar, DateRange, danish_day, end_of_day
from infra.calendar import configured_calendar, danish_calendar, danish_public_holidays
from infra.settings import Settings

EFTERAARSFERIE_2026 = DateRange(date(2026, 10, 12), date(2026, 10, 16))  # week 42
CALENDAR = danish_calendar(range(2023, 2028), [EFTERAARSFERIE_2026])
NO_HOLIDAYS = Calendar()


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A moment in Danish local time."""
    return datetime(year, month, day, hour, minute, tzinfo=DANISH_TIME)


def end_of(year: int, month: int, day: int) -> datetime:
    """The deadline at the end of a Danish day: midnight at the start of the next one."""
    return datetime(year, month, day, tzinfo=DANISH_TIME) + timedelta(days=1)


# --- working days ------------------------------------------------------------------------


def test_a_weekend_is_skipped() -> None:
    friday = at(2026, 3, 6)
    assert CALENDAR.add_working_days(friday, 1) == end_of(2026, 3, 9)  # Monday
    assert CALENDAR.add_working_days(friday, 5) == end_of(2026, 3, 13)
    assert NO_HOLIDAYS.add_working_days(friday, 1) == end_of(2026, 3, 9)


def test_easter_skips_maundy_thursday_good_friday_and_easter_monday() -> None:
    wednesday = at(2026, 4, 1, 9, 15)
    assert CALENDAR.add_working_days(wednesday, 1) == end_of(2026, 4, 7)  # Tuesday
    assert CALENDAR.add_working_days(wednesday, 2) == end_of(2026, 4, 8)
    assert NO_HOLIDAYS.add_working_days(wednesday, 1) == end_of(2026, 4, 2)
    for day in (date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 6)):
        assert not CALENDAR.is_working_day(day)


def test_christmas_and_new_year_are_skipped() -> None:
    # 24 Dec (a day off), 25 and 26 Dec, the weekend: from the 23rd to Monday the 28th.
    assert CALENDAR.add_working_days(at(2026, 12, 23), 1) == end_of(2026, 12, 28)
    assert NO_HOLIDAYS.add_working_days(at(2026, 12, 23), 1) == end_of(2026, 12, 24)
    # 31 Dec (a day off) and 1 Jan, then the weekend: into the next year.
    assert CALENDAR.add_working_days(at(2026, 12, 30), 1) == end_of(2027, 1, 4)
    assert NO_HOLIDAYS.add_working_days(at(2026, 12, 30), 1) == end_of(2026, 12, 31)


def test_kristi_himmelfartsdag_is_skipped() -> None:
    assert CALENDAR.add_working_days(at(2026, 5, 13), 1) == end_of(2026, 5, 15)
    assert NO_HOLIDAYS.add_working_days(at(2026, 5, 13), 1) == end_of(2026, 5, 14)


def test_pinse_is_skipped() -> None:
    assert CALENDAR.add_working_days(at(2026, 5, 22), 1) == end_of(2026, 5, 26)
    assert NO_HOLIDAYS.add_working_days(at(2026, 5, 22), 1) == end_of(2026, 5, 25)


def test_grundlovsdag_is_a_day_off_but_1_may_is_a_working_day() -> None:
    assert CALENDAR.add_working_days(at(2026, 6, 4), 1) == end_of(2026, 6, 8)
    assert NO_HOLIDAYS.add_working_days(at(2026, 6, 4), 1) == end_of(2026, 6, 5)
    assert CALENDAR.is_working_day(date(2026, 5, 1))


def test_store_bededag_is_a_holiday_until_2023_and_not_from_2024() -> None:
    assert not CALENDAR.is_working_day(date(2023, 5, 5))
    assert CALENDAR.add_working_days(at(2023, 5, 4), 1) == end_of(2023, 5, 8)
    # The fourth Friday after Easter is an ordinary working day from 2024 on.
    assert CALENDAR.add_working_days(at(2024, 4, 25), 1) == end_of(2024, 4, 26)
    assert CALENDAR.add_working_days(at(2026, 4, 30), 1) == end_of(2026, 5, 1)
    assert {date(2024, 4, 26), date(2025, 5, 16), date(2026, 5, 1)}.isdisjoint(
        danish_public_holidays(range(2024, 2027))
    )


def test_counting_starts_the_day_after_even_from_a_holiday() -> None:
    assert CALENDAR.add_working_days(at(2026, 4, 3), 1) == end_of(2026, 4, 7)
    assert CALENDAR.add_working_days(at(2026, 4, 4), 0) == end_of(2026, 4, 7)
    assert CALENDAR.add_working_days(at(2026, 4, 1), 0) == end_of(2026, 4, 1)


# --- school days -------------------------------------------------------------------------


def test_the_efteraarsferie_is_skipped_by_school_days_but_not_by_working_days() -> None:
    friday = at(2026, 10, 9, 14)
    assert CALENDAR.add_school_days(friday, 1) == end_of(2026, 10, 19)
    assert CALENDAR.add_working_days(friday, 1) == end_of(2026, 10, 12)
    assert CALENDAR.add_school_days(at(2026, 10, 14), 1) == end_of(2026, 10, 19)
    assert CALENDAR.is_school_holiday(date(2026, 10, 12))
    assert not CALENDAR.is_school_holiday(date(2026, 10, 17))
    assert not CALENDAR.is_school_day(date(2026, 10, 16))
    assert CALENDAR.is_working_day(date(2026, 10, 16))


def test_school_days_skip_public_holidays_too() -> None:
    assert CALENDAR.add_school_days(at(2026, 4, 1), 1) == end_of(2026, 4, 7)


def test_the_school_holidays_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "SAMSPIL_SCHOOL_HOLIDAYS",
        '[{"first": "2026-10-12", "last": "2026-10-16"}, '
        '{"first": "2026-06-27", "last": "2026-08-09"}]',
    )
    calendar = configured_calendar(Settings(), today=date(2026, 5, 1))
    assert calendar.add_school_days(at(2026, 10, 9), 1) == end_of(2026, 10, 19)
    assert calendar.add_school_days(at(2026, 6, 26), 1) == end_of(2026, 8, 10)
    assert calendar.add_working_days(at(2026, 12, 30), 1) == end_of(2027, 1, 4)
    assert Settings.model_fields["school_holidays"].default_factory is list


# --- plain days and summer time ----------------------------------------------------------


def test_plain_days_count_weekends_and_holidays() -> None:
    assert CALENDAR.add_days(at(2026, 4, 1), 2) == end_of(2026, 4, 3)
    assert CALENDAR.add_days(at(2026, 4, 1), 0) == end_of(2026, 4, 1)


def test_the_deadline_is_midnight_danish_time_given_in_utc() -> None:
    deadline = CALENDAR.add_working_days(at(2026, 4, 1), 1)
    assert deadline == datetime(2026, 4, 7, 22, 0, tzinfo=UTC)  # 00:00 CEST on the 8th
    assert deadline.utcoffset() == timedelta(0)
    assert end_of_day(date(2026, 1, 5)) == datetime(2026, 1, 5, 23, 0, tzinfo=UTC)  # CET


def test_the_day_of_a_moment_is_its_danish_day() -> None:
    # 22:30 UTC on Saturday 24 October 2026 is 00:30 on Sunday 25 October in Denmark.
    saturday_utc = datetime(2026, 10, 24, 22, 30, tzinfo=UTC)
    assert danish_day(saturday_utc) == date(2026, 10, 25)
    assert CALENDAR.add_days(saturday_utc, 1) == end_of(2026, 10, 26)
    # 23:30 on Friday 27 March in Denmark is still Friday, though it is 22:30 UTC.
    friday_night = datetime(2026, 3, 27, 22, 30, tzinfo=UTC)
    assert CALENDAR.add_working_days(friday_night, 1) == end_of(2026, 3, 30)


def test_summer_time_begins_the_last_sunday_of_march() -> None:
    saturday = at(2026, 3, 28)
    sunday_ends = CALENDAR.add_days(saturday, 1)
    assert sunday_ends == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # 00:00 CEST, Monday
    assert sunday_ends - CALENDAR.add_days(saturday, 0) == timedelta(hours=23)
    assert CALENDAR.add_working_days(saturday, 1) == datetime(2026, 3, 30, 22, 0, tzinfo=UTC)


def test_summer_time_ends_the_last_sunday_of_october() -> None:
    saturday = at(2026, 10, 24)
    sunday_ends = CALENDAR.add_days(saturday, 1)
    assert sunday_ends == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)  # 00:00 CET, Monday
    assert sunday_ends - CALENDAR.add_days(saturday, 0) == timedelta(hours=25)
    # The first hour of the 25th happens twice; both are Sunday and count from Sunday.
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert CALENDAR.add_working_days(first, 1) == CALENDAR.add_working_days(second, 1)
    assert CALENDAR.add_working_days(first, 1) == datetime(2026, 10, 26, 23, 0, tzinfo=UTC)


# --- what the calendar refuses -----------------------------------------------------------


def test_a_naive_moment_or_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.add_working_days(datetime(2026, 4, 1, 12), 1)
    with pytest.raises(ValueError, match="forward"):
        CALENDAR.add_school_days(at(2026, 4, 1), -1)
    with pytest.raises(ValueError, match="forward"):
        CALENDAR.add_days(at(2026, 4, 1), -1)


def test_a_date_range_cannot_end_before_it_begins() -> None:
    with pytest.raises(ValueError, match="before it begins"):
        DateRange(date(2026, 10, 16), date(2026, 10, 12))
    assert date(2026, 10, 12) in EFTERAARSFERIE_2026
    assert date(2026, 10, 17) not in EFTERAARSFERIE_2026


def test_a_calendar_without_school_days_fails_instead_of_searching_forever() -> None:
    forever = Calendar(school_holidays=(DateRange(date(2026, 1, 1), date(2040, 12, 31)),))
    with pytest.raises(ValueError, match="no day to count"):
        forever.add_school_days(at(2026, 4, 1), 1)
