"""Reads of the catalog (public data: no scoping needed)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.catalog.models import BhmRate, Service, ServiceVersion, VersionDocument
from darcha.core import refcache
from darcha.core.errors import NotFound
from darcha.core.search import fold

# Keys of darcha.core.refcache: every save of these models moves them (darcha.catalog.apps).
CATALOG = "catalog"
BHM = "bhm"


@dataclass(frozen=True)
class CatalogSnapshot:
    """The catalog as intake reads it, kept in memory (darcha.core.refcache, key "catalog")."""

    active_by_code: dict[str, Service]
    versions: dict[int, list[ServiceVersion]]  # service id -> versions, newest first, checklists prefetched


def _load_catalog() -> CatalogSnapshot:
    versions: dict[int, list[ServiceVersion]] = {}
    documents = Prefetch("documents", queryset=VersionDocument.objects.select_related("document"))
    for version in ServiceVersion.objects.order_by("-valid_from", "-number").prefetch_related(documents):
        versions.setdefault(version.service_id, []).append(version)
    services = Service.objects.select_related("agency").filter(is_active=True)
    return CatalogSnapshot(active_by_code={s.code: s for s in services}, versions=versions)


def catalog_snapshot() -> CatalogSnapshot:
    return refcache.cached(CATALOG, _load_catalog)


def _load_bhm() -> tuple[list[dt.date], list[int]]:
    rows = list(BhmRate.objects.order_by("effective_from").values_list("effective_from", "value_uzs"))
    return [day for day, _value in rows], [value for _day, value in rows]


def bhm_on(day: dt.date) -> int:
    """The BHM in force on `day`."""
    days, values = refcache.cached(BHM, _load_bhm)
    index = bisect.bisect_right(days, day) - 1
    if index < 0:
        raise NotFound(_("No BHM value is recorded for this date."), code="bhm_missing")
    return values[index]


def version_in_force(service: Service, at: dt.datetime | None = None) -> ServiceVersion:
    at = at or timezone.now()
    for version in catalog_snapshot().versions.get(service.pk, []):
        if version.valid_from <= at:
            return version
    raise NotFound(_("The service has no rules in force on this date."), code="no_version")


def active_services(query: str = "", category: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True).select_related("agency")
    if category:
        services = services.filter(category=category)
    # Every word must match, in any order, however it was typed (darcha.core.search).
    for word in fold(query):
        services = services.filter(search_key__contains=word)
    return services.order_by("category", "code")


def service_by_code(code: str) -> Service:
    service = catalog_snapshot().active_by_code.get(code)
    if service is None:
        raise NotFound(_("No such service."), code="unknown_service")
    return service


def active_services_with_rules(query: str = "", category: str = "", at: dt.datetime | None = None) -> QuerySet[Service]:
    """`active_services` with the versions in force at `at` prefetched, newest first, as `versions_in_force`.

    One query per relation instead of one per service: the public catalog lists every service.
    """
    at = at or timezone.now()
    in_force = (
        ServiceVersion.objects.filter(valid_from__lte=at)
        .order_by("-valid_from", "-number")
        .prefetch_related(Prefetch("documents", queryset=VersionDocument.objects.select_related("document")))
    )
    return active_services(query, category).prefetch_related(
        Prefetch("versions", queryset=in_force, to_attr="versions_in_force")
    )
