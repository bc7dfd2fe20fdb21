"""Applications and their events, read-only.

Every change to an application goes through the workflow services (who, when, why, the deadline):
the admin never adds, edits or deletes one, so it cannot bypass the record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from darcha.accounts.admin_site import ScopedAdminMixin
from darcha.applications.inbox import number_prefix_q
from darcha.applications.models import Application, ApplicationEvent
from darcha.applications.numbers import number_prefix
from darcha.audit.services import record_citizen_view
from darcha.core.admin import ReadOnlyAdmin, ReadOnlyInline


class CappedPaginator(Paginator):
    """Counts at most CAP rows (a LIMITed subquery), never the whole table: past that, the list
    shows CAP rows' worth of pages; narrow it with a filter or a search."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        object_list: Any = self.object_list
        if hasattr(object_list, "order_by"):
            return int(object_list.order_by().values("pk")[: self.CAP].count())
        return min(len(object_list), self.CAP)

    def page(self, number: Any) -> Page:
        """The page's keys first, in the list's order without the joins of the shown columns, then
        its rows: with the joins SQLite's planner starts from the centres and sorts the whole table
        (9.7 s at 2 million)."""
        object_list: Any = self.object_list
        if not hasattr(object_list, "values_list"):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(object_list.select_related(None).values_list("pk", flat=True)[bottom:top])
        found = object_list.order_by().in_bulk(keys)
        return Page([found[key] for key in keys if key in found], number, self)


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
    # The number, full or its beginning, typed however (numbers.number_prefix): an index range on the
    # unique column. Django's "=number" was UPPER(number) = UPPER(…), which no index serves: a scan
    # of the whole table (9 s at 2 million). No date hierarchy: its year links are a DISTINCT over
    # every row.
    search_fields = ["number"]
    search_help_text = _("Type an application number or its beginning, e.g. DX-2026-101.")
    show_full_result_count = False
    paginator = CappedPaginator
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

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Application], search_term: str
    ) -> tuple[QuerySet[Application], bool]:
        if not search_term.strip():
            return queryset, False
        prefix = number_prefix(search_term)
        if prefix is None:
            return queryset.none(), False
        # The matching numbers first, by the number's index (at most as many as the list pages
        # through); with the list's filters and order in the same query SQLite's planner walked
        # another index (3.5 s at 2 million).
        matching = Application.objects.filter(number_prefix_q(prefix)).values_list("pk", flat=True)
        return queryset.filter(pk__in=list(matching[: CappedPaginator.CAP])), False

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
