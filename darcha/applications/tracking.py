"""Public tracking by number plus the last four PINFL digits: status and dates only, rate-limited.

Guessing is bounded twice: per client address (RATE_LIMIT_TRACK) and per application number
(RATE_LIMIT_TRACK_FAILURES failed attempts lock the number for the window), so nobody can try the
10,000 possible digit endings. A wrong number and wrong digits get the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.applications.models import Application
from darcha.applications.numbers import normalize
from darcha.applications.workflow import CLOCK_RUNNING_STATES, Status
from darcha.core import ratelimit
from darcha.core.errors import NotFound, RateLimited, ValidationFailed

# Events a citizen may see: status changes, never the officers' names or comments.
PUBLIC_ACTIONS = {
    "submit",
    "accept",
    "start_review",
    "request_info",
    "provide_info",
    "approve",
    "reject",
    "mark_ready",
    "deliver",
    "withdraw",
}


@dataclass(frozen=True)
class PublicStep:
    status: str
    status_label: str
    at: dt.datetime


@dataclass(frozen=True)
class PublicStatus:
    number: str
    service_code: str
    service_name: str
    center_name: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    due_date: dt.date
    overdue: bool
    clock_paused: bool
    steps: list[PublicStep]


def track_application(*, number: str, pinfl_last4: str, client: str) -> PublicStatus:
    if not ratelimit.hit("track-ip", client, settings.RATE_LIMIT_TRACK):
        raise RateLimited(_("Too many look-ups from your connection. Please wait a minute and try again."))
    canonical = normalize(number)
    if canonical is None:
        raise ValidationFailed(
            _("This is not a valid application number. It looks like DX-2026-101-000123-4."),
            field="number",
            code="invalid_number",
        )
    last4 = (pinfl_last4 or "").strip()
    if len(last4) != 4 or not last4.isdigit():
        raise ValidationFailed(
            _("Enter the last four digits of the PINFL."), field="pinfl_last4", code="invalid_pinfl_last4"
        )
    if ratelimit.is_blocked("track-number", canonical, settings.RATE_LIMIT_TRACK_FAILURES):
        raise RateLimited(_("Too many wrong attempts for this number. Try again in an hour or ask at a centre."))
    application = Application.objects.select_related("service", "center", "applicant").filter(number=canonical).first()
    if application is None or application.applicant.pinfl[-4:] != last4:
        ratelimit.hit("track-number", canonical, settings.RATE_LIMIT_TRACK_FAILURES)
        raise NotFound(_("No application matches this number and these digits."), code="not_found")
    steps = [
        PublicStep(status=e.to_status, status_label=str(Status(e.to_status).label), at=e.at)
        for e in application.events.filter(action__in=PUBLIC_ACTIONS).order_by("sequence")
    ]
    today = timezone.localdate()
    return PublicStatus(
        number=application.number,
        service_code=application.service.code,
        service_name=application.service.name,
        center_name=application.center.name,
        status=application.status,
        status_label=str(Status(application.status).label),
        submitted_at=application.submitted_at,
        due_date=application.due_date,
        overdue=application.status in CLOCK_RUNNING_STATES and application.due_date < today,
        clock_paused=application.status == Status.INFO_REQUESTED,
        steps=steps,
    )
