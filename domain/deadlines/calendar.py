"""The calendar deadlines are counted in: working days, school days and plain days.

Deadlines are counted as a Danish professional reads them, in Danish local time
(Europe/Copenhagen): the day an event happens is not counted, and a deadline of *n* days
runs to the end of the *n*-th day after it. "By the end of the next school day" is
``add_school_days(reported_at, 1)``.

End of day: a deadline is the instant the following day begins, 00:00 Danish time,
returned in UTC as every other moment in Samspil. It is an exclusive bound — a deed is
in time when it happens *before* the deadline — so no moment of the last day (not even
23:59:59.999999) is lost, and midnight always exists in Danish time: the clocks change at
02:00/03:00, so the deadline is exact across summer-time changes, where a day is 23 or 25
hours long.

Which days are public holidays and which weeks are school holidays is not the domain's to
know: the calendar is given them (``infra.calendar`` builds it from a holiday library and the
municipality's settings), so it stays pure and can be tested with any calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DANISH_TIME = ZoneInfo("Europe/Copenhagen")

# A misconfigured calendar (a school holiday of years) must fail, not search forever.
SEARCH_LIMIT_DAYS = 5 * 366

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DateRange:
    """Days from ``first`` to ``last``, both included: a school holiday as schools write it."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a date range ends ({self.last}) before it begins ({self.first})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def danish_day(moment: datetime) -> date:
    """The day ``moment`` falls on in Denmark; a naive moment is refused, as its day is unknown."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a deadline is counted from an aware moment (with a time zone)")
    return moment.astimezone(DANISH_TIME).date()


def end_of_day(day: date) -> datetime:
    """The end of ``day`` in Denmark: the instant the next day begins there, in UTC."""
    return datetime.combine(day + ONE_DAY, time(), tzinfo=DANISH_TIME).astimezone(UTC)


@dataclass(frozen=True)
class Calendar:
    """The public holidays and the municipality's school holidays deadlines skip.

    It knows only the days it is given: build it for the years the deadlines fall in.
    """

    holidays: frozenset[date] = frozenset()
    school_holidays: tuple[DateRange, ...] = ()

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday: the days offices and the police answer."""
        return day.weekday() < 5 and day not in self.holidays

    def is_school_day(self, day: date) -> bool:
        """A working day outside the school holidays: the days the school can act with pupils."""
        return self.is_working_day(day) and not self.is_school_holiday(day)

    def is_school_holiday(self, day: date) -> bool:
        """Within one of the municipality's school holidays (whatever the weekday)."""
        return any(day in span for span in self.school_holidays)

    def working_day_after(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (0: ``day`` itself, or the next working day)."""
        return _nth_day_after(day, n, self.is_working_day)

    def school_day_after(self, day: date, n: int) -> date:
        """The ``n``-th school day after ``day`` (0: ``day`` itself, or the next school day)."""
        return _nth_day_after(day, n, self.is_school_day)

    def add_working_days(self, moment: datetime, n: int) -> datetime:
        """End of the ``n``-th working day after the Danish day of ``moment`` (see module)."""
        return end_of_day(self.working_day_after(danish_day(moment), n))

    def add_school_days(self, moment: datetime, n: int) -> datetime:
        """End of the ``n``-th school day after the Danish day of ``moment`` (see module)."""
        return end_of_day(self.school_day_after(danish_day(moment), n))

    def add_days(self, moment: datetime, n: int) -> datetime:
        """End of the ``n``-th calendar day after the Danish day of ``moment``, holidays or not."""
        if n < 0:
            raise ValueError(f"a deadline counts forward, not {n} days")
        return end_of_day(danish_day(moment) + timedelta(days=n))


def _nth_day_after(start: date, n: int, counts: Callable[[date], bool]) -> date:
    """The ``n``-th day after ``start`` that ``counts``; with 0, the first from ``start`` on."""
    if n < 0:
        raise ValueError(f"a deadline counts forward, not {n} days")
    day, found, skipped = start, 0, 0
    if n == 0 and counts(day):
        return day
    while True:
        day += ONE_DAY
        if counts(day):
            found += 1
            skipped = 0
            if found >= max(n, 1):
                return day
        else:
            skipped += 1
            if skipped > SEARCH_LIMIT_DAYS:
                raise ValueError(f"no day to count within {SEARCH_LIMIT_DAYS} days of {day}")
