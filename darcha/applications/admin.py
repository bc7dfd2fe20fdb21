"""Applications and their events, read-only.

Every change to an application goes through the workflow services (who, when, why, the deadline):
the admin never adds, edits or deletes one, so it cannot bypass the record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from darcha.accounts.admin_site import ScopedAdminMixin
from darcha.applications.models import Application, ApplicationEvent
from darcha.audit.services import record_citizen_view
from darcha.core.admin import ReadOnlyAdmin, ReadOnlyInline


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    ordering = ["sequence"]
    fields = readonly_fields = (
        "sequence",
        "at",
        "action",
        "from_status",
        "to_status",
        "actor",
        "actor_role",
        "reason_code",
        "due_date_before",
        "due_date_after",
        "deadline_rule",
        "comment",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApplicationEvent]:
        return super().get_queryset(request).select_related("actor")


@admin.register(Application)
class ApplicationAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    inlines = [ApplicationEventInline]
    list_display = [
        "number",
        "service",
        "agency",
        "center",
        "channel",
        "status",
        "submitted_at",
        "due_date",
        "payment_status",
        "fee_uzs",
    ]
    list_filter = ["status", "channel", "payment_status", "agency", "center", "service__category"]
    list_select_related = ["service", "agency", "center"]
    search_fields = ["=number"]
    search_help_text = _("Type a full application number.")
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["number", "status", "service", "service_version", "agency", "center", "channel"]}),
        (
            _("Applicant"),
            {"fields": ["applicant", "representative", "representative_basis", "representative_document"]},
        ),
        (_("Documents"), {"fields": ["documents_presented", "documents_missing"]}),
        (_("Fee"), {"fields": ["fee_uzs", "fee_details", "payment_status"]}),
        (
            _("Clock"),
            {
                "fields": [
                    "submitted_at",
                    "due_date",
                    "clock_paused_on",
                    "paused_working_days",
                    "overdue_since",
                    "decided_at",
                    "closed_at",
                    "reason_code",
                ]
            },
        ),
        (_("Record"), {"fields": ["uuid", "version", "created_by"]}),
    ]
    readonly_fields = (
        "number",
        "status",
        "service",
        "service_version",
        "agency",
        "center",
        "channel",
        "applicant",
        "representative",
        "representative_basis",
        "representative_document",
        "documents_presented",
        "documents_missing",
        "fee_uzs",
        "fee_details",
        "payment_status",
        "submitted_at",
        "due_date",
        "clock_paused_on",
        "paused_working_days",
        "overdue_since",
        "decided_at",
        "closed_at",
        "reason_code",
        "uuid",
        "version",
        "created_by",
    )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The case page names the applicant and representative: audited like the staff case page.
        response = super().change_view(request, object_id, form_url, extra_context)
        application = getattr(response, "context_data", {}).get("original") if response.status_code == 200 else None
        if isinstance(application, Application):
            for citizen_id in (application.applicant_id, application.representative_id):
                if citizen_id:
                    record_citizen_view(actor=request.user, citizen_id=citizen_id, purpose="admin: application")
        return response
