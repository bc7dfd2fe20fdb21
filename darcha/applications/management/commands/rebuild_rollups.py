"""Recompute the management figures' rollups from the applications (darcha/applications/rollups.py).

Safe at any time: live changes wait for the rebuild and then add to the rebuilt counts. Run it after
a bulk import that bypassed the services, or to check the live counts (`--check` reports rows that
differ from a recomputation without changing anything).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from darcha.applications import rollups


class Command(BaseCommand):
    help = "Recompute the overview's rollups from the applications (set-based SQL)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Compare the live rollups with a recomputation; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["check"]:
            differences = rollups.differences()
            for line in differences[:20]:
                self.stdout.write(line)
            if differences:
                raise CommandError(f"{len(differences)} rollup rows differ from a recomputation.")
            self.stdout.write(f"Rollups agree with a recomputation ({time.monotonic() - started:.1f} s).")
            return
        backlog, daily = rollups.rebuild()
        self.stdout.write(
            f"Rollups rebuilt in {time.monotonic() - started:.1f} s: {backlog:,} backlog rows, {daily:,} daily rows."
        )
