"""Reads of citizens, always scoped to the user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from darcha.accounts.roles import Capability, can
from darcha.accounts.scoping import restrict
from darcha.audit.services import record_citizen_view
from darcha.people.models import Citizen

if TYPE_CHECKING:
    from darcha.accounts.roles import Viewer


def citizens_for(user: Viewer) -> QuerySet[Citizen]:
    return restrict(Citizen.objects.select_related("mahalla__district"), user)


def citizen_for_intake(user: Viewer, pinfl: str) -> Citizen | None:
    """Look up a citizen by the full PINFL at the front desk.

    The citizen stands at the window with an ID document, so front-office staff may find any
    record by its exact 14 digits (citizens may use any centre): this look-up is the one documented
    exception to `restrict`, granted by the front-office capability. Lists stay scoped. Every
    look-up that finds a record is written to the audit chain.
    """
    if not (can(user, Capability.FRONT_OFFICE) and can(user, Capability.SEE_PERSONAL_DATA)):
        return None
    citizen = Citizen.objects.select_related("mahalla__district").filter(pinfl=pinfl).first()
    if citizen is not None:
        record_citizen_view(actor=user, citizen_id=citizen.pk, purpose="front-desk look-up by PINFL")
    return citizen
