"""Administrative territory: regions, districts (and district-level cities), mahallas.

Codes are SOATO (national classifier). Names and population come from shared/data with their
sources (darcha/geo/data/SOURCES.md); a derived or synthetic figure is marked as such.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from darcha.core.models import NamedInFourLanguages


class Region(NamedInFourLanguages):
    soato = models.CharField(_("SOATO code"), max_length=4, unique=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    population_source = models.TextField(blank=True)

    class Meta:
        ordering = ["soato"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class District(NamedInFourLanguages):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("district")
        CITY = "city", _("city")
        CITY_DISTRICT = "city_district", _("city district")

    soato = models.CharField(_("SOATO code"), max_length=7, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    population_source = models.TextField(blank=True)

    class Meta:
        ordering = ["soato"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Mahalla(NamedInFourLanguages):
    """Lowest unit a citizen lives in.

    Until the Unified Register of Mahalla Citizens' Assemblies can be imported, rural citizens'
    assemblies and settlements of the SOATO classifier stand in (DOMAIN.md); `synthetic` marks
    units made up for demo data.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="mahallas")
    kind = models.CharField(max_length=60, blank=True)
    synthetic = models.BooleanField(default=False)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("mahalla")
        verbose_name_plural = _("mahallas")
