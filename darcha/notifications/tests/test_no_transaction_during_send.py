"""The gateway is called with no database transaction open (no lock held during a network call)."""

import pytest

from darcha.notifications.services import deliver_pending
from darcha.notifications.tests.helpers import message

# Real transactions: the usual test transaction would make every send look as if it were inside one.
pytestmark = pytest.mark.django_db(transaction=True)


def test_no_transaction_is_open_while_a_message_is_sent(gateway):
    for i in range(3):
        message(recipient=f"+99890111000{i}")
    gateway.failing = {"+998901110001"}

    deliver_pending(batch_size=2)

    assert gateway.in_transaction == [False, False, False]
