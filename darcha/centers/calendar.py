"""Working days on the Uzbek calendar, in a five-day or six-day week.

Base: the `holidays` package for Uzbekistan (public holidays, days off moved by decree and the
working Saturdays it knows, all for a Monday–Friday office). It has no six-day model, so for a
six-day week only the holidays themselves are taken from it, not the moved days. On top: dated
`CalendarOverride` rows (seeded from the decrees in shared/data/calendar.csv, added by
administrators as decrees appear), which always win. Labour Code art. 208 moves a holiday that
falls on a rest day to the next working day; the package and the seeded overrides encode that.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from functools import lru_cache

import holidays

from darcha.catalog.choices import CalendarRegime

# Names the package gives to moved or carried days off; in a six-day week these do not apply.
_MOVED_MARKERS = ("substituted", "observed", "additional day off", "day off")

_cache_lock = threading.Lock()
_overrides: dict[tuple[dt.date, str], bool] | None = None
_overrides_loaded_at = 0.0
OVERRIDES_TTL_SECONDS = 60.0


@lru_cache(maxsize=64)
def _package_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date], frozenset[dt.date]]:
    """(days off for a 5-day week, working Saturdays for a 5-day week, holidays proper)."""
    calendar = holidays.country_holidays("UZ", years=year)
    days_off = frozenset(calendar.keys())
    workdays = frozenset(getattr(calendar, "weekend_workdays", set()))
    proper = frozenset(day for day, name in calendar.items() if not any(m in name.lower() for m in _MOVED_MARKERS))
    return days_off, workdays, proper


def _load_overrides() -> dict[tuple[dt.date, str], bool]:
    from darcha.centers.models import CalendarOverride

    rows = CalendarOverride.objects.values_list("date", "applies_to", "kind")
    return {(day, applies): kind == CalendarOverride.Kind.WORKING_DAY for day, applies, kind in rows}


def overrides() -> dict[tuple[dt.date, str], bool]:
    global _overrides, _overrides_loaded_at
    with _cache_lock:
        if _overrides is None or time.monotonic() - _overrides_loaded_at > OVERRIDES_TTL_SECONDS:
            _overrides = _load_overrides()
            _overrides_loaded_at = time.monotonic()
        return _overrides


def forget_overrides() -> None:
    """Called after an administrator changes an override, and by tests."""
    global _overrides
    with _cache_lock:
        _overrides = None


def is_working_day(day: dt.date, regime: str = CalendarRegime.FIVE_DAY) -> bool:
    table = overrides()
    for applies in (regime, "all"):
        decided = table.get((day, applies))
        if decided is not None:
            return decided
    days_off, workdays, proper = _package_year(day.year)
    if regime == CalendarRegime.SIX_DAY:
        return day.weekday() < 6 and day not in proper
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: dt.date, count: int, regime: str = CalendarRegime.FIVE_DAY) -> dt.date:
    """The date on which the `count`-th working day after `start` ends (start itself not counted).

    count = 0 gives `start` if it is a working day, otherwise the next working day.
    """
    day = start
    if count <= 0:
        while not is_working_day(day, regime):
            day += dt.timedelta(days=1)
        return day
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day, regime):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, regime: str = CalendarRegime.FIVE_DAY) -> int:
    """Working days in the half-open interval (start, end]; 0 when end <= start."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, regime):
            count += 1
    return count
