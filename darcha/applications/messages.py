"""The messages the applications app sends, registered with the outbox, and `notify_status` for the services.

Only the number, the status and the deadline travel: no names or PINFL in an SMS, which an
operator's systems and a shared family phone both see.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from darcha.applications.models import Application
from darcha.applications.workflow import Status
from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import enqueue
from darcha.notifications.templates import register

STATUS = "applications.status"


# "status": the name rows were written under before templates were registered per app.
@register(STATUS, aliases=("status",))
def status_text(context: Mapping[str, Any]) -> str:
    return _("Darcha: application %(number)s is now “%(status)s”. Deadline: %(due)s.") % {
        "number": context.get("number", ""),
        "status": Status(context.get("status", Status.SUBMITTED)).label,
        "due": context.get("due_date", ""),
    }


def notify_status(application: Application) -> OutboxMessage | None:
    """Tell the applicant (or the representative) about a new status, if a phone is known.

    Called by the services inside their transaction: the SMS exists exactly when the change does.
    """
    person = application.representative or application.applicant
    if not person.phone:
        return None
    return enqueue(
        recipient=person.phone,
        language=person.preferred_language or "uz",
        template=STATUS,
        context={
            "number": application.number,
            "status": application.status,
            "due_date": application.due_date.isoformat(),
        },
    )
