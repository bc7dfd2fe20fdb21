"""Abstract pieces shared by models of several apps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from darcha.core.i18n import localized


class NamedInFourLanguages(models.Model):
    """A name in Uzbek (Latin), Uzbek (Cyrillic), Russian and English."""

    name_uz = models.CharField(_("name (Uzbek, Latin)"), max_length=300)
    name_uz_cyrl = models.CharField(_("name (Uzbek, Cyrillic)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
