"""A message whose template no app registers is a dead letter at once; the others still go."""

import pytest

from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import deliver_pending, enqueue
from darcha.notifications.templates import UnknownTemplate
from darcha.notifications.tests.helpers import GREETING, message

pytestmark = pytest.mark.django_db


def test_an_unknown_template_is_dead_at_once_and_does_not_block_the_batch(gateway):
    before = message(recipient="+998901110001")
    # Written by an older release whose template has since been removed.
    orphan = OutboxMessage.objects.create(recipient="+998901110002", template="removed.template", context={})
    after = message(recipient="+998901110003")

    report = deliver_pending()

    orphan.refresh_from_db()
    assert orphan.state == OutboxMessage.State.DEAD
    assert orphan.attempts == 1
    assert orphan.last_error == "unknown template 'removed.template'"
    assert report.sent == 2 and report.dead == 1
    assert gateway.sent_once([str(before.uuid), str(after.uuid)])


def test_enqueue_refuses_an_unregistered_template_and_writes_nothing():
    with pytest.raises(UnknownTemplate):
        enqueue(recipient="+998901110001", language="uz", template="no.such.template", context={})
    assert not OutboxMessage.objects.exists()


def test_a_render_function_that_raises_is_retried_not_fatal(gateway):
    broken = OutboxMessage.objects.create(recipient="+998901110001", template=GREETING, context={})  # no name
    fine = message(recipient="+998901110002")

    report = deliver_pending()

    broken.refresh_from_db()
    assert broken.state == OutboxMessage.State.PENDING
    assert broken.last_error == "render failed: KeyError: 'name'"
    assert report.sent == 1 and report.retrying == 1
    assert gateway.sent_once([str(fine.uuid)])
