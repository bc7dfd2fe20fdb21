"""The worker's loops wait out an unreachable database with a capped back-off instead of dying.

No database is needed: the steps are fakes that raise OperationalError a number of times, then work.
"""

import logging
import threading

import pytest
from django.db import InterfaceError, OperationalError

from darcha.core import worker
from darcha.core.periodic import PeriodicJob
from darcha.core.worker import Backoff, OutageGuard, Scheduler, run_tasks


@pytest.fixture(autouse=True)
def connection_calls(monkeypatch):
    """Record the connection housekeeping each loop iteration does (no real connection is touched)."""
    calls = []
    monkeypatch.setattr(worker, "close_old_connections", lambda: calls.append("close_old"))
    monkeypatch.setattr(worker, "close_connections", lambda: calls.append("close"))
    monkeypatch.setattr(worker, "ping", lambda: calls.append("ping"))
    return calls


class Flaky:
    """Fails `failures` times with a database error, then works."""

    def __init__(self, failures, error=OperationalError):
        self.failures = failures
        self.error = error
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error("connection to server at 127.0.0.1 failed: Connection refused")


def test_the_back_off_doubles_up_to_its_cap():
    backoff = Backoff(first=1, cap=5)
    assert [backoff.next_delay() for _ in range(6)] == [1, 2, 4, 5, 5, 5]
    backoff.reset()
    assert backoff.next_delay() == 1


def test_a_step_is_retried_with_growing_waits_until_the_database_answers(connection_calls):
    waits = []
    guard = OutageGuard("test", wait=waits.append, backoff=Backoff(first=1, cap=8))
    step = Flaky(5)

    results = [guard.attempt(step) for _ in range(6)]

    assert results == [False] * 5 + [True]
    assert waits == [1, 2, 4, 8, 8]
    # Every iteration starts from a checked connection; every failure drops this thread's connections.
    assert connection_calls.count("close_old") == 6
    assert connection_calls.count("close") == 5


def test_an_outage_is_logged_once_when_it_starts_and_once_when_it_ends(caplog):
    guard = OutageGuard("test", wait=lambda seconds: None, backoff=Backoff(first=1, cap=8))
    step = Flaky(20, error=InterfaceError)
    with caplog.at_level(logging.WARNING, logger="darcha.worker"):
        while not guard.attempt(step):
            pass
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("test: database unavailable (connection to server at 127.0.0.1 failed")
    assert messages[1].startswith("test: database reachable again after") and "(20 failed attempts)" in messages[1]


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_the_next_outage_starts_again_from_the_shortest_wait():
    waits, clock = [], Clock()
    guard = OutageGuard("test", wait=waits.append, backoff=Backoff(first=1, cap=8), clock=clock)
    step = Flaky(3)
    while not guard.attempt(step):
        pass
    clock.now += 60  # the database then worked for a minute
    step = Flaky(2)
    while not guard.attempt(step):
        pass
    assert waits == [1, 2, 4, 1, 2]


def test_a_flapping_database_keeps_the_long_waits():
    waits, clock = [], Clock()
    guard = OutageGuard("test", wait=waits.append, backoff=Backoff(first=1, cap=8), clock=clock)
    for _ in range(5):  # one query works, the next fails, over and over
        assert guard.attempt(lambda: None)
        assert not guard.attempt(Flaky(1))
        clock.now += 1
    assert waits == [1, 2, 4, 8, 8]


class FakeWorker:
    """Stands in for django_tasks_db's Worker: its loop dies on database errors, as the real one does."""

    def __init__(self, failures):
        self.running = True
        self.flaky = Flaky(failures)
        self.runs = 0

    def run(self):
        self.runs += 1
        self.flaky()
        self.running = False  # a signal stopped it after it had worked for a while


def test_the_task_loop_is_started_again_after_each_database_error(connection_calls):
    fake = FakeWorker(failures=3)
    waits = []

    run_tasks(fake, wait=waits.append)

    assert fake.runs == 4
    assert waits == [1, 2, 4]
    # Before each restart a cheap query checks the database is back.
    assert connection_calls.count("ping") == 4


def test_a_bug_is_not_swallowed_the_supervisor_restarts_the_process():
    class Buggy(FakeWorker):
        def run(self):
            raise RuntimeError("a bug, not an outage")

    with pytest.raises(RuntimeError):
        run_tasks(Buggy(failures=0), wait=lambda seconds: None)


def test_the_scheduler_thread_outlives_a_database_outage(monkeypatch, settings):
    settings.WORKER_MAX_BACKOFF = 0.01
    monkeypatch.setattr(worker, "TICK", 0.01)
    stop = threading.Event()

    class Job:
        module_path = "tests.job"
        flaky = Flaky(3)

        def enqueue(self):
            self.flaky()
            stop.set()  # enqueued once the database is back: the test is over

    scheduler = Scheduler([PeriodicJob(task=Job(), seconds=0.01)], stop=stop)
    thread = threading.Thread(target=scheduler.run, daemon=True)
    thread.start()
    thread.join(timeout=30)

    assert not thread.is_alive()
    assert Job.flaky.calls == 4
