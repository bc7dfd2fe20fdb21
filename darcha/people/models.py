"""Citizens (keyed by PINFL) and what is needed to serve them well."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from darcha.accounts.scoping import ScopePaths
from darcha.geo.models import Mahalla


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class DisabilityGroup(models.TextChoices):
    NONE = "", _("none")
    I = "1", _("group I")  # noqa: E741 - the legal name of the group
    II = "2", _("group II")
    III = "3", _("group III")


class Citizen(models.Model):
    # Declared scope (darcha.accounts.scoping): a citizen is seen where they were registered and
    # wherever they have a case, as applicant or as representative; never by those who may not
    # see personal data.
    SCOPE = ScopePaths(
        center="registered_at_id",
        region="registered_at__district__region_id",
        via=("applications", "represented_applications"),
        personal=True,
    )

    pinfl = models.CharField(_("PINFL"), max_length=14, unique=True)
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("phone"), max_length=13, blank=True)
    mahalla = models.ForeignKey(Mahalla, null=True, blank=True, on_delete=models.PROTECT, related_name="citizens")
    disability_group = models.CharField(
        _("disability group"), max_length=1, choices=DisabilityGroup.choices, blank=True, default=""
    )
    in_social_registry = models.BooleanField(_("in the Unified Social Protection Registry"), default=False)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="uz")
    # Warnings found at registration (PINFL disagreeing with sex or birth date): kept, not fatal.
    data_warnings = models.JSONField(default=list, blank=True)
    registered_at = models.ForeignKey(
        "centers.Center", null=True, blank=True, on_delete=models.PROTECT, related_name="registered_citizens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name[:1]}. ({self.masked_pinfl})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def masked_pinfl(self) -> str:
        return "*" * 10 + self.pinfl[-4:]

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class CitizenChange(models.Model):
    """One stored detail of a citizen changed at the front desk: the old value is kept (append-only)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="changes")
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=100, blank=True)
    new_value = models.CharField(max_length=100, blank=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["citizen", "at", "pk"]
        verbose_name = _("change of citizen's details")
        verbose_name_plural = _("changes of citizens' details")

    def __str__(self) -> str:
        return f"{self.field} {self.at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Integrity, not business logic: the history of a record is written once.
        if not self._state.adding:
            raise ValueError("Changes of citizens' details are append-only.")
        super().save(*args, **kwargs)
