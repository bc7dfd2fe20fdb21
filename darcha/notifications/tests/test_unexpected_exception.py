"""A send that raises something unforeseen is recorded on its row; the batch goes on."""

import pytest

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending
from darcha.notifications.tests.helpers import message

pytestmark = pytest.mark.django_db


def test_an_unexpected_exception_is_recorded_and_the_others_are_sent(gateway):
    first = message(recipient="+998901110001")
    exploding = message(recipient="+998901110002")
    last = message(recipient="+998901110003")
    gateway.exploding = {"+998901110002"}

    report = deliver_pending()

    exploding.refresh_from_db()
    assert exploding.state == OutboxMessage.State.PENDING
    assert exploding.attempts == 1
    assert exploding.last_error == "ZeroDivisionError: division by zero in the operator's client"
    assert exploding.next_attempt_at > exploding.created_at
    assert report.sent == 2 and report.retrying == 1
    assert gateway.sent_once([str(first.uuid), str(last.uuid)])


def test_a_message_the_operator_rejects_is_dead_at_once(gateway):
    rejected = message(recipient="+998901110002")
    gateway.rejected = {"+998901110002"}

    deliver_pending()

    rejected.refresh_from_db()
    assert rejected.state == OutboxMessage.State.DEAD
    assert rejected.last_error == "rejected: MessageRejected: number not served"
