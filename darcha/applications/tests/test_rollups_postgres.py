"""The rollups under real concurrency (PostgreSQL): no lost count, no deadlock.

Many transactions add to the same rollup rows at once (intake at one centre for one service on one
day, officers moving cases that share a key), and two transactions move cases between the same two
rows in opposite directions. SQLite serialises writers, so this is meaningful on PostgreSQL only.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from darcha.applications import rollups
from darcha.applications.models import Application, BacklogCount
from darcha.applications.services import perform_transition
from darcha.applications.tests.factories import submit
from darcha.applications.tests.test_concurrency_postgres import run_together
from darcha.people.tests.factories import CitizenFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL (DATABASE_URL)"),
]


def test_concurrent_intake_and_transitions_on_the_same_rows_lose_no_count(world: Any) -> None:
    now = timezone.now()
    accepted = [
        submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), at=now) for _ in range(6)
    ]

    def review(number: str) -> Any:
        return lambda: perform_transition(actor=world.officer_x, number=number, action="start_review", at=now)

    def intake() -> Any:
        return submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), at=now)

    results = run_together(*(review(a.number) for a in accepted), *([intake] * 6))
    assert all(isinstance(r, Application) for r in results), results
    assert rollups.differences() == []
    counts = {row.status: row.count for row in BacklogCount.objects.all()}
    assert counts == {"in_review": 6, "accepted": 6}


def test_cases_crossing_between_two_rows_in_opposite_directions_never_deadlock(world: Any) -> None:
    now = timezone.now()
    for _ in range(4):  # rounds: a deadlock, were the rows locked in different orders, would show
        asking = submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), at=now)
        answering = submit(actor=world.operator_a, service=world.service_x, applicant=CitizenFactory(), at=now)
        for application in (asking, answering):
            perform_transition(actor=world.officer_x, number=application.number, action="start_review", at=now)
        perform_transition(
            actor=world.officer_x, number=answering.number, action="request_info", comment="the deed", at=now
        )
        results = run_together(
            lambda number=asking.number: perform_transition(
                actor=world.officer_x, number=number, action="request_info", comment="the deed", at=now
            ),
            lambda number=answering.number: perform_transition(
                actor=world.operator_a, number=number, action="provide_info", comment="brought", at=now
            ),
        )
        assert all(isinstance(r, Application) for r in results), results
    assert rollups.differences() == []
