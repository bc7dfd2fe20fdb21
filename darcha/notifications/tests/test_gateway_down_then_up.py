"""While the gateway is down nothing is lost; once it is back every message goes exactly once."""

import pytest

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending
from darcha.notifications.tests.helpers import later, message

pytestmark = pytest.mark.django_db


def test_messages_queued_during_an_outage_are_each_sent_once_after_it(gateway):
    gateway.down = True
    queued = [message(recipient=f"+99890000000{i}") for i in range(5)]

    outage = deliver_pending()
    more = message(recipient="+998900000009")  # written while the gateway is still down
    assert outage.sent == 0 and outage.retrying == 5
    assert not gateway.sends

    gateway.down = False
    after = later(hours=1)
    assert deliver_pending(now=after).sent == 6
    assert deliver_pending(now=later(after, hours=1)).sent == 0

    ids = [str(m.uuid) for m in [*queued, more]]
    assert gateway.sent_once(ids)
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {OutboxMessage.State.SENT}
