"""Where, when and with what a citizen picks up a result: the tracking page and the SMS say the same.

Read in the active language (the SMS builds it under the recipient's language, the tracking page
under the page's). Public data only: the centre's name, address and opening hours, and a list of
what to bring that names no person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from darcha.applications.choices import PaymentStatus
from darcha.applications.models import Application
from darcha.centers.selectors import hours_summary
from darcha.core.templatetags.darcha import uzs


@dataclass(frozen=True)
class Pickup:
    center: str
    address: str
    hours: list[str]
    bring: list[str]


def what_to_bring(application: Application) -> list[str]:
    """The documents and money the person picking up needs, shortest first (the SMS joins them)."""
    items = [_("passport or ID card")]
    if application.representative_id:
        items.append(_("the document of the representative's authority"))
    items.append(_("the application number"))
    if application.payment_status == PaymentStatus.UNPAID:
        items.append(_("the fee of %(amount)s") % {"amount": uzs(application.fee_uzs)})
    elif application.payment_status == PaymentStatus.UNCONFIRMED:
        items.append(_("the fee (its amount is confirmed at the centre)"))
    return items


def pickup_for(application: Application) -> Pickup:
    """Where the result waits: the centre that took the application."""
    center = application.center
    return Pickup(
        center=center.name,
        address=center.address,
        hours=hours_summary(list(center.opening_hours.all())),
        bring=what_to_bring(application),
    )
