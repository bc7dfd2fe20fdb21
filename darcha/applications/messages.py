"""The messages the applications app sends, registered with the outbox, and `notify_citizen` for the services.

One SMS per change the citizen must know about or act on (`workflow.Action.tells_citizen`, and the
submission when it is not accepted in the same moment): an application taken with every document
sends one message, not one per step. Each is written in the recipient's language, with dates as
DD.MM.YYYY, and kept within one SMS segment where the content allows (`notifications.sms`: Uzbek
Latin goes out in GSM-7, 160 characters; Cyrillic needs UCS-2, 70). The information request says
what is needed and by when; "ready for pick-up" says where, when and what to bring.

Only the number, dates, the centre and the officer's request travel: no names or PINFL in an SMS,
which an operator's systems and a shared family phone both see. The centre's name, address and
hours are put in the context when the message is queued, in the recipient's language, because a
render function reads only its row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from darcha.applications.models import Application, ApplicationEvent
from darcha.applications.pickup import pickup_for
from darcha.applications.workflow import EventKind, Status, reason_label
from darcha.notifications.models import OutboxMessage
from darcha.notifications.services import enqueue
from darcha.notifications.sms import for_sms
from darcha.notifications.templates import register

STATUS = "applications.status"


def sms_date(value: Any) -> str:
    """An ISO date from the context as DD.MM.YYYY (what Uzbek and Russian readers write)."""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value or "")


def _submitted(c: Mapping[str, Any]) -> str:
    return _("Darcha: application %(number)s registered. Bring the missing documents to the centre.") % c


def _accepted(c: Mapping[str, Any]) -> str:
    return _("Darcha: application %(number)s accepted. Decision by %(due)s.") % c


def _info_requested(c: Mapping[str, Any]) -> str:
    return _("Darcha: %(number)s needs: %(request)s Bring it to the centre by %(answer_by)s.") % c


def _approved(c: Mapping[str, Any]) -> str:
    return _("Darcha: application %(number)s approved. An SMS follows when the result is ready.") % c


def _rejected(c: Mapping[str, Any]) -> str:
    return _("Darcha: application %(number)s rejected: %(reason)s.") % c


def _ready(c: Mapping[str, Any]) -> str:
    return _("Darcha: result of %(number)s is ready at %(where)s. Bring: %(bring)s.") % c


def _withdrawn(c: Mapping[str, Any]) -> str:
    return _("Darcha: application %(number)s withdrawn at your request.") % c


def _any_status(c: Mapping[str, Any]) -> str:
    return _("Darcha: application %(number)s is now “%(status)s”. Deadline: %(due)s.") % c


TEXTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    EventKind.SUBMIT: _submitted,
    EventKind.ACCEPT: _accepted,
    EventKind.REQUEST_INFO: _info_requested,
    EventKind.APPROVE: _approved,
    EventKind.REJECT: _rejected,
    EventKind.MARK_READY: _ready,
    EventKind.WITHDRAW: _withdrawn,
}


# "status": the name rows were written under before templates were registered per app. Rows queued
# before messages named their change (no "kind") still render, as the general status text.
@register(STATUS, aliases=("status",))
def status_text(context: Mapping[str, Any]) -> str:
    status = context.get("status", Status.SUBMITTED)
    fields = {
        "number": context.get("number", ""),
        "status": Status(status).label if status in Status.values else status,
        "due": sms_date(context.get("due_date", "")),
        "answer_by": sms_date(context.get("answer_by", "")),
        "request": _sentence(str(context.get("request", ""))),
        "reason": reason_label(str(context.get("reason", ""))),
        # Where and when: the centre, its address and opening hours, whichever are known.
        "where": ", ".join(
            part for part in [context.get("center", ""), context.get("address", ""), *context.get("hours", [])] if part
        ),
        "bring": ", ".join(context.get("bring", [])),
    }
    text = TEXTS.get(str(context.get("kind", "")), _any_status)(fields)
    return for_sms(" ".join(text.split()))


def _sentence(text: str) -> str:
    """The officer's request as one sentence ending in a full stop (it is followed by another)."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else f"{text}."


def citizen_context(application: Application, event: ApplicationEvent, language: str) -> dict[str, Any]:
    """What the message about `event` needs, as plain JSON; names of places in `language`."""
    context: dict[str, Any] = {
        "kind": event.action,
        "number": application.number,
        "status": application.status,
        "due_date": application.due_date.isoformat(),
    }
    if event.action == EventKind.REQUEST_INFO:
        context["request"] = event.comment
        context["answer_by"] = event.data.get("answer_by", "")
    elif event.action == EventKind.REJECT:
        context["reason"] = event.reason_code
    elif event.action == EventKind.MARK_READY:
        with translation.override(language):
            pickup = pickup_for(application)
            context.update(
                center=pickup.center, address=pickup.address, hours=pickup.hours, bring=[str(b) for b in pickup.bring]
            )
    return context


def notify_citizen(application: Application, event: ApplicationEvent) -> OutboxMessage | None:
    """Tell the applicant (or the representative) about the change `event` recorded, if a phone is known.

    Called by the services inside their transaction, for the changes the workflow declares the
    citizen must know (`Action.tells_citizen`): the SMS exists exactly when the change does.
    """
    person = application.representative or application.applicant
    if not person.phone:
        return None
    language = person.preferred_language or "uz"
    return enqueue(
        recipient=person.phone,
        language=language,
        template=STATUS,
        context=citizen_context(application, event, language),
    )
