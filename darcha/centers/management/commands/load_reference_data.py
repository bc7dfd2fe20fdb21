"""Load the reference data shipped with Darcha: geography, calendar, BHM history, service catalog.

It lives in `centers` because a centre is what needs all of it (a district to sit in, a calendar to
count working days by, a catalog to serve): centers already reads geo and catalog, so the command adds
no dependency between apps. Each app keeps its own loader (`darcha.<app>.loaders`); this is the one
command that runs them in order. Production needs it too, so it is not part of the demo (`seed`).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from darcha.catalog import loaders as catalog_loaders
from darcha.centers.loaders import load_calendar
from darcha.geo.loaders import load_geography


class Command(BaseCommand):
    help = "Load (or refresh) reference data. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        geo = load_geography()
        self.stdout.write(f"geography: {geo}")
        self.stdout.write(f"calendar overrides: {load_calendar()}")
        self.stdout.write(f"BHM values: {catalog_loaders.load_bhm()}")
        load_catalog = getattr(catalog_loaders, "load_catalog", None)
        if load_catalog is not None:
            self.stdout.write(f"catalog: {load_catalog()}")
