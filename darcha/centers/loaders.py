"""Load the decreed calendar exceptions (darcha/centers/data/calendar.csv) as overrides (idempotent)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction

from darcha.centers.calendar import forget_overrides
from darcha.centers.models import CalendarOverride

DATA = Path(__file__).parent / "data"


@transaction.atomic
def load_calendar() -> int:
    count = 0
    with (DATA / "calendar.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            CalendarOverride.objects.update_or_create(
                date=dt.date.fromisoformat(row["date"]),
                applies_to=row["applies_to"],
                defaults={"kind": row["kind"], "name": row["name_en"][:200], "source": row["source"]},
            )
            count += 1
    forget_overrides()
    return count
