"""The background worker: a scheduler for periodic jobs in front of django-tasks' database worker.

Periodic jobs (overdue detection, outbox delivery) are enqueued on a fixed interval; the
db_worker runs them with the database backend's row locks, so several workers on several
machines can share one queue. A plain management command, like Healthchecks' sendalerts.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from darcha.applications.tasks import detect_overdue
from darcha.notifications.tasks import deliver_outbox

PERIODIC = [(deliver_outbox, 15.0), (detect_overdue, 300.0)]


class Command(BaseCommand):
    help = "Run the background worker: periodic jobs plus the django-tasks database worker."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic job once, run them, exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            for job, _interval in PERIODIC:
                job.enqueue()
            call_command("db_worker", "--batch", verbosity=0)
            return
        stop = threading.Event()
        thread = threading.Thread(target=self._schedule, args=(stop,), daemon=True)
        thread.start()
        try:
            call_command("db_worker", "--interval", "1")
        finally:
            stop.set()

    def _schedule(self, stop: threading.Event) -> None:
        next_run = {job: 0.0 for job, _interval in PERIODIC}
        while not stop.is_set():
            now = time.monotonic()
            for job, interval in PERIODIC:
                if now >= next_run[job]:
                    try:
                        job.enqueue()
                    except Exception as error:  # database briefly unavailable: try next round
                        self.stderr.write(f"could not enqueue {job.name}: {error}")
                    next_run[job] = now + interval
            stop.wait(1.0)
