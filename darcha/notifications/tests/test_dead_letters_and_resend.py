"""After OUTBOX_MAX_ATTEMPTS failures a message is a dead letter; an admin can resend it from the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from darcha.accounts.models import Role
from darcha.accounts.tests.factories import UserFactory, admin
from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending
from darcha.notifications.tests.helpers import later, message

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_outboxmessage_changelist"


@pytest.fixture
def dead(gateway, settings):
    """A message that failed its three allowed attempts, and one still healthy beside it."""
    settings.OUTBOX_MAX_ATTEMPTS = 3
    gateway.failing = {"+998901110001"}
    doomed = message(recipient="+998901110001")
    fine = message(recipient="+998901110002")
    now = later()
    for _ in range(3):
        deliver_pending(now=now)
        now = later(now, hours=1)
    doomed.refresh_from_db()
    fine.refresh_from_db()
    return doomed, fine


@pytest.fixture
def root(client, plain_static):
    client.force_login(admin(username="root"))
    return client


def test_a_message_is_given_up_after_the_last_attempt(dead, gateway):
    doomed, fine = dead
    assert doomed.state == OutboxMessage.State.DEAD
    assert doomed.attempts == 3
    assert doomed.last_error == "GatewayError: operator unreachable"
    assert fine.state == OutboxMessage.State.SENT
    assert deliver_pending(now=later(hours=24)).sent == 0  # a dead letter is not retried by itself
    assert gateway.sends[str(doomed.uuid)] == 0


def test_the_admin_lists_dead_letters_with_their_error_and_a_masked_recipient(dead, root):
    page = root.get(reverse(CHANGELIST), {"state__exact": "dead"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "*********0001" in html
    assert "+998901110001" not in html
    assert "GatewayError: operator unreachable" in html
    assert "*********0002" not in html  # the sent one is filtered out
    assert "resend_dead_letters" in html


def test_resend_puts_a_dead_letter_back_with_fresh_attempts_and_it_goes(dead, root, gateway):
    doomed, fine = dead
    response = root.post(
        reverse(CHANGELIST),
        {"action": "resend_dead_letters", "_selected_action": [doomed.pk, fine.pk], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 dead letter is back in the queue." in response.content.decode()
    assert "1 selected message was not a dead letter and was left alone." in response.content.decode()
    doomed.refresh_from_db()
    assert doomed.state == OutboxMessage.State.PENDING and doomed.attempts == 0
    fine.refresh_from_db()
    assert fine.state == OutboxMessage.State.SENT  # untouched

    gateway.failing = set()
    assert deliver_pending().sent == 1
    assert gateway.sent_once([str(doomed.uuid), str(fine.uuid)])


def test_the_outbox_admin_stays_read_only(dead, root):
    doomed, _fine = dead
    change = reverse("admin:notifications_outboxmessage_change", args=[doomed.pk])
    assert root.post(change, {"recipient": "+998909999999"}).status_code == 403
    assert root.get(reverse("admin:notifications_outboxmessage_add")).status_code == 403
    assert root.post(reverse("admin:notifications_outboxmessage_delete", args=[doomed.pk])).status_code == 403
    doomed.refresh_from_db()
    assert doomed.recipient == "+998901110001"


def test_staff_who_may_only_view_the_outbox_cannot_resend(dead, client, plain_static):
    doomed, _fine = dead
    clerk = UserFactory(username="clerk", role=Role.ADMIN, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    client.force_login(clerk)
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert "resend_dead_letters" not in page.content.decode()

    client.post(reverse(CHANGELIST), {"action": "resend_dead_letters", "_selected_action": [doomed.pk], "index": 0})
    doomed.refresh_from_db()
    assert doomed.state == OutboxMessage.State.DEAD
