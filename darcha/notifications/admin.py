"""The outbox, read-only: what was queued, sent or given up on, with the last error, and "Resend" for dead letters.

Messages are written by services in the same transaction as the change they report and delivered by
the worker; the admin shows the queue to an operator and never sends or edits a message itself. Its
one write is the "Resend" action, which puts dead letters back in the queue for the worker.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from darcha.core.admin import ReadOnlyAdmin
from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import resend


def mask(recipient: str) -> str:
    # A phone number is personal data; the last digits are enough to match a complaint.
    return "*" * max(len(recipient) - 4, 0) + recipient[-4:]


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
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["state", "channel", "template", "language"]
    search_fields = ["=uuid", "template"]
    date_hierarchy = "created_at"
    # ReadOnlyAdmin switches actions off; this one is the only write the outbox admin allows.
    actions = ["resend_dead_letters"]  # type: ignore[assignment]
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
        "claimed_until",
        "last_error",
        "created_at",
        "sent_at",
    )

    @admin.display(description=_("recipient"))
    def masked_recipient(self, obj: OutboxMessage) -> str:
        return mask(obj.recipient)

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_outboxmessage")

    @admin.action(description=_("Resend the selected dead letters"), permissions=["resend"])
    def resend_dead_letters(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        selected = list(queryset.values_list("pk", flat=True))
        count = resend(ids=selected)
        self.message_user(
            request,
            ngettext(
                "%(count)d dead letter is back in the queue.",
                "%(count)d dead letters are back in the queue.",
                count,
            )
            % {"count": count},
        )
        if count < len(selected):
            skipped = len(selected) - count
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected message was not a dead letter and was left alone.",
                    "%(count)d selected messages were not dead letters and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                level="warning",
            )
