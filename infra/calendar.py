"""The Danish calendar deadlines are counted in, built from a holiday library and settings.

Public holidays come from the maintained ``holidays`` library (its Danish *public* category:
the søgnehelligdage of the law, which follows the abolition of Store Bededag from 2024, so
2023 still has it and 2024 on do not). Three days that are not søgnehelligdage are added as
days off, because public offices and schools close on them by the public-sector agreements
and deadlines must not run out on a day no one is at work:

- Grundlovsdag, 5 June (the library lists it only as *optional*);
- juleaftensdag, 24 December, and nytårsaftensdag, 31 December (likewise optional).

1 May (also optional in the library) stays a working day: it is a half day off under some
agreements only, and municipal offices are open. A caller who needs another choice passes
``days_off``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

import holidays

from domain.deadlines.calendar import DANISH_TIME, Calendar, DateRange
from infra.settings import Settings

# (month, day) of the days off by agreement, added to the library's public holidays.
GRUNDLOVSDAG = (6, 5)
JULEAFTENSDAG = (12, 24)
NYTAARSAFTENSDAG = (12, 31)
DAYS_OFF_BY_AGREEMENT: tuple[tuple[int, int], ...] = (GRUNDLOVSDAG, JULEAFTENSDAG, NYTAARSAFTENSDAG)

# Years around today the configured calendar covers: cases reported last year still have
# deadlines counted, and deadlines run into the coming years.
YEARS_BEFORE = 1
YEARS_AFTER = 2


def danish_public_holidays(
    years: Iterable[int], days_off: Iterable[tuple[int, int]] = DAYS_OFF_BY_AGREEMENT
) -> frozenset[date]:
    """The Danish public holidays of ``years`` and the ``days_off`` (month, day) in them."""
    wanted = sorted(set(years))
    if not wanted:
        return frozenset()
    public = holidays.country_holidays("DK", years=wanted, categories=(holidays.PUBLIC,))
    extra = {date(year, month, day) for year in wanted for month, day in days_off}
    return frozenset(public.keys()) | extra


def danish_calendar(
    years: Iterable[int],
    school_holidays: Sequence[DateRange],
    *,
    days_off: Iterable[tuple[int, int]] = DAYS_OFF_BY_AGREEMENT,
) -> Calendar:
    """The calendar of ``years``: Danish public holidays and days off, and the school holidays."""
    return Calendar(
        holidays=danish_public_holidays(years, days_off),
        school_holidays=tuple(sorted(school_holidays, key=lambda span: span.first)),
    )


def configured_calendar(settings: Settings, today: date | None = None) -> Calendar:
    """The calendar for the years around ``today`` (default: today in Denmark) and the
    configured school holidays, covering also every year a configured school holiday touches."""
    year = (today or datetime.now(DANISH_TIME).date()).year
    years = set(range(year - YEARS_BEFORE, year + YEARS_AFTER + 1))
    for span in settings.school_holidays:
        years.update(range(span.first.year, span.last.year + 1))
    return danish_calendar(years, settings.school_holidays)
