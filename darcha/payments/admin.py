"""Payments, read-only: recorded through `services.record_payment` only (history and audit)."""

from __future__ import annotations

from django.contrib import admin

from darcha.accounts.admin_site import ScopedAdminMixin
from darcha.core.admin import ReadOnlyAdmin
from darcha.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(ScopedAdminMixin, ReadOnlyAdmin):
    list_display = ["receipt_number", "application", "amount_uzs", "method", "recorded_at", "recorded_by"]
    list_filter = ["method", "confirmed_fee"]
    list_select_related = ["application", "recorded_by"]
    search_fields = ["receipt_number", "application__number"]
