from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "darcha.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Every sign-in (the staff page, the admin, tests' force_login) passes through login();
        # this is the one place that sees them all.
        user_logged_in.connect(on_sign_in, dispatch_uid="darcha.accounts.on_sign_in")

        from darcha.accounts.models import ApiToken, User
        from darcha.accounts.services import TOKENS
        from darcha.core import refcache

        # API tokens are read from memory: a revoked token, a user deactivated or moved must be seen at once.
        refcache.watch(TOKENS, [ApiToken], ignore_fields=frozenset({"last_used_at"}))
        refcache.watch(TOKENS, [User], ignore_fields=frozenset({"last_login"}))


def on_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A new sign-in is not verified by a code yet, and its idle clock starts now."""
    from darcha.accounts.middleware import note_activity
    from darcha.accounts.two_factor import note_sign_in

    if request is None or not hasattr(request, "session"):
        return
    note_sign_in(request, user)
    note_activity(request)
