"""Reads of centres (public data: addresses, phones, opening hours; no scoping needed)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from darcha.centers.models import Center, OpeningHours
from darcha.core import refcache
from darcha.core.errors import NotFound


def active_centers() -> QuerySet[Center]:
    return (
        Center.objects.filter(is_active=True)
        .select_related("district__region")
        .prefetch_related("opening_hours")
        .order_by("code")
    )


CENTRES = "centres"  # key of darcha.core.refcache: saves of centres and their places move it (centers.apps)


def _active_centres() -> dict[str, Center]:
    return {c.code: c for c in Center.objects.select_related("district__region").filter(is_active=True)}


def center_by_code(code: str) -> Center:
    center = refcache.cached(CENTRES, _active_centres).get(code)
    if center is None:
        raise NotFound(_("No such centre."), code="unknown_center")
    return center


def hours_summary(rows: list[OpeningHours]) -> list[str]:
    """Opening hours as short lines, consecutive days with the same hours joined: "Mon–Fri 09:00–18:00".

    In the active language; the public pages, the tracking page and the pick-up SMS all use it.
    """
    lines = []
    ordered = sorted(rows, key=lambda r: r.weekday)
    runs: list[list[OpeningHours]] = []
    for row in ordered:
        last = runs[-1][-1] if runs else None
        if last and last.weekday + 1 == row.weekday and (last.opens, last.closes) == (row.opens, row.closes):
            runs[-1].append(row)
        else:
            runs.append([row])
    for run in runs:
        first, last = run[0], run[-1]
        days = str(WEEKDAYS_ABBR[first.weekday])
        if last.weekday != first.weekday:
            days += "–" + str(WEEKDAYS_ABBR[last.weekday])
        lines.append(f"{days} {first.opens:%H:%M}–{first.closes:%H:%M}")
    return lines
