from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    FRONT_DESK = "front_desk", _("front desk")
    ONLINE = "online", _("online")
    MOBILE_UNIT = "mobile_unit", _("mobile unit")
    HOME_VISIT = "home_visit", _("home visit")


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity documents")
    CIVIL_REGISTRY = "civil_registry", _("Civil registry")
    PROPERTY = "property", _("Property and land")
    SOCIAL = "social", _("Social protection")
    UTILITIES = "utilities", _("Utilities")
    JUSTICE = "justice", _("Justice and archives")
    BUSINESS = "business", _("Business")
    EDUCATION = "education", _("Education")
    TRANSPORT = "transport", _("Transport")
    TAX = "tax", _("Tax")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class CalendarRegime(models.TextChoices):
    """Which working week a legal term is counted in (DOMAIN.md: per-service, default five-day)."""

    FIVE_DAY = "5day", _("five-day week")
    SIX_DAY = "6day", _("six-day week")


class Exemption(models.TextChoices):
    """Groups a fee discount can apply to (decree UP-6269 of 2021, resolution 435 of 2023)."""

    DISABILITY_I_II = "disability_i_ii", _("disability group I or II")
    SOCIAL_REGISTRY = "social_registry", _("Unified Social Protection Registry")
    MINOR_UNDER_16 = "minor_under_16", _("child under 16")
    ELDERLY_70 = "elderly_70", _("aged 70 or over")


class Verification(models.TextChoices):
    YES = "yes", _("verified")
    PARTLY = "partly", _("partly verified")
    NO = "no", _("not verified")
