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


class RateCounter(models.Model):
    """One rate-limit window: how many hits `key` has had since the window opened, and when it closes.

    A row is counted up by one atomic `INSERT … ON CONFLICT … DO UPDATE … RETURNING` (see
    darcha.core.ratelimit), so concurrent web processes never lose a hit, and it is reused in place
    when its window has closed. The key is a digest: no address, username or number is stored.
    """

    key = models.CharField(max_length=80, primary_key=True)
    window_ends = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The upsert is raw SQL and names this table; keep the name fixed whatever the app label does.
        db_table = "core_ratecounter"


class ReferenceStamp(models.Model):
    """A version counter per kind of reference data (the catalog, the BHM, centres, API tokens).

    Every write to that data moves its counter in the same transaction (darcha.core.refcache), so a
    process that keeps the data in memory sees with one small read, at its next request, whether
    anything changed anywhere, and reloads only then.
    """

    key = models.CharField(max_length=40, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = "core_referencestamp"
