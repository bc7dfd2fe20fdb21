"""`enqueue` writes in the caller's transaction: a message exists exactly when the change it reports does."""

import pytest
from django.db import transaction

from darcha.notifications.models import OutboxMessage
from darcha.notifications.tests.helpers import GREETING, message

pytestmark = pytest.mark.django_db


class ChangeFailed(Exception):
    pass


def test_a_message_enqueued_in_a_transaction_that_rolls_back_is_never_written():
    with pytest.raises(ChangeFailed), transaction.atomic():
        message()
        raise ChangeFailed
    assert not OutboxMessage.objects.exists()


def test_a_message_is_stored_with_its_language_template_and_plain_context():
    with transaction.atomic():
        queued = message(language="ru", number="DXM-1")
    queued.refresh_from_db()
    assert (queued.channel, queued.language, queued.template) == ("sms", "ru", GREETING)
    assert queued.context == {"name": "Karim", "number": "DXM-1"}
    assert queued.state == OutboxMessage.State.PENDING and queued.attempts == 0
