"""Row locking under real concurrency (PostgreSQL: SELECT ... FOR UPDATE).

SQLite serialises writers for the whole database (IMMEDIATE transactions), so these tests are
meaningful only on PostgreSQL; CI runs the suite on both and these are reported as skipped on SQLite.
"""

import threading

import pytest
from django.db import connection, connections

from darcha.applications.models import Application
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.core.errors import InvalidTransition, StaleVersion

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-lock concurrency needs PostgreSQL (DATABASE_URL)"
    ),
]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.parametrize("with_version", [True, False])
def test_two_concurrent_transitions_exactly_one_wins(world, with_version):
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
    version = app.version if with_version else None

    def act(action):
        return lambda: perform_transition(
            actor=world.officer_x, number=app.number, action=action, expected_version=version
        )

    for _ in range(5):  # several rounds: the race must never produce two winners
        results = run_together(act("start_review"), act("start_review"))
        wins = [r for r in results if isinstance(r, Application)]
        losses = [r for r in results if isinstance(r, (StaleVersion, InvalidTransition))]
        assert len(wins) == 1 and len(losses) == 1, results
        assert losses[0].status == 409
        app.refresh_from_db()
        assert app.status == "in_review"
        assert app.events.filter(action="start_review").count() == 1
        # Back to accepted is not an action; make a fresh application for the next round.
        app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen, accept_now=True)
        version = app.version if with_version else None


def test_concurrent_submissions_get_unique_consecutive_numbers(world):
    calls = [
        (lambda: submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)) for _ in range(8)
    ]
    results = run_together(*calls)
    assert all(isinstance(r, Application) for r in results), results
    numbers = sorted(r.number for r in results)
    assert len(set(numbers)) == 8
    assert [int(n.split("-")[3]) for n in numbers] == list(range(1, 9))
