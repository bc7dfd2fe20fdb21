"""A message enqueued in a transaction reaches the local gateway (var/sms.jsonl) once, in its language."""

import json

import pytest

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending
from darcha.notifications.tests.helpers import message

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_log(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.SMS_GATEWAY = "darcha.notifications.gateways.LocalSmsGateway"
    return tmp_path / "sms.jsonl"


def test_a_due_message_is_written_by_the_local_gateway_and_marked_sent(sms_log):
    queued = message(recipient="+998901112233", language="ru")

    report = deliver_pending()

    assert report.sent == 1
    lines = [json.loads(line) for line in sms_log.read_text(encoding="utf-8").splitlines()]
    assert lines == [{"id": str(queued.uuid), "to": "+998901112233", "text": "[ru] hello Karim", "at": lines[0]["at"]}]
    queued.refresh_from_db()
    assert queued.state == OutboxMessage.State.SENT
    assert queued.sent_at is not None and queued.attempts == 1
    assert queued.claimed_until is None and queued.claim_token is None


def test_a_sent_message_is_not_sent_again(sms_log):
    message()
    deliver_pending()
    assert deliver_pending().sent == 0
    assert len(sms_log.read_text(encoding="utf-8").splitlines()) == 1
