"""Writes on payments: one validated path for recording that a fee was paid, or that none is due.

`record_payment` is the only way an application becomes paid. The desk page and the API call it
today with a cash-desk or terminal receipt; a payment provider's adapter (invoices, Click, Payme, the
national billing system) will call it tomorrow with its own method and reference. Each call, in one
transaction: the application is locked and found through the actor's scope, the amount is checked
against the fee, a `Payment` row and a `payment` history entry are written, the application's
`payment_status` becomes paid, and the audit chain records who did it.

A fee the catalog does not know (the service version's fee is "not verified") is never taken as
zero: the cashier's receipt confirms it (`record_payment` stores the amount as the fee), or the front
office confirms that none is due, with the legal basis (`confirm_no_fee`). Until then the result is
not handed over (workflow: `deliver` needs a settled fee).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.models import User
from darcha.accounts.roles import Capability, can
from darcha.applications.choices import PAYABLE, PaymentStatus
from darcha.applications.models import Application
from darcha.applications.services import application_for_update, record_note
from darcha.applications.workflow import EventKind, state
from darcha.audit.services import record as audit
from darcha.core.errors import Conflict, InvalidTransition, NotAllowed, ValidationFailed
from darcha.payments.models import Payment, PaymentMethod

RECEIPT_NUMBER_MAX = 40
# A bigger amount is a typing slip (the largest fee in the catalog is 80.5 BHM, some 33 million soums).
AMOUNT_MAX_UZS = 10_000_000_000
BASIS_MAX = 300


def clean_receipt_number(raw: str) -> str:
    """The receipt's number as printed: letters, digits, spaces, - / . (spaces collapsed)."""
    number = " ".join((raw or "").split())
    if not number:
        raise ValidationFailed(
            _("Enter the number printed on the cash-desk or terminal receipt."),
            field="receipt_number",
            code="receipt_number_required",
        )
    if len(number) > RECEIPT_NUMBER_MAX or not all(ch.isalnum() or ch in " -/." for ch in number):
        raise ValidationFailed(
            _("A receipt number has at most 40 letters, digits, spaces, dashes, slashes or dots."),
            field="receipt_number",
            code="receipt_number_invalid",
        )
    return number


def _payable(actor: User, number: str) -> Application:
    """The application, locked, if the actor may take its fee and a payment is still expected."""
    if not can(actor, Capability.FRONT_OFFICE):
        raise NotAllowed(_("Only front-office staff record payments."), code="role_not_allowed")
    application = application_for_update(actor, number)
    if state(application.status).final:
        raise InvalidTransition(_("The application is closed: no payment can be recorded for it."))
    if application.payment_status == PaymentStatus.PAID:
        raise Conflict(_("The fee of this application is already paid."), code="already_paid")
    if application.payment_status not in PAYABLE:
        raise ValidationFailed(_("No fee is due for this application."), code="no_fee_due")
    return application


def record_payment(
    *,
    actor: User,
    number: str,
    amount_uzs: int,
    method: str,
    receipt_number: str,
    at: dt.datetime | None = None,
) -> Payment:
    """Record that the citizen paid the application's fee (at the cash desk or a card terminal).

    A known fee must be paid in full: `amount_uzs` equal to the application's fee. A fee still to be
    confirmed is confirmed by the receipt: its amount becomes the application's fee.
    """
    if method not in PaymentMethod.values:
        raise ValidationFailed(_("Choose where the fee was paid."), field="method", code="invalid_method")
    receipt = clean_receipt_number(receipt_number)
    if not isinstance(amount_uzs, int) or isinstance(amount_uzs, bool) or not 0 < amount_uzs <= AMOUNT_MAX_UZS:
        raise ValidationFailed(
            _("Enter the amount on the receipt, in whole soums."), field="amount_uzs", code="invalid_amount"
        )
    at = at or timezone.now()
    with transaction.atomic():
        application = _payable(actor, number)
        confirming = application.payment_status == PaymentStatus.UNCONFIRMED
        if not confirming and amount_uzs != application.fee_uzs:
            raise ValidationFailed(
                _("The amount differs from the fee due (%(fee)s soums). Check the receipt.")
                % {"fee": f"{application.fee_uzs:,}".replace(",", " ")},
                field="amount_uzs",
                code="amount_mismatch",
            )
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    application=application,
                    amount_uzs=amount_uzs,
                    method=method,
                    receipt_number=receipt,
                    confirmed_fee=confirming,
                    recorded_by=actor if actor.pk else None,
                    recorded_at=at,
                )
        except IntegrityError:
            raise Conflict(
                _("This receipt is already recorded for the application."), code="receipt_already_recorded"
            ) from None
        fields = ["payment_status"]
        if confirming:
            application.fee_uzs = amount_uzs
            application.fee_details = {**application.fee_details, "total_uzs": amount_uzs}
            fields += ["fee_uzs", "fee_details"]
        application.payment_status = PaymentStatus.PAID
        application.save(update_fields=fields)
        data: dict[str, Any] = {"amount_uzs": amount_uzs, "method": method, "receipt_number": receipt}
        if confirming:
            data["fee_confirmed"] = True
        record_note(application, kind=EventKind.PAYMENT, actor=actor, at=at, data=data)
        audit(actor=actor, action="record_payment", object_type="application", object_id=application.pk)
        return payment


def confirm_no_fee(*, actor: User, number: str, basis: str, at: dt.datetime | None = None) -> Application:
    """The fee was to be confirmed and none is due: say on which basis (the legal act, the exemption)."""
    basis = " ".join((basis or "").split())
    if not basis:
        raise ValidationFailed(
            _("Say why no fee is due (for example the legal act or the exemption)."),
            field="basis",
            code="basis_required",
        )
    if len(basis) > BASIS_MAX:
        raise ValidationFailed(_("Keep the basis under 300 characters."), field="basis", code="basis_too_long")
    at = at or timezone.now()
    with transaction.atomic():
        application = _payable(actor, number)
        if application.payment_status != PaymentStatus.UNCONFIRMED:
            raise ValidationFailed(
                _("The fee of this application is known; record its payment instead."), code="fee_known"
            )
        application.fee_uzs = 0
        application.fee_details = {**application.fee_details, "total_uzs": 0}
        application.payment_status = PaymentStatus.NOT_REQUIRED
        application.save(update_fields=["fee_uzs", "fee_details", "payment_status"])
        record_note(application, kind=EventKind.FEE_CONFIRMED, actor=actor, at=at, data={"basis": basis})
        audit(actor=actor, action="confirm_no_fee", object_type="application", object_id=application.pk)
        return application
