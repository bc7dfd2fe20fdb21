"""Catalog admin: agencies, document types, BHM values and services are edited here.

A service's rules are never edited in place. Its versions are shown read-only; "New rules version"
opens a form prefilled from the version in force, and saving it calls `change_service_rules`, which
adds a version (applications keep the version they were made under).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from darcha.catalog.forms import RulesVersionForm, ServiceAdminForm
from darcha.catalog.models import Agency, BhmRate, DocumentType, Service, ServiceVersion, VersionDocument
from darcha.catalog.services import change_service_rules, is_catalog_admin, latest_version
from darcha.core.admin import ReadOnlyAdmin, ReadOnlyInline
from darcha.core.errors import DomainError

NAME_SEARCH = ["name_uz", "name_uz_cyrl", "name_ru", "name_en"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_uz", "name_ru", "name_en", "service_count"]
    search_fields = ["code", *NAME_SEARCH]
    fields = ["code", "name_uz", "name_uz_cyrl", "name_ru", "name_en"]

    @admin.display(description=_("services"))
    def service_count(self, obj: Agency) -> int:
        return obj.services.count()


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_uz", "name_ru", "name_en"]
    search_fields = ["code", *NAME_SEARCH]
    fields = ["code", "name_uz", "name_uz_cyrl", "name_ru", "name_en"]


@admin.register(BhmRate)
class BhmRateAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "value_uzs", "decree"]
    date_hierarchy = "effective_from"
    search_fields = ["decree", "source"]


def _documents_summary(version: ServiceVersion) -> str:
    lines = version.documents.all()
    return format_html_join(
        ", ", "{}{}", ((line.document.code, "*" if line.mandatory else "") for line in lines)
    ) or gettext("none")


class ServiceVersionInline(ReadOnlyInline):
    model = ServiceVersion
    ordering = ["-number"]
    fields = readonly_fields = (
        "number",
        "valid_from",
        "fee_bhm",
        "fee_uzs_fixed",
        "online_fee_percent",
        "exemptions",
        "term_working_days",
        "calendar_regime",
        "document_list",
        "fee_verified",
        "term_verified",
        "change_note",
    )
    verbose_name_plural = _("rules versions (read-only; * marks a mandatory document)")

    @admin.display(description=_("documents"))
    def document_list(self, obj: ServiceVersion) -> str:
        return _documents_summary(obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceVersion]:
        return super().get_queryset(request).prefetch_related("documents__document")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceAdminForm
    inlines = [ServiceVersionInline]
    list_display = ["code", "name_uz", "category", "agency", "is_active", "rules_in_force"]
    list_filter = ["category", "is_active", "agency"]
    list_select_related = ["agency"]
    search_fields = ["code", *NAME_SEARCH]
    autocomplete_fields = ["agency"]
    actions = ["new_rules_version"]
    fieldsets = [
        (None, {"fields": ["code", "category", "agency", "is_active", "channels"]}),
        (_("Names"), {"fields": ["name_uz", "name_uz_cyrl", "name_ru", "name_en"]}),
        (
            _("Descriptions"),
            {"fields": ["description_uz", "description_uz_cyrl", "description_ru", "description_en"]},
        ),
        (_("Sources"), {"fields": ["source"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Service | None = None) -> list[str]:
        # API clients and applications refer to services by code: fixed once created.
        return ["code"] if obj is not None else []

    @admin.display(description=_("rules (latest version)"))
    def rules_in_force(self, obj: Service) -> str:
        version = latest_version(obj)
        if version is None:
            return gettext("no rules yet")
        return gettext("v%(number)s: %(fee)s BHM, %(term)s working days") % {
            "number": version.number,
            "fee": version.fee_bhm.normalize(),
            "term": version.term_working_days,
        }

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<path:object_id>/new-version/",
                self.admin_site.admin_view(self.new_version_view),
                name="catalog_service_new_version",
            )
        ]
        return own + super().get_urls()

    @admin.action(description=_("New rules version"))
    def new_rules_version(self, request: HttpRequest, queryset: QuerySet[Service]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one service for a new rules version."), messages.WARNING)
            return None
        service = queryset.get()
        return HttpResponseRedirect(reverse("admin:catalog_service_new_version", args=[service.pk]))

    def response_add(self, request: HttpRequest, obj: Service, post_url_continue: str | None = None) -> HttpResponse:
        # A service without rules cannot take applications: go straight to its first version.
        follow_on = {"_addanother", "_continue", "_popup"} & set(request.POST)
        if not follow_on and is_catalog_admin(request.user):
            self.message_user(request, _("The service was added. Now set its rules."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:catalog_service_new_version", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def new_version_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        # Through the admin's get_object, which answers a malformed id ("abc") with a 404
        # (darcha.core.admin_site); get_object_or_404 let its ValueError through as a 500.
        service = self.get_object(request, object_id)
        if service is None:
            raise Http404
        if not is_catalog_admin(request.user):
            raise PermissionDenied
        current = latest_version(service)
        if request.method == "POST":
            form = RulesVersionForm(request.POST, current=current)
            if form.is_valid():
                try:
                    version = change_service_rules(actor=request.user, service=service, **form.rules())
                except DomainError as error:
                    form.add_domain_error(error)
                else:
                    self.message_user(
                        request,
                        gettext("Version %(number)s of the rules of %(service)s was added.")
                        % {"number": version.number, "service": service.code},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:catalog_service_change", args=[service.pk]))
        else:
            form = RulesVersionForm(current=current)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("New rules version: %(service)s") % {"service": service.code},
            "opts": self.model._meta,
            "original": service,
            "service": service,
            "current": current,
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/catalog/service/new_version.html", context)


class VersionDocumentInline(ReadOnlyInline):
    model = VersionDocument
    fields = readonly_fields = ("position", "document", "mandatory")


@admin.register(ServiceVersion)
class ServiceVersionAdmin(ReadOnlyAdmin):
    """Versions are history: browsable, never edited (a change is a new version)."""

    inlines = [VersionDocumentInline]
    list_display = [
        "service",
        "number",
        "valid_from",
        "fee_bhm",
        "online_fee_percent",
        "term_working_days",
        "calendar_regime",
        "fee_verified",
        "term_verified",
    ]
    list_filter = ["fee_verified", "term_verified", "calendar_regime", "service__category", "service__agency"]
    list_select_related = ["service"]
    search_fields = ["service__code", "service__name_uz", "service__name_en", "change_note"]
    date_hierarchy = "valid_from"
    fields = readonly_fields = (
        "service",
        "number",
        "valid_from",
        "fee_bhm",
        "fee_uzs_fixed",
        "online_fee_percent",
        "exemptions",
        "term_working_days",
        "calendar_regime",
        "fee_verified",
        "term_verified",
        "change_note",
        "created_at",
    )
