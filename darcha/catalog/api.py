"""Public catalog endpoints: which services exist, what they cost today, what to bring."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router

from darcha.catalog.schemas import ServiceCard, ServiceCode, ServiceFilters, ServiceOut
from darcha.catalog.selectors import active_services_with_rules, bhm_on, service_by_code, version_in_force
from darcha.core.errors import NotFound
from darcha.core.schemas import ErrorOut

router = Router(tags=["catalog"], auth=None)


def _bhm_today(today: dt.date) -> int | None:
    # A missing BHM row is a data gap to fix in the admin, not a reason to hide the catalog.
    try:
        return bhm_on(today)
    except NotFound:
        return None


@router.get("", response={200: list[ServiceOut], 422: ErrorOut}, summary="List services")
def list_services(request: HttpRequest, filters: Query[ServiceFilters]) -> list[ServiceCard]:
    """Active services with today's fees, legal term and documents checklist (public, no token)."""
    today = timezone.localdate()
    bhm = _bhm_today(today)
    services = active_services_with_rules(filters.q, filters.category)
    return [
        ServiceCard(s, s.versions_in_force[0] if s.versions_in_force else None, bhm_uzs=bhm, today=today)  # type: ignore[attr-defined]
        for s in services
    ]


@router.get("/{code}", response={200: ServiceOut, 404: ErrorOut}, summary="One service")
def get_service(request: HttpRequest, code: Path[ServiceCode]) -> ServiceCard:
    today = timezone.localdate()
    service = service_by_code(code)
    try:
        version = version_in_force(service)
    except NotFound:
        version = None
    return ServiceCard(service, version, bhm_uzs=_bhm_today(today), today=today)
