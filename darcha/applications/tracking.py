"""Public tracking: status and dates only, never names, officers or their notes.

Besides the status and dates the citizen sees what they must act on: what an information request
asks for and by when (the officer writes that text for the citizen; the form says so), the fee and
whether it is paid (an unknown fee as "to be confirmed", never as zero), and where, when and with
what to pick up a result that is ready.

Two ways in:
- the receipt's QR code carries the application's own link (`tracking_path`): the number and an
  unguessable code derived from the application's UUID with a key only the server knows. It needs
  no digits, so nobody guessing digits can lock the citizen out of it.
- anyone may type the number and the last four PINFL digits. Guessing is bounded per client
  address (RATE_LIMIT_TRACK) and per number across all addresses (RATE_LIMIT_TRACK_NUMBER within an
  hour, RATE_LIMIT_TRACK_NUMBER_DAILY within a day), counted atomically before the digits are
  compared, so the 10,000 endings cannot be tried. A wrong number and wrong digits get the same answer.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from darcha.applications.choices import PAYABLE, PaymentStatus
from darcha.applications.models import Application, ApplicationEvent
from darcha.applications.numbers import normalize, parse
from darcha.applications.pickup import Pickup, pickup_for
from darcha.applications.workflow import (
    PUBLIC_EVENTS,
    ClockState,
    EventKind,
    is_overdue,
    state,
    status_label,
)
from darcha.core import ratelimit
from darcha.core.errors import NotFound, RateLimited, ValidationFailed

CODE_SALT = "darcha.applications.tracking"
CODE_LENGTH = 20  # 15 bytes of an HMAC-SHA256, base64url: 120 bits


@dataclass(frozen=True)
class PublicStep:
    status: str
    status_label: str
    at: dt.datetime


@dataclass(frozen=True)
class PublicInfoRequest:
    """What the agency asked the citizen for, and by when (while the case waits for the answer)."""

    text: str
    requested_on: dt.date
    answer_by: dt.date | None


@dataclass(frozen=True)
class PublicFee:
    confirmed: bool
    # None while the fee is to be confirmed: an unknown fee is never shown as 0.
    amount_uzs: int | None
    payment_status: str
    payment_label: str
    # A payment is still expected from the citizen (unpaid, or the fee still to be confirmed).
    to_pay: bool


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
    fee: PublicFee
    info_request: PublicInfoRequest | None = None
    pickup: Pickup | None = None


def _code(application_uuid: str, secret: str | None = None) -> str:
    digest = salted_hmac(CODE_SALT, application_uuid, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:15]).decode()


def tracking_code(application: Application) -> str:
    """The application's own tracking code (stable; changes only if SECRET_KEY does)."""
    return _code(str(application.uuid))


def tracking_path(application: Application) -> str:
    """The path of the application's own tracking page (in the active language)."""
    return reverse("portal:track_link", kwargs={"number": application.number, "code": tracking_code(application)})


def _code_matches(application: Application, code: str) -> bool:
    # Receipts printed before a key rotation keep working while the old key is a fallback.
    secrets = [None, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(_code(str(application.uuid), secret), code) for secret in secrets)


def _limit_client(client: str) -> None:
    if not ratelimit.hit("track-ip", client, settings.RATE_LIMIT_TRACK):
        raise RateLimited(_("Too many look-ups from your connection. Please wait a minute and try again."))


def track_by_link(*, number: str, code: str, client: str) -> PublicStatus:
    """The page behind the receipt's QR code: the number and its code, no digits needed."""
    _limit_client(client)
    canonical = normalize(number)
    application = None
    if canonical is not None and len(code) == CODE_LENGTH:
        application = _public_row(canonical)
    if application is None or not _code_matches(application, code):
        raise NotFound(_("This tracking link is not valid. Check it, or track with the number and PINFL digits."))
    return _public_status(application)


def pinfl_last_four(raw: str) -> str:
    """The last four PINFL digits typed on the tracking form (spaces ignored; ASCII digits only)."""
    digits = re.sub(r"\s+", "", raw or "")
    if len(digits) != 4 or not (digits.isascii() and digits.isdigit()):
        raise ValidationFailed(
            _("Enter the last four digits of your PINFL, for example 4821."),
            field="pinfl_last4",
            code="invalid_pinfl_last4",
        )
    return digits


def _public_row(number: str) -> Application | None:
    return (
        Application.objects.select_related("service", "center", "applicant")
        .prefetch_related("center__opening_hours")
        .filter(number=number)
        .first()
    )


def _attempt_limits() -> list[tuple[str, str]]:
    return [
        ("track-number", settings.RATE_LIMIT_TRACK_NUMBER),
        ("track-number-day", settings.RATE_LIMIT_TRACK_NUMBER_DAILY),
    ]


def track_application(*, number: str, pinfl_last4: str, client: str) -> PublicStatus:
    _limit_client(client)
    canonical = parse(number)  # InvalidNumber says what is wrong: the format, the length or a mistyped digit
    last4 = pinfl_last_four(pinfl_last4)
    # Every look-up by digits of one number is counted, from all addresses together, BEFORE the
    # digits are compared: with atomic counters, a burst of parallel guesses gets no more tries
    # than the limit. A right answer gives its count back, so only wrong digits use the budget.
    # A citizen who is locked out by someone else's guesses still has the QR link on the receipt.
    within = [ratelimit.hit(scope, canonical, rate) for scope, rate in _attempt_limits()]
    if not all(within):
        raise RateLimited(
            _(
                "Too many attempts for this number. Use the QR code on your receipt, "
                "try again later, or ask at a centre."
            )
        )
    application = _public_row(canonical)
    if application is None or not hmac.compare_digest(application.applicant.pinfl[-4:], last4):
        raise NotFound(_("No application matches this number and these digits."), code="not_found")
    for scope, _rate in _attempt_limits():
        ratelimit.release(scope, canonical)
    return _public_status(application)


def public_fee(application: Application) -> PublicFee:
    confirmed = application.payment_status != PaymentStatus.UNCONFIRMED
    return PublicFee(
        confirmed=confirmed,
        amount_uzs=application.fee_uzs if confirmed else None,
        payment_status=application.payment_status,
        payment_label=str(PaymentStatus(application.payment_status).label),
        to_pay=application.payment_status in PAYABLE,
    )


def _info_request(application: Application, events: list[ApplicationEvent]) -> PublicInfoRequest | None:
    if not state(application.status).waits_for_citizen:
        return None
    request = next((e for e in reversed(events) if e.action == EventKind.REQUEST_INFO), None)
    if request is None:
        return None
    answer_by = request.data.get("answer_by")
    return PublicInfoRequest(
        text=request.comment,
        requested_on=timezone.localtime(request.at).date(),
        answer_by=dt.date.fromisoformat(answer_by) if answer_by else None,
    )


def _public_status(application: Application) -> PublicStatus:
    events = list(application.events.filter(action__in=PUBLIC_EVENTS).order_by("sequence"))
    steps = [PublicStep(status=e.to_status, status_label=status_label(e.to_status), at=e.at) for e in events]
    return PublicStatus(
        number=application.number,
        service_code=application.service.code,
        service_name=application.service.name,
        center_name=application.center.name,
        status=application.status,
        status_label=status_label(application.status),
        submitted_at=application.submitted_at,
        due_date=application.due_date,
        overdue=is_overdue(application.status, application.due_date, timezone.localdate()),
        clock_paused=state(application.status).clock == ClockState.PAUSED,
        steps=steps,
        fee=public_fee(application),
        info_request=_info_request(application, events),
        pickup=pickup_for(application) if state(application.status).pickup else None,
    )
