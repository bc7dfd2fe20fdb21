"""The outbox: messages written in the same transaction as the change they report, delivered by a worker.

A row is born `pending`. A worker claims it (`sending`, with a lease until `claimed_until`), sends it
outside any transaction and records the result: `sent`, back to `pending` with a later
`next_attempt_at` (exponential back-off), or `dead` (a dead letter an operator may resend from the
admin). A worker that dies mid-send leaves the row `sending`; once the lease expires it is due again.
Delivery is therefore at least once: the row's `uuid` travels to the gateway as the message id so a
gateway that supports it can drop a repeat.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        # Gave up: the attempts ran out or the failure cannot heal (an unknown template). Kept for an
        # operator, who may resend it from the admin.
        DEAD = "dead", _("dead letter")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(max_length=20, default="sms")
    recipient = models.CharField(max_length=40)
    language = models.CharField(max_length=10, default="uz")
    template = models.CharField(max_length=60)
    context = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # The lease of the worker sending it: past this moment a `sending` row is due again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Which claim the lease belongs to: a worker records its result only while its own claim stands.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "claimed_until"], name="notificatio_lease_idx"),
        ]
