"""Public list of Public Service Centres."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from darcha.centers.models import Center
from darcha.centers.schemas import CenterOut
from darcha.centers.selectors import active_centers

router = Router(tags=["centres"], auth=None)


@router.get("", response=list[CenterOut], summary="List centres")
def list_centers(request: HttpRequest) -> list[Center]:
    """Active centres, branches and mobile units with address, phone and opening hours (public, no token)."""
    return list(active_centers())
