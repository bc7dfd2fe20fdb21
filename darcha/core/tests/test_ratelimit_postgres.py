"""Rate limits under real concurrency: separate connections, one counter (PostgreSQL).

SQLite serialises writers for the whole database, so this is meaningful only on PostgreSQL; CI runs
the suite on both and it is reported as skipped on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from darcha.core import ratelimit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL (DATABASE_URL)"),
]


def run_together(call: Callable[[], Any], times: int) -> list[Any]:
    barrier = threading.Barrier(times)
    results: list[Any] = [None] * times

    def worker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_forty_concurrent_hits_against_a_limit_of_ten_allow_exactly_ten() -> None:
    results = run_together(lambda: ratelimit.hit("race", "198.51.100.9", "10/300"), 40)
    assert all(isinstance(r, bool) for r in results), results
    assert results.count(True) == 10
    assert ratelimit.current("race", "198.51.100.9") == 40
