"""A message claimed by a worker that then died is sent again once its lease has expired."""

import uuid

import pytest

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import LEASE, DeliveryReport, claim_due, deliver_pending
from darcha.notifications.tests.helpers import later, message

pytestmark = pytest.mark.django_db


def crashed_claim(now):
    """A worker claims the due messages and dies before sending them."""
    return claim_due(token=uuid.uuid4(), limit=10, now=now, report=DeliveryReport())


def test_a_claimed_message_is_not_sent_by_another_worker_while_the_lease_runs(gateway):
    queued = message()
    now = later()
    assert [m.pk for m in crashed_claim(now)] == [queued.pk]

    assert deliver_pending(now=later(now, seconds=LEASE.total_seconds() - 1)).sent == 0
    queued.refresh_from_db()
    assert queued.state == OutboxMessage.State.SENDING


def test_after_the_lease_expires_the_message_is_sent_once(gateway):
    queued = message()
    now = later()
    crashed_claim(now)

    assert deliver_pending(now=later(now, seconds=LEASE.total_seconds())).sent == 1
    queued.refresh_from_db()
    assert queued.state == OutboxMessage.State.SENT
    assert queued.attempts == 2  # the crashed attempt counts
    assert gateway.sent_once([str(queued.uuid)])


def test_a_message_that_kills_its_worker_every_time_ends_as_a_dead_letter(gateway, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    queued = message()
    now = later()
    crashed_claim(now)
    now = later(now, hours=1)
    crashed_claim(now)

    report = deliver_pending(now=later(now, hours=1))

    queued.refresh_from_db()
    assert queued.state == OutboxMessage.State.DEAD
    assert "lease expired" in queued.last_error
    assert report.dead == 1 and not gateway.sends


def test_a_late_result_does_not_overwrite_the_new_claim(gateway):
    queued = message()
    now = later()
    crashed_claim(now)
    second = claim_due(token=uuid.uuid4(), limit=10, now=later(now, hours=1), report=DeliveryReport())
    assert [m.pk for m in second] == [queued.pk]

    # The first worker wakes up and records a failure under its stale claim: nothing changes.
    from darcha.notifications.services import _record

    _record(queued, uuid.uuid4(), state=OutboxMessage.State.PENDING, last_error="stale")
    queued.refresh_from_db()
    assert queued.state == OutboxMessage.State.SENDING and queued.last_error != "stale"
