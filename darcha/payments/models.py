"""Payments of application fees, recorded at the centre's cash desk or card terminal.

A payment is one row per receipt the citizen was given, never edited: who recorded it, when, how
much, how (cash desk or terminal) and the receipt's number. The application keeps a summary
(`payment_status`) that lists and the workflow read without a join. Invoices and payment providers
(Click, Payme, the national billing system) come later as adapters that call the same service with
their own method and reference (ARCHITECTURE.md, "Payments and identity as adapters").
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from darcha.accounts.scoping import ScopePaths


class PaymentMethod(models.TextChoices):
    CASH_DESK = "cash_desk", _("cash desk")
    TERMINAL = "terminal", _("card terminal")


class Payment(models.Model):
    # Declared scope (darcha.accounts.scoping): a payment is seen by whoever sees its application.
    SCOPE = ScopePaths(
        center="application__center_id",
        agency="application__agency_id",
        region="application__center__district__region_id",
    )

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="payments", verbose_name=_("application")
    )
    amount_uzs = models.PositiveBigIntegerField(_("amount, UZS"))
    method = models.CharField(_("paid at"), max_length=20, choices=PaymentMethod.choices)
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    # The catalog did not know the fee: the amount on the receipt confirmed it.
    confirmed_fee = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        ordering = ["application", "recorded_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # The same receipt recorded twice (a double click, two operators) is refused by the database too.
            models.UniqueConstraint(fields=["application", "method", "receipt_number"], name="payment_receipt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} ({self.amount_uzs} UZS)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Integrity, not business logic: a recorded payment is never edited (a refund is a new row, later).
        if not self._state.adding:
            raise ValueError("Payments are recorded once and never changed.")
        super().save(*args, **kwargs)
