"""Writes about staff accounts: API tokens.

A token is shown once, when it is issued; only its SHA-256 digest is stored, so a copy of the
database does not hand out working credentials.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from darcha.accounts.models import ApiToken
from darcha.core.errors import NotAllowed

# Writing last_used_at on every request would turn every API read into a write;
# once a minute is precise enough to see which tokens are in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@transaction.atomic
def issue_token(*, user: Any, label: str = "") -> str:
    """Create a bearer token for `user` and return it in clear (the only time it is seen)."""
    if not user.is_active:
        raise NotAllowed(_("Tokens are issued only to active users."))
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, prefix=raw[:8], digest=ApiToken.digest_of(raw), label=label[:100])
    return raw


def revoke_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(raw: str, *, now: dt.datetime | None = None) -> Any | None:
    """The active user a live token belongs to, or None; notes when the token was last used."""
    raw = (raw or "").strip()
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__center", "user__agency", "user__region")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
