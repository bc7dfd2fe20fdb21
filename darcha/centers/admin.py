"""Centres with their desks and opening hours; calendar overrides added and removed through services.

A calendar override changes every deadline counted across its day, so it is written only by
`set_calendar_override` / `remove_calendar_override` (which also drop the working-day cache).
To correct one, delete it and add it again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from darcha.accounts.admin_site import ScopedAdminMixin
from darcha.catalog.services import is_catalog_admin
from darcha.centers.models import CalendarOverride, Center, Desk, OpeningHours
from darcha.centers.services import remove_calendar_override, set_calendar_override

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class DeskInline(admin.TabularInline):
    model = Desk
    extra = 0
    fields = ["number", "is_active"]


class OpeningHoursForm(forms.ModelForm):
    weekday = forms.TypedChoiceField(label=_("weekday"), choices=WEEKDAYS, coerce=int)

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("Closing time must be after opening time."))
        return data


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    form = OpeningHoursForm
    extra = 0
    max_num = 7


@admin.register(Center)
class CenterAdmin(ScopedAdminMixin, admin.ModelAdmin):
    inlines = [DeskInline, OpeningHoursInline]
    list_display = ["code", "name_uz", "kind", "district", "region", "number_block", "is_active"]
    list_filter = ["kind", "is_active", "district__region"]
    list_select_related = ["district__region"]
    search_fields = ["code", "name_uz", "name_uz_cyrl", "name_ru", "name_en", "district__name_uz"]
    autocomplete_fields = ["district", "parent"]
    fieldsets = [
        (None, {"fields": ["code", "kind", "parent", "district", "number_block", "is_active"]}),
        (_("Names"), {"fields": ["name_uz", "name_uz_cyrl", "name_ru", "name_en"]}),
        (_("Contact"), {"fields": ["address_uz", "address_uz_cyrl", "address_ru", "phone"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Center | None = None) -> list[str]:
        # The number block is part of every application number the centre has issued.
        return ["number_block"] if obj is not None else []

    @admin.display(description=_("region"), ordering="district__region")
    def region(self, obj: Center) -> str:
        return str(obj.district.region)


class CalendarOverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "applies_to", "name", "source"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = CalendarOverrideForm
    list_display = ["date", "weekday", "kind", "applies_to", "name"]
    list_filter = ["kind", "applies_to"]
    date_hierarchy = "date"
    search_fields = ["name", "source"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarOverride) -> str:
        return str(dict(WEEKDAYS)[obj.date.weekday()])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_catalog_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_catalog_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_catalog_admin(request.user) or super().has_view_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        saved = set_calendar_override(
            actor=request.user,
            date=obj.date,
            kind=obj.kind,
            applies_to=obj.applies_to,
            name=obj.name,
            source=obj.source,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        remove_calendar_override(actor=request.user, date=obj.date, applies_to=obj.applies_to)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        for override in queryset:
            self.delete_model(request, override)
