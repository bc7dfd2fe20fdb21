"""Reads of centres (public data: addresses, phones, opening hours; no scoping needed)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from darcha.centers.models import Center
from darcha.core.errors import NotFound


def active_centers() -> QuerySet[Center]:
    return (
        Center.objects.filter(is_active=True)
        .select_related("district__region")
        .prefetch_related("opening_hours")
        .order_by("code")
    )


def center_by_code(code: str) -> Center:
    center = Center.objects.select_related("district__region").filter(code=code, is_active=True).first()
    if center is None:
        raise NotFound(_("No such centre."), code="unknown_center")
    return center
