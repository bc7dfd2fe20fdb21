"""Parallel guesses of a number's PINFL digits from many addresses (PostgreSQL, real concurrency).

Before: bursts from many addresses got 22–75 guesses at a limit of 5 (a non-atomic counter read
before the digits were compared). Now every guess is counted atomically before the comparison.
"""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from darcha.applications.tests.factories import submit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL (DATABASE_URL)"),
]


def test_forty_parallel_guesses_from_forty_addresses_get_exactly_the_limit(world, settings):
    settings.RATE_LIMIT_TRACK_NUMBER = "5/3600"
    app = submit(actor=world.operator_a, service=world.service_x, applicant=world.citizen)
    right = world.citizen.pinfl[-4:]
    guesses = [f"{n:04d}" for n in range(60) if f"{n:04d}" != right][:40]
    barrier = threading.Barrier(len(guesses))
    statuses: list[int] = [0] * len(guesses)

    def guess(i: int) -> None:
        try:
            client = Client()
            barrier.wait()
            response = client.post(
                "/api/v1/public/track",
                json.dumps({"number": app.number, "pinfl_last4": guesses[i]}),
                content_type="application/json",
                REMOTE_ADDR=f"10.2.0.{i + 1}",
            )
            statuses[i] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(guesses))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses.count(404) == 5, statuses
    assert statuses.count(429) == len(guesses) - 5, statuses
