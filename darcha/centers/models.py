"""Public Service Centres, their branches and mobile units, desks, opening hours, and the calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from darcha.accounts.scoping import EVERYTHING, ScopePaths
from darcha.catalog.choices import CalendarRegime
from darcha.core.i18n import language_suffix, localized
from darcha.core.models import NamedInFourLanguages
from darcha.geo.models import District


class Center(NamedInFourLanguages):
    class Kind(models.TextChoices):
        PSC = "psc", _("Public Service Centre")
        BRANCH = "branch", _("branch")
        MOBILE_UNIT = "mobile_unit", _("mobile unit")

    # Declared scope (darcha.accounts.scoping): whose figures a user sees. An agency's officers
    # work with every centre that takes its applications.
    SCOPE = ScopePaths(center="pk", agency=EVERYTHING, region="district__region_id")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    # Application numbers are allocated per centre (or device) so an offline node can number
    # applications without a round trip; this block is part of every number the centre issues.
    number_block = models.PositiveSmallIntegerField(_("number block"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PSC)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="branches")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="centers", verbose_name=_("district"))
    address_uz = models.CharField(max_length=300, blank=True)
    address_ru = models.CharField(max_length=300, blank=True)
    address_uz_cyrl = models.CharField(
        _("address (Uzbek, Cyrillic)"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to derive it from the Uzbek (Latin) address."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    @property
    def address(self) -> str:
        """The address in the active language: Russian where given, Uzbek Cyrillic given or derived."""
        if language_suffix() == "ru" and self.address_ru:
            return self.address_ru
        return localized(self, "address")


class Desk(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="desks")
    number = models.PositiveSmallIntegerField(_("window number"))
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["center", "number"]
        constraints = [models.UniqueConstraint(fields=["center", "number"], name="desk_unique")]

    def __str__(self) -> str:
        return f"{self.center.code} #{self.number}"


class OpeningHours(models.Model):
    """Weekday 0 = Monday. Centres also serve on Saturdays to 15:00 (DOMAIN.md)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField()
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["center", "weekday"]
        constraints = [models.UniqueConstraint(fields=["center", "weekday"], name="opening_hours_unique")]


class CalendarOverride(models.Model):
    """A dated exception to the Uzbek calendar: a moved day off, an extra working Saturday, a holiday.

    Seeded from the decrees in shared/data/calendar.csv; administrators add new ones as decrees
    are published. An override wins over the `holidays` package.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        DAY_OFF = "day_off_moved", _("day off (moved)")
        WORKING_DAY = "working_day_moved", _("working day (moved)")

    class AppliesTo(models.TextChoices):
        ALL = "all", _("both working weeks")
        FIVE_DAY = CalendarRegime.FIVE_DAY.value, _("five-day week")
        SIX_DAY = CalendarRegime.SIX_DAY.value, _("six-day week")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    applies_to = models.CharField(_("applies to"), max_length=4, choices=AppliesTo.choices, default=AppliesTo.ALL)
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("legal act or source"), blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["date", "applies_to"], name="calendar_override_unique")]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date} {self.kind} ({self.applies_to})"
