"""Agencies, services and their dated rule versions, and the BHM history.

A service's rules (fee, term, documents) live in `ServiceVersion`. A change of rules never edits
a version: it adds one with a later `valid_from`; an application keeps the version it was made
under, which is what lets analytics measure the effect of each change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from darcha.catalog.choices import CalendarRegime, Category, Channel, Verification
from darcha.core.i18n import localized
from darcha.core.models import NamedInFourLanguages
from darcha.core.search import search_key

# The texts a service is found by, besides its code: its name in every language.
SEARCHED_FIELDS = ("name_uz", "name_uz_cyrl", "name_ru", "name_en")


class Agency(NamedInFourLanguages):
    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")


class DocumentType(NamedInFourLanguages):
    code = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")


class Service(NamedInFourLanguages):
    code = models.CharField(_("code"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, default=Category.OTHER)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("agency"))
    description_uz = models.TextField(blank=True)
    description_uz_cyrl = models.TextField(blank=True)
    description_ru = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    channels = models.JSONField(
        _("channels"), default=list, help_text=_("Codes of the channels the service is offered through.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    source = models.TextField(_("sources"), blank=True)
    # The code and names in every language, folded by darcha.core.search (apostrophes, scripts and
    # Russian-keyboard letters to one spelling), so that the catalog search is one LIKE per word.
    search_key = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    # The search key is a copy of the names in another spelling, not a rule: it is kept next to the
    # names on every save (the loader, the admin, factories) so that it can never fall behind them.
    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = search_key([self.code, *(getattr(self, name) for name in SEARCHED_FIELDS)])
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & {"code", *SEARCHED_FIELDS}:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def description(self) -> str:
        return localized(self, "description")

    # Which channels the service is offered through: the one answer used by intake, the desk, the
    # catalog, the API and the demo generator. A service whose list is empty (never loaded from the
    # catalog file, which requires one) is offered at the front desk only.
    @property
    def offered_channels(self) -> list[str]:
        listed = set(self.channels or [])
        offered = [c for c in Channel.values if c in listed]
        return offered or [Channel.FRONT_DESK.value]

    def offers(self, channel: str) -> bool:
        return channel in self.offered_channels

    @property
    def default_channel(self) -> str:
        offered = self.offered_channels
        return Channel.FRONT_DESK.value if Channel.FRONT_DESK in offered else offered[0]

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[c]) for c in self.offered_channels]


class ServiceVersion(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    fee_bhm = models.DecimalField(_("fee, BHM multiple"), max_digits=8, decimal_places=4, default=Decimal("0"))
    fee_uzs_fixed = models.PositiveBigIntegerField(_("fixed fee part, UZS"), default=0)
    online_fee_percent = models.PositiveSmallIntegerField(
        _("online fee, percent of the front-desk fee"), default=100, help_text=_("My.gov.uz filings usually pay 90%.")
    )
    # [{"category": Exemption, "percent_off": 0..100}]; the largest applicable discount wins.
    exemptions = models.JSONField(_("exemptions"), default=list, blank=True)
    term_working_days = models.PositiveSmallIntegerField(_("legal term, working days"))
    calendar_regime = models.CharField(
        _("working week"), max_length=4, choices=CalendarRegime.choices, default=CalendarRegime.FIVE_DAY
    )
    fee_verified = models.CharField(max_length=10, choices=Verification.choices, default=Verification.NO)
    term_verified = models.CharField(max_length=10, choices=Verification.choices, default=Verification.NO)
    change_note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["service", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["service", "number"], name="service_version_unique")]
        verbose_name = _("service version")
        verbose_name_plural = _("service versions")

    def __str__(self) -> str:
        return f"{self.service.code} v{self.number}"

    def document_requirements(self) -> list[VersionDocument]:
        return list(self.documents.all())


class VersionDocument(models.Model):
    """One line of a version's checklist of documents."""

    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    mandatory = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "document"], name="version_document_unique")]


class BhmRate(models.Model):
    """Base calculation amount in force from a date (decrees change it; DOMAIN.md)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    value_uzs = models.PositiveIntegerField(_("value, UZS"))
    decree = models.TextField(_("decree"), blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("BHM value")
        verbose_name_plural = _("BHM values")

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.value_uzs}"
