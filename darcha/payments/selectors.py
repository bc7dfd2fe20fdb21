"""Reads of payments, scoped like their applications (darcha.accounts.scoping)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from darcha.accounts.scoping import restrict
from darcha.payments.models import Payment

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer


def payments_for(user: Viewer) -> QuerySet[Payment]:
    return restrict(Payment.objects.select_related("application", "recorded_by"), user)
