"""Each app registers its own periodic jobs; the worker discovers them and enqueues each on its interval."""

import logging

import pytest
from django.db import OperationalError

from darcha.core import periodic
from darcha.core.worker import Scheduler


def test_the_worker_discovers_every_apps_jobs_from_their_tasks_modules():
    periodic.autodiscover()
    found = {job.name: job.seconds for job in periodic.jobs()}
    assert found["darcha.notifications.tasks.deliver_outbox"] == 15
    assert found["darcha.applications.tasks.detect_overdue"] == 300


def test_an_interval_must_be_positive():
    from darcha.notifications.tasks import deliver_outbox

    with pytest.raises(ValueError):
        periodic.register(deliver_outbox, seconds=0)


class FakeTask:
    def __init__(self, name, fail_with=None):
        self.module_path = name
        self.enqueued = 0
        self.fail_with = fail_with

    def enqueue(self):
        if self.fail_with:
            raise self.fail_with
        self.enqueued += 1


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def scheduler_for(*pairs):
    import threading

    clock = Clock()
    jobs = [periodic.PeriodicJob(task=task, seconds=seconds) for task, seconds in pairs]
    return Scheduler(jobs, stop=threading.Event(), clock=clock), clock


def test_each_job_is_enqueued_at_start_and_then_once_per_interval():
    fast, slow = FakeTask("fast"), FakeTask("slow")
    scheduler, clock = scheduler_for((fast, 15), (slow, 300))
    for _ in range(61):  # one tick a second for a minute
        scheduler.enqueue_due()
        clock.now += 1
    assert (fast.enqueued, slow.enqueued) == (5, 1)


def test_a_job_whose_enqueue_hit_the_database_stays_due():
    job = FakeTask("job", fail_with=OperationalError("gone"))
    scheduler, clock = scheduler_for((job, 15))
    with pytest.raises(OperationalError):
        scheduler.enqueue_due()
    job.fail_with = None
    clock.now += 1
    scheduler.enqueue_due()
    assert job.enqueued == 1


def test_a_broken_job_is_logged_and_does_not_stop_the_others(caplog):
    broken, fine = FakeTask("broken", fail_with=TypeError("bad arguments")), FakeTask("fine")
    scheduler, _clock = scheduler_for((broken, 15), (fine, 15))
    with caplog.at_level(logging.ERROR, logger="darcha.worker"):
        scheduler.enqueue_due()
    assert fine.enqueued == 1
    assert "could not enqueue broken" in caplog.text
