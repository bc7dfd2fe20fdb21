"""Citizens, read-only: the PINFL is shown masked and found only by an exact match.

Citizens are registered and corrected at the front desk (people.services), where the PINFL checks
and data-quality warnings run; the admin only looks them up.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from darcha.accounts.admin_site import ScopedAdminMixin
from darcha.audit.services import record_citizen_view
from darcha.core.admin import ReadOnlyAdmin
from darcha.people.models import Citizen, CitizenChange


class CitizenChangeInline(admin.TabularInline):
    model = CitizenChange
    fk_name = "citizen"
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "field", "old_value", "new_value", "actor", "reason")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Citizen)
class CitizenAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = [
        "pinfl_masked",
        "last_name",
        "first_name",
        "birth_date",
        "sex",
        "disability_group",
        "in_social_registry",
        "mahalla",
    ]
    list_filter = ["sex", "disability_group", "in_social_registry", "preferred_language"]
    list_select_related = ["mahalla"]
    # "=" is an exact match: a PINFL is found only when typed in full, never by a fragment.
    search_fields = ["=pinfl"]
    search_help_text = _("Type a full 14-digit PINFL.")
    fields = readonly_fields = (
        "pinfl_masked",
        "last_name",
        "first_name",
        "patronymic",
        "birth_date",
        "sex",
        "phone",
        "mahalla",
        "disability_group",
        "in_social_registry",
        "preferred_language",
        "data_warnings",
        "registered_at",
        "created_at",
        "updated_at",
    )

    inlines = [CitizenChangeInline]

    @admin.display(description=_("PINFL"))
    def pinfl_masked(self, obj: Citizen) -> str:
        return obj.masked_pinfl

    # Every look at a citizen in the admin is audited like a desk look-up: the record page, and each
    # citizen named on a list page.
    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        citizen = getattr(response, "context_data", {}).get("original") if response.status_code == 200 else None
        if isinstance(citizen, Citizen):
            record_citizen_view(actor=request.user, citizen_id=citizen.pk, purpose="admin: citizen record")
        return response

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        listing = getattr(response, "context_data", {}).get("cl")
        for citizen in getattr(listing, "result_list", []):
            record_citizen_view(actor=request.user, citizen_id=citizen.pk, purpose="admin: citizen list")
        return response

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Citizen], search_term: str
    ) -> tuple[QuerySet[Citizen], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(pinfl=term), False

    def lookup_allowed(self, lookup: str, value: str, request: Any = None) -> bool:
        # No filtering by PINFL fragments through the URL either.
        if lookup.startswith("pinfl"):
            return False
        return bool(super().lookup_allowed(lookup, value, request))
