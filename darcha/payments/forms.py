"""Forms of the payment page: a receipt taken at the cash desk or terminal, or no fee due."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from darcha.core.forms import DarchaForm
from darcha.payments.models import PaymentMethod
from darcha.payments.services import AMOUNT_MAX_UZS, BASIS_MAX, RECEIPT_NUMBER_MAX

BACK_TO = [("detail", "detail"), ("receipt", "receipt")]


class PaymentForm(DarchaForm):
    """The receipt the citizen was given; the service checks the amount against the fee."""

    domain_fields = {"amount_uzs": "amount"}

    method = forms.ChoiceField(
        label=_("Paid at"), choices=PaymentMethod.choices, widget=forms.RadioSelect, initial=PaymentMethod.CASH_DESK
    )
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=RECEIPT_NUMBER_MAX,
        help_text=_("As printed on the cash-desk or terminal receipt."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "input-short"}),
    )
    amount = forms.IntegerField(
        label=_("Amount paid, soums"),
        min_value=1,
        max_value=AMOUNT_MAX_UZS,
        help_text=_("Whole soums, as on the receipt."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )
    back = forms.ChoiceField(choices=BACK_TO, widget=forms.HiddenInput, required=False)


class NoFeeForm(DarchaForm):
    """A fee that was to be confirmed turns out not to be due."""

    basis = forms.CharField(
        label=_("Why no fee is due"),
        max_length=BASIS_MAX,
        help_text=_("For example the legal act, or the exemption that applies."),
    )
    back = forms.ChoiceField(choices=BACK_TO, widget=forms.HiddenInput, required=False)
