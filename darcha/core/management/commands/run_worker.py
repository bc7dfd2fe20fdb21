"""The background worker as a plain management command (like Healthchecks' sendalerts); the loop is darcha.core.worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from darcha.core import worker


class Command(BaseCommand):
    help = "Run the background worker: every app's periodic jobs plus the django-tasks database worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic job once, run them, exit.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at an empty queue (default 1)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            worker.run_once()
        else:
            worker.run(interval=options["interval"])
