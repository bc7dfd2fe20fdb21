"""Load catalog reference data from darcha/catalog/data (idempotent)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction

from darcha.catalog.models import BhmRate

DATA = Path(__file__).parent / "data"


@transaction.atomic
def load_bhm() -> int:
    count = 0
    with (DATA / "bhm.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            BhmRate.objects.update_or_create(
                effective_from=dt.date.fromisoformat(row["effective_from"]),
                defaults={"value_uzs": int(row["value_uzs"]), "decree": row["decree"], "source": row["source"]},
            )
            count += 1
    return count
