import csv
import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darcha.centers.calendar import add_working_days, forget_overrides, is_working_day, working_days_between
from darcha.centers.loaders import DATA, load_calendar
from darcha.centers.models import CalendarOverride

days = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2027, 12, 1))


@pytest.fixture
def decreed(db):
    load_calendar()
    forget_overrides()


def test_weekend_and_public_holidays_are_not_working_days(db):
    assert not is_working_day(dt.date(2026, 11, 28))  # Saturday
    assert not is_working_day(dt.date(2026, 11, 29))  # Sunday
    assert not is_working_day(dt.date(2026, 9, 1))  # Independence Day
    assert is_working_day(dt.date(2026, 11, 27))  # Friday


def test_six_day_week_works_on_saturdays_but_not_on_holidays(db):
    assert is_working_day(dt.date(2026, 11, 28), "6day")
    assert not is_working_day(dt.date(2026, 11, 29), "6day")
    assert not is_working_day(dt.date(2026, 9, 1), "6day")


def test_holiday_carried_to_monday_applies_to_the_five_day_week_only(decreed):
    # Navruz 2026 fell on a Saturday; Labour Code art. 208 moved the day off to Monday 23 March for 5-day offices.
    assert not is_working_day(dt.date(2026, 3, 23), "5day")
    assert is_working_day(dt.date(2026, 3, 23), "6day")


def test_decreed_working_saturday_counts(decreed):
    assert is_working_day(dt.date(2026, 12, 12), "5day")  # PF-257: working Saturday, day off moved to 31 Dec
    assert not is_working_day(dt.date(2026, 12, 31), "5day")


def test_administrator_override_wins_over_the_package(db):
    day = dt.date(2026, 11, 27)
    CalendarOverride.objects.create(date=day, kind="day_off_moved", applies_to="all", name="test")
    forget_overrides()
    assert not is_working_day(day)


def test_decreed_calendar_file_matches_the_holidays_package_for_a_five_day_office():
    # shared/data/SOURCES.md: holidays 0.109 matches calendar.csv exactly for Monday–Friday 2019–2026.
    with (DATA / "calendar.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["applies_to"] in {"all", "5day"} and r["date"] < "2027"]
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        package = holidays.country_holidays("UZ", years=day.year)
        off = day in package
        working_saturday = day in getattr(package, "weekend_workdays", set())
        if row["kind"] == "working_day_moved":
            assert working_saturday, row
        else:
            assert off, row


def test_deadline_of_ten_working_days_skips_weekends_and_holidays(decreed):
    # Submitted Friday 28 Aug 2026: 31 Aug (extra day off) and 1 Sep (Independence Day) do not count.
    assert add_working_days(dt.date(2026, 8, 28), 1) == dt.date(2026, 9, 2)
    assert add_working_days(dt.date(2026, 8, 28), 10) == dt.date(2026, 9, 15)


@settings(max_examples=200)
@given(start=days, n=st.integers(0, 60), regime=st.sampled_from(["5day", "6day"]))
def test_adding_working_days_lands_on_a_working_day_and_counts_back(decreed, start, n, regime):
    end = add_working_days(start, n, regime)
    assert end >= start
    assert is_working_day(end, regime)
    if n:
        assert working_days_between(start, end, regime) == n


@settings(max_examples=100)
@given(start=days, n=st.integers(0, 40), extra=st.integers(0, 40))
def test_more_working_days_never_give_an_earlier_deadline(decreed, start, n, extra):
    assert add_working_days(start, n + extra) >= add_working_days(start, n)
