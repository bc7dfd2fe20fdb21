"""Outbox writes (inside the caller's transaction) and delivery (in the worker)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from darcha.notifications.gateways import GatewayError, sms_gateway
from darcha.notifications.models import OutboxMessage

if TYPE_CHECKING:
    from darcha.applications.models import Application

MAX_ATTEMPTS = 8


def queue_status_sms(application: Application) -> OutboxMessage | None:
    """Tell the applicant (or representative) about a new status, if a phone is known."""
    person = application.representative or application.applicant
    if not person.phone:
        return None
    # Only the number, status and deadline travel: no names or PINFL in an SMS.
    return OutboxMessage.objects.create(
        recipient=person.phone,
        language=person.preferred_language or "uz",
        template="status",
        context={
            "number": application.number,
            "status": application.status,
            "due_date": application.due_date.isoformat(),
        },
    )


def render(message: OutboxMessage) -> str:
    from darcha.applications.workflow import Status

    with translation.override(message.language):
        ctx = message.context
        if message.template == "status":
            return _("Darcha: application %(number)s is now “%(status)s”. Deadline: %(due)s.") % {
                "number": ctx.get("number", ""),
                "status": Status(ctx.get("status", "submitted")).label,
                "due": ctx.get("due_date", ""),
            }
        return str(ctx)


def deliver_pending(*, limit: int = 200) -> int:
    """Send due messages; a failed send is retried with back-off and given up after MAX_ATTEMPTS."""
    gateway = sms_gateway()
    sent = 0
    now = timezone.now()
    ids = list(
        OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk, state="pending").first()
            if message is None:
                continue
            message.attempts += 1
            try:
                gateway.send(recipient=message.recipient, text=render(message), message_id=str(message.uuid))
            except GatewayError as error:
                message.last_error = str(error)[:300]
                if message.attempts >= MAX_ATTEMPTS:
                    message.state = OutboxMessage.State.FAILED
                else:
                    message.next_attempt_at = now + dt.timedelta(minutes=2**message.attempts)
            else:
                message.state = OutboxMessage.State.SENT
                message.sent_at = timezone.now()
                sent += 1
            message.save()
    return sent
