"""Reads of citizens, always scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from darcha.accounts.scoping import restrict_citizens, scope_of
from darcha.audit.services import record_citizen_view
from darcha.people.models import Citizen


def citizens_for(user: Any) -> QuerySet[Citizen]:
    return restrict_citizens(Citizen.objects.select_related("mahalla__district"), user)


def citizen_for_intake(user: Any, pinfl: str) -> Citizen | None:
    """Look up a citizen by the full PINFL at the front desk.

    The citizen stands at the window with an ID document, so front-office staff may find any
    record by its exact 14 digits (citizens may use any centre). Lists stay scoped. Every look-up
    that finds a record is written to the audit chain.
    """
    scope = scope_of(user)
    if scope is None or not scope.can_see_personal_data or scope.role not in {"operator", "manager", "admin"}:
        return None
    citizen = Citizen.objects.select_related("mahalla__district").filter(pinfl=pinfl).first()
    if citizen is not None:
        record_citizen_view(actor=user, citizen_id=citizen.pk, purpose="front-desk look-up by PINFL")
    return citizen
