"""Sign-in lock-outs under real concurrency (PostgreSQL): forty wrong passwords at once, limit ten.

Each thread is a browser of its own with its own database connection. SQLite serialises writers
for the whole database, so this is meaningful only on PostgreSQL (skipped on SQLite).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL (DATABASE_URL)"),
]

ATTEMPTS = 40
LIMIT = 10


def sign_in_together(username: str, address: str) -> list[Any]:
    barrier = threading.Barrier(ATTEMPTS)
    results: list[Any] = [None] * ATTEMPTS

    def worker(i: int) -> None:
        client = Client()
        try:
            barrier.wait()
            data = {"username": username, "password": f"wrong-{i}"}
            results[i] = client.post("/accounts/login/", data, REMOTE_ADDR=address).status_code
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_forty_concurrent_wrong_passwords_check_at_most_the_limit(world: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = LIMIT
    statuses = sign_in_together("op_a", "198.51.100.9")
    assert all(status in {400, 429} for status in statuses), statuses
    # Passwords actually checked and found wrong: the limit's last one already answers 429.
    assert statuses.count(400) <= LIMIT - 1
    recorded = AccessAttempt.objects.aggregate(total=Sum("failures_since_start"))["total"]
    assert 1 <= recorded <= LIMIT
    # And the account stays locked for the right password.
    response = Client().post("/accounts/login/", {"username": "op_a", "password": "x"}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
