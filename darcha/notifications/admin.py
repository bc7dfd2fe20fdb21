"""The outbox, read-only: what was queued, sent or given up on, with the last error.

Messages are written by services in the same transaction as the change they report and delivered by
the worker; the admin shows the queue to an operator and never sends or edits a message itself.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from darcha.core.admin import ReadOnlyAdmin
from darcha.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "channel",
        "masked_recipient",
        "template",
        "language",
        "state",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["state", "channel", "template", "language"]
    search_fields = ["=uuid", "template"]
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "uuid",
        "channel",
        "masked_recipient",
        "language",
        "template",
        "context",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    )

    @admin.display(description=_("recipient"))
    def masked_recipient(self, obj: OutboxMessage) -> str:
        # A phone number is personal data; the last digits are enough to match a complaint.
        return "*" * max(len(obj.recipient) - 4, 0) + obj.recipient[-4:]
