"""Reads of the catalog (public data: no scoping needed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.catalog.models import BhmRate, Service, ServiceVersion, VersionDocument
from darcha.core.errors import NotFound
from darcha.core.search import fold


def bhm_on(day: dt.date) -> int:
    """The BHM in force on `day`."""
    rate = BhmRate.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rate is None:
        raise NotFound(_("No BHM value is recorded for this date."), code="bhm_missing")
    return rate.value_uzs


def version_in_force(service: Service, at: dt.datetime | None = None) -> ServiceVersion:
    at = at or timezone.now()
    version = (
        service.versions.filter(valid_from__lte=at)
        .order_by("-valid_from", "-number")
        .prefetch_related(Prefetch("documents", queryset=VersionDocument.objects.select_related("document")))
        .first()
    )
    if version is None:
        raise NotFound(_("The service has no rules in force on this date."), code="no_version")
    return version


def active_services(query: str = "", category: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(is_active=True).select_related("agency")
    if category:
        services = services.filter(category=category)
    # Every word must match, in any order, however it was typed (darcha.core.search).
    for word in fold(query):
        services = services.filter(search_key__contains=word)
    return services.order_by("category", "code")


def service_by_code(code: str) -> Service:
    service = Service.objects.select_related("agency").filter(code=code, is_active=True).first()
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
