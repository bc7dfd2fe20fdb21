"""The outbox: `enqueue` (inside the caller's transaction), delivery (in the worker), resending dead letters.

Delivery never holds a transaction across a network call. It claims a batch of due rows in one short
transaction (PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so several workers split the queue; SQLite:
the IMMEDIATE transaction serialises claimers), commits, sends each message with no transaction
open, and records each result in its own single UPDATE. A claim is a lease: if the worker dies
mid-send, the row is due again once `claimed_until` has passed. One message that keeps failing never
blocks the others: it backs off exponentially and, after OUTBOX_MAX_ATTEMPTS attempts, becomes a
dead letter.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from darcha.notifications import templates
from darcha.notifications.gateways import MessageRejected, SmsGateway, UnknownChannel, gateway_for
from darcha.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

State = OutboxMessage.State

# A send must finish within the lease; past it another worker may send the same message again.
LEASE = dt.timedelta(minutes=5)
# Back-off after the n-th failed attempt: 1, 2, 4 … minutes, never more than six hours. With the
# default eight attempts a message is given up about two hours after it was first due.
RETRY_FIRST = dt.timedelta(minutes=1)
RETRY_CAP = dt.timedelta(hours=6)
ERROR_LENGTH = OutboxMessage._meta.get_field("last_error").max_length or 300


def max_attempts() -> int:
    return int(settings.OUTBOX_MAX_ATTEMPTS)


def enqueue(
    *, recipient: str, language: str, template: str, context: Mapping[str, Any], channel: str = "sms"
) -> OutboxMessage:
    """Put a message in the outbox; call it inside the transaction of the change it reports.

    The row commits or rolls back with that change, so a message is never sent about something that
    did not happen, and never lost because a gateway was down. `context` is plain JSON: the render
    function registered for `template` turns it into text when the message is sent. An unregistered
    template is a programming error and raises here, before anything is written.
    """
    if not templates.is_registered(template):
        raise templates.UnknownTemplate(template)
    return OutboxMessage.objects.create(
        recipient=recipient, language=language, template=template, context=dict(context), channel=channel
    )


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed attempt (exponential, capped)."""
    return min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_CAP)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    dead: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"sent": self.sent, "retrying": self.retrying, "dead": self.dead}


def deliver_pending(
    *, batch_size: int = 100, max_messages: int = 1000, now: dt.datetime | None = None
) -> DeliveryReport:
    """Send the messages that are due, a claimed batch at a time, until none is due or `max_messages`.

    `now` is the clock for claims and back-off (tests move it forward); by default the real time.
    """
    report = DeliveryReport()
    gateways: dict[str, SmsGateway] = {}
    handled = 0
    while handled < max_messages:
        at = now or timezone.now()
        token = uuid.uuid4()
        batch = claim_due(token=token, limit=min(batch_size, max_messages - handled), now=at, report=report)
        if not batch:
            break
        handled += len(batch)
        for message in batch:
            _deliver_one(message, token=token, gateways=gateways, now=now, report=report)
    return report


def claim_due(*, token: uuid.UUID, limit: int, now: dt.datetime, report: DeliveryReport) -> list[OutboxMessage]:
    """Claim up to `limit` due rows in one short transaction and return them, committed.

    Due: pending and past `next_attempt_at`, or sending with an expired lease (its worker died). An
    expired lease counts as a failed attempt: a message that kills its worker every time is still
    given up after the last attempt instead of being re-claimed forever.
    """
    due = Q(state=State.PENDING, next_attempt_at__lte=now) | Q(state=State.SENDING, claimed_until__lte=now)
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.filter(due)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)[:limit]
        )
        claimed: list[OutboxMessage] = []
        for row in rows:
            if row.state == State.SENDING:
                row.last_error = "the worker stopped while sending (its lease expired)"
                if row.attempts >= max_attempts():
                    row.state = State.DEAD
                    row.claimed_until = None
                    row.claim_token = None
                    report.dead += 1
                    continue
            row.state = State.SENDING
            row.attempts += 1
            row.claimed_until = now + LEASE
            row.claim_token = token
            claimed.append(row)
        OutboxMessage.objects.bulk_update(rows, ["state", "attempts", "claimed_until", "claim_token", "last_error"])
    return claimed


def _deliver_one(
    message: OutboxMessage,
    *,
    token: uuid.UUID,
    gateways: dict[str, SmsGateway],
    now: dt.datetime | None,
    report: DeliveryReport,
) -> None:
    """Render and send one claimed message with no transaction open, then record what happened."""
    try:
        text = templates.render(message.template, language=message.language, context=message.context)
    except templates.UnknownTemplate:
        _record_failure(
            message, token, f"unknown template {message.template!r}", permanent=True, now=now, report=report
        )
        return
    except Exception as error:  # a render bug may be fixed by a deploy: retry like a gateway failure
        logger.exception("outbox message %s: rendering %r failed", message.uuid, message.template)
        _record_failure(message, token, f"render failed: {_describe(error)}", permanent=False, now=now, report=report)
        return
    try:
        gateway = gateways.get(message.channel)
        if gateway is None:
            gateway = gateways[message.channel] = gateway_for(message.channel)
        gateway.send(recipient=message.recipient, text=text, message_id=str(message.uuid))
    except UnknownChannel:
        _record_failure(message, token, f"unknown channel {message.channel!r}", permanent=True, now=now, report=report)
    except MessageRejected as error:
        _record_failure(message, token, f"rejected: {_describe(error)}", permanent=True, now=now, report=report)
    except Exception as error:
        # GatewayError is the expected temporary failure; anything else is a gateway bug or an
        # unforeseen answer, recorded on the row (and logged) so that the batch goes on.
        logger.warning("outbox message %s: send failed: %s", message.uuid, type(error).__name__)
        _record_failure(message, token, _describe(error), permanent=False, now=now, report=report)
    else:
        _record(message, token, state=State.SENT, sent_at=timezone.now())
        report.sent += 1


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _record_failure(
    message: OutboxMessage,
    token: uuid.UUID,
    error: str,
    *,
    permanent: bool,
    now: dt.datetime | None,
    report: DeliveryReport,
) -> None:
    if permanent or message.attempts >= max_attempts():
        _record(message, token, state=State.DEAD, last_error=error[:ERROR_LENGTH])
        report.dead += 1
    else:
        next_attempt_at = (now or timezone.now()) + retry_delay(message.attempts)
        _record(message, token, state=State.PENDING, last_error=error[:ERROR_LENGTH], next_attempt_at=next_attempt_at)
        report.retrying += 1


def _record(message: OutboxMessage, token: uuid.UUID, **changes: Any) -> None:
    """One UPDATE, applied only while our claim stands (its own short transaction in autocommit)."""
    updated = OutboxMessage.objects.filter(pk=message.pk, state=State.SENDING, claim_token=token).update(
        claimed_until=None, claim_token=None, **changes
    )
    if not updated:
        # Our lease expired and another worker claimed the row: its result is the one that counts.
        logger.warning("outbox message %s: lease lost before the result was recorded", message.uuid)


def resend(*, ids: Iterable[int]) -> int:
    """Put dead letters back in the queue with a fresh count of attempts; returns how many.

    The last error stays on the row until the next attempt replaces it, so the operator still sees
    why it had died. Rows that are not dead letters are left alone.
    """
    return OutboxMessage.objects.filter(pk__in=list(ids), state=State.DEAD).update(
        state=State.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None, claim_token=None
    )
