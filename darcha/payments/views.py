"""The payment page of an application: record the receipt the citizen was given at the centre.

Thin: the form is parsed, `services.record_payment` or `services.confirm_no_fee` decides, domain
errors become form errors. The case page and the receipt link here while a fee is expected.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from darcha.accounts.models import User
from darcha.accounts.roles import Capability
from darcha.applications.choices import PAYABLE
from darcha.applications.selectors import application_for_staff
from darcha.applications.views import capability_required
from darcha.core.errors import DomainError
from darcha.core.templatetags.darcha import uzs
from darcha.core.views import raise_for
from darcha.payments.forms import NoFeeForm, PaymentForm
from darcha.payments.services import confirm_no_fee, record_payment

front_office_required = capability_required(Capability.FRONT_OFFICE)


def _back(number: str, where: str) -> HttpResponse:
    return redirect("applications:receipt" if where == "receipt" else "applications:detail", number=number)


@front_office_required
def record(request: HttpRequest, number: str) -> HttpResponse:
    try:
        application = application_for_staff(request.user, number, purpose="payment")
    except DomainError as error:
        raise_for(error)
    back = request.GET.get("back") if request.method == "GET" else request.POST.get("back")
    back = back if back in {"detail", "receipt"} else "detail"
    if application.payment_status not in PAYABLE:
        messages.info(request, _("No payment is expected for this application."))
        return _back(application.number, back)
    initial = {"back": back, "amount": application.fee_uzs if application.fee_confirmed else None}
    pay_form = PaymentForm(initial=initial)
    no_fee_form = NoFeeForm(initial={"back": back}, prefix="nofee") if not application.fee_confirmed else None
    status = 200
    if request.method == "POST":
        if request.POST.get("intent") == "no_fee" and no_fee_form is not None:
            no_fee_form = NoFeeForm(request.POST, prefix="nofee")
            if no_fee_form.is_valid():
                try:
                    confirm_no_fee(
                        actor=cast(User, request.user),
                        number=application.number,
                        basis=no_fee_form.cleaned_data["basis"],
                    )
                except DomainError as error:
                    no_fee_form.add_domain_error(error)
                    status = error.status
                else:
                    messages.success(request, _("Recorded: no fee is due for this application."))
                    return _back(application.number, back)
            else:
                status = 422
        else:
            pay_form = PaymentForm(request.POST)
            if pay_form.is_valid():
                data = pay_form.cleaned_data
                try:
                    payment = record_payment(
                        actor=cast(User, request.user),
                        number=application.number,
                        amount_uzs=data["amount"],
                        method=data["method"],
                        receipt_number=data["receipt_number"],
                    )
                except DomainError as error:
                    pay_form.add_domain_error(error)
                    status = error.status
                else:
                    messages.success(
                        request,
                        _("Payment of %(amount)s recorded (receipt %(receipt)s).")
                        % {"amount": uzs(payment.amount_uzs), "receipt": payment.receipt_number},
                    )
                    return _back(application.number, back)
            else:
                status = 422
    context = {"application": application, "form": pay_form, "no_fee_form": no_fee_form, "back": back}
    return render(request, "payments/record.html", context, status=status)
