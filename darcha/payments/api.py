"""Payment endpoints: record a receipt for an application's fee, list an application's payments.

The same service as the desk page (`services.record_payment`); a payment provider's adapter will
call that service too, not this endpoint.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from darcha.accounts.auth import api_user
from darcha.applications.numbers import normalize
from darcha.applications.selectors import applications_for
from darcha.core.errors import NotFound
from darcha.core.schemas import CleanText, ErrorOut, local_time
from darcha.payments.models import Payment, PaymentMethod
from darcha.payments.selectors import payments_for
from darcha.payments.services import AMOUNT_MAX_UZS, RECEIPT_NUMBER_MAX, record_payment

router = Router(tags=["payments"])


class PaymentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    amount_uzs: int = Field(
        ge=1,
        le=AMOUNT_MAX_UZS,
        description="The amount on the receipt. A known fee is paid in full (422 amount_mismatch otherwise); "
        "a fee still to be confirmed (fee_confirmed false) is confirmed by this amount.",
    )
    method: CleanText = Field(max_length=20, description=f"One of: {', '.join(PaymentMethod.values)}.")
    receipt_number: CleanText = Field(
        max_length=RECEIPT_NUMBER_MAX, description="As printed on the cash-desk or terminal receipt."
    )


class PaymentOut(Schema):
    application_number: str
    amount_uzs: int
    method: str
    receipt_number: str
    confirmed_fee: bool = Field(description="The receipt confirmed a fee the catalog did not know.")
    recorded_at: dt.datetime

    @staticmethod
    def resolve_application_number(obj: Any) -> str:
        return str(obj.application.number)

    @staticmethod
    def resolve_recorded_at(obj: Any) -> dt.datetime | None:
        return local_time(obj.recorded_at)


def _number(raw: str) -> str:
    number = normalize(raw)
    if number is None:
        raise NotFound(_("No application with this number."))
    return number


@router.post(
    "/{number}/payments",
    response={201: PaymentOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record a payment of the fee",
)
def create_payment(request: HttpRequest, number: str, payload: PaymentIn) -> Status[Payment]:
    """Front office: the citizen paid the fee at the cash desk or a card terminal. The application's
    `payment_status` becomes `paid`; a result is handed over only once the fee is settled."""
    payment = record_payment(
        actor=api_user(request),
        number=_number(number),
        amount_uzs=payload.amount_uzs,
        method=payload.method,
        receipt_number=payload.receipt_number,
    )
    return Status(201, payment)


@router.get(
    "/{number}/payments",
    response={200: list[PaymentOut], 401: ErrorOut, 404: ErrorOut},
    summary="Payments of an application",
)
def list_payments(request: HttpRequest, number: str) -> list[Payment]:
    """Payments recorded for an application. Outside your scope it is 404, like an unknown number."""
    user, canonical = api_user(request), _number(number)
    if not applications_for(user).filter(number=canonical).exists():
        raise NotFound(_("No application with this number."))
    return list(payments_for(user).filter(application__number=canonical))
