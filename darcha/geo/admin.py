"""Geography is the national SOATO classifier, loaded from data files: read-only in the admin."""

from __future__ import annotations

from django.contrib import admin

from darcha.core.admin import ReadOnlyAdmin
from darcha.geo.models import District, Mahalla, Region

NAME_SEARCH = ["name_uz", "name_uz_cyrl", "name_ru", "name_en"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["soato", "name_uz", "name_ru", "name_en", "population", "population_year"]
    search_fields = ["soato", *NAME_SEARCH]


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["soato", "name_uz", "name_ru", "kind", "region", "population", "population_year"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["soato", *NAME_SEARCH]


@admin.register(Mahalla)
class MahallaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_uz", "kind", "district", "synthetic"]
    list_filter = ["synthetic", "district__region"]
    list_select_related = ["district"]
    search_fields = ["code", *NAME_SEARCH]
    show_full_result_count = False
