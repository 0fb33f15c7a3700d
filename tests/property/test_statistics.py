"""Statistics never show a count between 1 and 4, whatever the cases are."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.statistics import CaseFigures, GroupBy, Suppression, tabulate

figures = st.builds(
    CaseFigures,
    municipality=st.sampled_from(["Aarhus", "Odense", "Hjørring"]),
    police_district=st.sampled_from(["oestjylland", "fyn", "nordjylland"]),
    reported_at=st.datetimes(
        min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(UTC)
    ),
    level=st.one_of(st.none(), st.integers(1, 4)),
    offence_category=st.sampled_from(["grooming", "sextortion", "sharing_without_consent"]),
    track=st.one_of(st.none(), st.sampled_from(["pedagogical", "police_case"])),
    days_to_parents_informed=st.one_of(st.none(), st.floats(0, 30)),
    days_to_police_notified=st.one_of(st.none(), st.floats(0, 30)),
)

GROUP_OF: dict[GroupBy, Callable[[CaseFigures], str]] = {
    GroupBy.POLICE_DISTRICT: lambda c: c.police_district,
    GroupBy.MUNICIPALITY: lambda c: c.municipality,
}
DAYS_OF: dict[str, Callable[[CaseFigures], float | None]] = {
    "median days to parents informed": lambda c: c.days_to_parents_informed,
    "median days to police notified": lambda c: c.days_to_police_notified,
}


def quarter_of(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month + 2) // 3}"


@settings(max_examples=300, deadline=None)
@given(cases=st.lists(figures, max_size=60), by=st.sampled_from(list(GroupBy)))
def test_no_count_between_one_and_four_is_ever_shown(cases: list[CaseFigures], by: GroupBy) -> None:
    rows = tabulate(cases, by)
    counts = [r for r in rows if not r.measure.startswith("median")]
    assert not [r for r in counts if r.value is not None and 0 < r.value < 5]
    for row in rows:
        if row.measure in DAYS_OF and row.value is not None:
            in_cell = [
                c
                for c in cases
                if GROUP_OF[by](c) == row.group and quarter_of(c.reported_at) == row.quarter
            ]
            known = [c for c in in_cell if DAYS_OF[row.measure](c) is not None]
            assert len(known) >= 5, f"{row} is shown from {len(known)} known values"
    assert {r.measure for r in rows if r.measure.startswith("median")} <= set(DAYS_OF)
    for row in rows:  # every hidden value says why, and only a hidden one
        assert (row.value is None) == (row.suppressed is not None), row
        if row.measure in DAYS_OF:
            assert row.suppressed in (None, Suppression.MEDIAN_OF_FEWER_THAN_5_CASES)
        elif row.suppressed is not Suppression.REVEALS_A_SMALL_COUNT:
            assert row.suppressed in (None, Suppression.FEWER_THAN_5_CASES)


def test_a_single_small_cell_is_not_left_to_be_worked_out_from_the_total() -> None:
    start = datetime(2026, 10, 5, tzinfo=UTC)
    cases = [
        CaseFigures(
            "Aarhus", "oestjylland", start + timedelta(days=i), level, "grooming", None, None, None
        )
        for i, level in enumerate([2, 2] + [3] * 10)
    ]
    rows = {r.measure: r for r in tabulate(cases, GroupBy.MUNICIPALITY)}
    shown = {measure: r.value for measure, r in rows.items()}
    assert shown["cases"] == 12
    assert shown["level: 2"] is None
    assert shown["level: 3"] is None, "12 − 10 would give the hidden 2 away"
    assert shown["offence: grooming"] == 12
    assert rows["level: 2"].suppressed is Suppression.FEWER_THAN_5_CASES
    assert rows["level: 3"].suppressed is Suppression.REVEALS_A_SMALL_COUNT
    assert rows["level: 3"].suppressed.label_da == "skjult, så et antal under 5 ikke kan regnes ud"
