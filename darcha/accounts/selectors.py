"""Reads about staff users: the demo logins, and what a user has set up for two-step sign-in."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from darcha.accounts.models import Role, User

# The accounts the demo seed creates (DARCHA_DEMO=1); all share the password "darcha-demo".
DEMO_USERNAMES = ("operator", "officer", "manager", "supervisor", "analyst", "admin")
DEMO_PASSWORD = "darcha-demo"  # noqa: S105 - a published demo password, shown on the demo login page
OTHER_OPERATORS_SHOWN = 8


def demo_logins() -> list[User]:
    """Demo accounts to list on the login page (demo mode only), then operators of other centres."""
    named: QuerySet[User] = User.objects.filter(username__in=DEMO_USERNAMES, is_active=True).select_related(
        "center", "agency", "region"
    )
    order = {name: i for i, name in enumerate(DEMO_USERNAMES)}
    users = sorted(named, key=lambda u: order.get(u.username, len(order)))
    others = (
        User.objects.filter(role=Role.OPERATOR, is_active=True, center__isnull=False)
        .exclude(username__in=DEMO_USERNAMES)
        .exclude(center_id__in=[u.center_id for u in users if u.center_id])
        .select_related("center")
        .order_by("center__code", "username")[:OTHER_OPERATORS_SHOWN]
    )
    return users + list(others)


def has_authenticator(user: Any) -> bool:
    """Whether the user has confirmed an authenticator app (one query)."""
    if not getattr(user, "pk", None):
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()
