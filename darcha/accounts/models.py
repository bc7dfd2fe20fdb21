"""Staff users: one role and the place it applies to (centre, agency, region or the nation)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("front-office operator")
    OFFICER = "officer", _("back-office officer")
    MANAGER = "manager", _("centre manager")
    SUPERVISOR = "supervisor", _("regional supervisor")
    ANALYST = "analyst", _("national analyst")
    ADMIN = "admin", _("administrator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OPERATOR)
    center = models.ForeignKey(
        "centers.Center",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("centre"),
    )
    agency = models.ForeignKey(
        "catalog.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("agency"),
    )
    region = models.ForeignKey(
        "geo.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    models.Q(role__in=["operator", "manager"], center__isnull=False)
                    | models.Q(role="officer", agency__isnull=False)
                    | models.Q(role="supervisor", region__isnull=False)
                    | models.Q(role__in=["analyst", "admin"])
                ),
            )
        ]


def default_token_expiry() -> dt.datetime:
    """API_TOKEN_DAYS from now: the lifetime of a token issued without one of its own."""
    return timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a hash is stored; the token is shown once.

    Every token expires (API_TOKEN_DAYS by default): a token copied into a forgotten script or a
    departed contractor's laptop stops working on its own.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw() -> str:
        return "dx_" + secrets.token_urlsafe(32)
