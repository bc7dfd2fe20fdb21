"""Two workers delivering at the same time never send one message twice (PostgreSQL row locks).

SQLite serialises the claims through its write lock, so this is meaningful only on PostgreSQL; CI
runs the suite on both and this is reported as skipped on SQLite.
"""

import threading

import pytest
from django.db import connection, connections

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending
from darcha.notifications.tests.helpers import message

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-lock concurrency needs PostgreSQL (DATABASE_URL)"
    ),
]


def deliver_together(workers: int) -> list:
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def work(i: int) -> None:
        try:
            barrier.wait()
            results[i] = deliver_pending(batch_size=3)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_deliverers_send_each_message_exactly_once(gateway, workers):
    gateway.delay = 0.002  # a send takes a moment, so the workers' batches overlap in time
    queued = [message(recipient=f"+9989011{i:05d}") for i in range(60)]

    results = deliver_together(workers)

    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(r.sent for r in results) == 60
    assert sum(1 for r in results if r.sent) > 1  # both took part: the race was real
    assert gateway.sent_once([str(m.uuid) for m in queued])
    assert OutboxMessage.objects.filter(state=OutboxMessage.State.SENT).count() == 60
