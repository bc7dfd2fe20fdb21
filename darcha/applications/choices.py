"""Declared choices of an application that the workflow and the payments app both read.

The payment status lives on the application (lists and figures filter by it without a join), but
its meaning belongs to the workflow too: a result is handed over only when the fee is settled
(`workflow.Action.needs_fee_settled`). Declaring it here, below both, keeps them from importing
each other.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("no fee")
    UNPAID = "unpaid", _("awaiting payment")
    # The catalog does not know the fee (the service version's fee is "not verified"): the amount is
    # never shown or printed as zero. The cashier confirms it when taking the payment.
    UNCONFIRMED = "unconfirmed", _("fee to be confirmed")
    PAID = "paid", _("paid")
    REFUNDED = "refunded", _("refunded")


# The fee needs nothing more from the citizen: none was due, or it was paid.
SETTLED_PAYMENT = frozenset({PaymentStatus.NOT_REQUIRED.value, PaymentStatus.PAID.value})
# A payment may be recorded: a known fee not yet paid, or a fee still to be confirmed.
PAYABLE = frozenset({PaymentStatus.UNPAID.value, PaymentStatus.UNCONFIRMED.value})
