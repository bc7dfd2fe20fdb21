"""Writes on centres' reference data: dated calendar overrides.

The government moves days off by decree (DOMAIN.md), so administrators add an override when a decree
is published. The working-day cache is dropped at once (so this request sees the change) and again
after commit (so no other process keeps a copy read before the change was committed).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from darcha.catalog.services import is_catalog_admin
from darcha.centers.calendar import forget_overrides
from darcha.centers.models import CalendarOverride
from darcha.core.errors import NotAllowed, NotFound, ValidationFailed

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer


def _require_admin(actor: Viewer) -> None:
    if not is_catalog_admin(actor):
        raise NotAllowed(_("Only administrators may change the calendar."))


def _forget() -> None:
    forget_overrides()
    transaction.on_commit(forget_overrides)


def set_calendar_override(
    *, actor: Viewer, date: dt.date, kind: str, applies_to: str, name: str, source: str
) -> CalendarOverride:
    """Create or replace the override for `date` in the working week `applies_to`."""
    _require_admin(actor)
    if kind not in CalendarOverride.Kind.values:
        raise ValidationFailed(_("Unknown kind of calendar day."), field="kind")
    if applies_to not in CalendarOverride.AppliesTo.values:
        raise ValidationFailed(_("Unknown working week."), field="applies_to")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Give the day a name (for example, the holiday or the decree)."), field="name")
    if len(name) > 200:
        raise ValidationFailed(_("The name may be at most 200 characters."), field="name")
    with transaction.atomic():
        override, _created = CalendarOverride.objects.update_or_create(
            date=date, applies_to=applies_to, defaults={"kind": kind, "name": name, "source": (source or "").strip()}
        )
        _forget()
    return override


def remove_calendar_override(*, actor: Viewer, date: dt.date, applies_to: str) -> None:
    """Delete the override for `date` in `applies_to`; the `holidays` package decides that day again."""
    _require_admin(actor)
    with transaction.atomic():
        deleted, _rows = CalendarOverride.objects.filter(date=date, applies_to=applies_to).delete()
        if not deleted:
            raise NotFound(_("There is no calendar override for this day."), code="no_override")
        _forget()
