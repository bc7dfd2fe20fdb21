"""A failed send is retried later and later (exponential back-off), never before it is due."""

import datetime as dt

import pytest
from django.utils import timezone

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending, retry_delay
from darcha.notifications.tests.helpers import message

pytestmark = pytest.mark.django_db


def test_each_failure_pushes_the_next_attempt_further_away(gateway):
    gateway.down = True
    queued = message()
    now = timezone.now()
    waits = []
    for attempt in range(1, 5):
        deliver_pending(now=now)
        queued.refresh_from_db()
        assert queued.state == OutboxMessage.State.PENDING
        assert queued.attempts == attempt
        assert queued.last_error == "GatewayError: operator unreachable"
        waits.append(queued.next_attempt_at - now)
        now = queued.next_attempt_at
    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]


def test_a_message_waiting_for_its_retry_is_left_alone_until_then(gateway):
    gateway.down = True
    queued = message()
    deliver_pending()
    queued.refresh_from_db()
    gateway.down = False

    assert deliver_pending(now=queued.next_attempt_at - dt.timedelta(seconds=1)).sent == 0
    assert deliver_pending(now=queued.next_attempt_at).sent == 1
    assert gateway.sent_once([str(queued.uuid)])


def test_the_back_off_is_capped():
    assert retry_delay(1) == dt.timedelta(minutes=1)
    assert retry_delay(30) == dt.timedelta(hours=6)
