"""The background worker: a scheduler thread for periodic jobs and django-tasks' database worker.

The scheduler enqueues every registered periodic job (darcha.core.periodic) on its interval; the
database worker (django_tasks_db's `Worker`, run here in a loop of our own) runs queued tasks with
the backend's row locks, so several workers on several machines share one queue.

Both loops ride out a database outage of any length. Each iteration starts from connections that
are known to work (`close_old_connections`); an OperationalError or InterfaceError closes this
thread's connections, waits a capped exponential back-off and tries again. The outage is logged
once when it starts and once when it ends, not on every retry. django_tasks_db's own loop ends on
such an error (it only forgives a locked SQLite database), so the worker is started again around it.
Whatever still kills the process (a bug, SIGKILL, the OOM killer) is for the supervisor: `make run`
restarts it in a loop, production uses systemd with Restart=always (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks.base import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from darcha.core import periodic

logger = logging.getLogger("darcha.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
# The scheduler wakes once a second: intervals are whole seconds and a stop is noticed quickly.
TICK = 1.0


class Backoff:
    """Capped exponential delays (first, 2×first, 4×first … cap), reset once the database answers."""

    def __init__(self, *, first: float = 1.0, cap: float = 30.0) -> None:
        self.first = min(first, cap)
        self.cap = cap
        self._next = self.first

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.cap)
        return delay

    def reset(self) -> None:
        self._next = self.first


def close_connections() -> None:
    """Drop this thread's connections; closing a broken one may itself fail, which changes nothing."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(*DATABASE_ERRORS):
            connection.close()


class OutageGuard:
    """Runs one step of a loop against the database; an unreachable database is waited out, not fatal.

    One guard per thread (connections are per thread). `wait` sleeps for the back-off and may be
    interrupted by a stop event; tests pass a fake `wait` and `clock`. The back-off starts again from
    its shortest wait only when the database had worked for longer than the longest wait: a database
    that answers one query and fails the next (flapping) keeps the long waits.
    """

    def __init__(
        self,
        name: str,
        *,
        wait: Callable[[float], Any],
        backoff: Backoff | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.wait = wait
        self.backoff = backoff or Backoff(cap=float(settings.WORKER_MAX_BACKOFF))
        self.clock = clock
        self.down_since: float | None = None
        self.last_success = float("-inf")
        self.failures = 0

    def attempt(self, step: Callable[[], Any]) -> bool:
        """Run `step`; True if it finished, False if the database failed (after the back-off wait)."""
        close_old_connections()
        try:
            step()
        except DATABASE_ERRORS as error:
            self._failed(error)
            return False
        self._succeeded()
        return True

    def _failed(self, error: Exception) -> None:
        close_connections()
        now = self.clock()
        self.failures += 1
        if self.down_since is None:
            self.down_since = now
            if now - self.last_success > self.backoff.cap:
                self.backoff.reset()
            # The driver's message names host and port, never personal data; its first line is enough.
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            logger.warning(
                "%s: database unavailable (%s); retrying with back-off up to %.0f s",
                self.name,
                reason,
                self.backoff.cap,
            )
        self.wait(self.backoff.next_delay())

    def _succeeded(self) -> None:
        now = self.clock()
        self.last_success = now
        if self.down_since is not None:
            logger.warning(
                "%s: database reachable again after %.0f s (%d failed attempts)",
                self.name,
                now - self.down_since,
                self.failures,
            )
            self.down_since = None
            self.failures = 0


class Scheduler:
    """Enqueues each periodic job when its interval has passed; runs in its own thread."""

    def __init__(
        self, jobs: list[periodic.PeriodicJob], *, stop: threading.Event, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.jobs = jobs
        self.stop = stop
        self.clock = clock
        self.next_run = {job.name: 0.0 for job in jobs}

    def enqueue_due(self) -> None:
        """Enqueue what is due. A job whose enqueue failed on the database stays due for the next try."""
        for job in self.jobs:
            now = self.clock()
            if now < self.next_run[job.name]:
                continue
            try:
                job.task.enqueue()
            except DATABASE_ERRORS:
                raise
            except Exception:
                # A bug in one job's enqueue must not stop the others, nor kill the thread.
                logger.exception("could not enqueue %s", job.name)
            self.next_run[job.name] = now + job.seconds

    def run(self) -> None:
        guard = OutageGuard("scheduler", wait=self.stop.wait)
        while not self.stop.is_set():
            guard.attempt(self.enqueue_due)
            self.stop.wait(TICK)
        close_connections()


class TaskWorker(Protocol):
    running: bool

    def run(self) -> None: ...


def make_db_worker(*, interval: float, batch: bool = False) -> Worker:
    return Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def run_tasks(worker: TaskWorker, *, wait: Callable[[float], Any] = time.sleep) -> None:
    """Run the database worker until it stops by itself (a signal, or the end of a batch).

    `Worker.run` raises on the first database error; the guard waits the outage out and starts the
    loop again. A task that was running when the database went away stays "running" in the task
    table; periodic jobs are simply enqueued again on their next round.
    """
    guard = OutageGuard("tasks", wait=wait)
    while worker.running:
        # `Worker.run` returns only when it stops, so a cheap query first tells the guard (and the
        # log) that the database is back before the loop is handed over to django_tasks_db again.
        if guard.attempt(ping) and guard.attempt(worker.run):
            return


def ping() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def run(*, interval: float = 1.0) -> None:
    """The worker process: the scheduler thread, and the database worker in the main thread.

    The database worker stays in the main thread because it installs the signal handlers (SIGTERM,
    SIGINT) that let a running task finish before the process exits.
    """
    periodic.autodiscover()
    stop = threading.Event()
    scheduler = Scheduler(periodic.jobs(), stop=stop)
    thread = threading.Thread(target=scheduler.run, name="darcha-scheduler", daemon=True)
    thread.start()
    worker = make_db_worker(interval=interval)
    worker.configure_signals()
    logger.info("worker started: %s", ", ".join(f"{job.name} every {job.seconds:.0f} s" for job in scheduler.jobs))
    try:
        run_tasks(worker)
    finally:
        stop.set()
        thread.join(timeout=5)


def run_once() -> None:
    """Enqueue every periodic job once and run the queue empty (cron-style use, checks, tests)."""
    periodic.autodiscover()
    for job in periodic.jobs():
        job.task.enqueue()
    make_db_worker(interval=0, batch=True).run()
