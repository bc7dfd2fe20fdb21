"""Writes about staff accounts: API tokens and two-step sign-in.

A token is shown once, when it is issued; only its SHA-256 digest is stored, so a copy of the
database does not hand out working credentials. Every token expires; an expired, revoked or unknown
token gets the same answer.
"""

from __future__ import annotations

import binascii
import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from darcha.accounts.models import ApiToken
from darcha.accounts.two_factor import is_app_code, normalise_code
from darcha.core import ratelimit, refcache
from darcha.core.errors import NotAllowed, RateLimited, ValidationFailed

# Writing last_used_at on every request would turn every API read into a write;
# once a minute is precise enough to see which tokens are in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# A longer life than this is a token that never expires in practice; issue a new one instead.
MAX_TOKEN_DAYS = 366


@transaction.atomic
def issue_token(*, user: Any, label: str = "", days: int | None = None, now: dt.datetime | None = None) -> str:
    """Create a bearer token for `user` and return it in clear (the only time it is seen).

    It expires after `days` (API_TOKEN_DAYS when not given).
    """
    if not user.is_active:
        raise NotAllowed(_("Tokens are issued only to active users."))
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed(
            _("A token lives from 1 to %(max)d days.") % {"max": MAX_TOKEN_DAYS}, field="days", code="invalid_days"
        )
    now = now or timezone.now()
    raw = ApiToken.new_raw()
    ApiToken.objects.create(
        user=user,
        prefix=raw[:8],
        digest=ApiToken.digest_of(raw),
        label=label[:100],
        expires_at=now + dt.timedelta(days=days),
    )
    return raw


def revoke_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


TOKENS = "tokens"  # key of darcha.core.refcache: saves of tokens and users move it (accounts.apps)
# When this process last noted a token's use (digest -> moment): one write per token and minute.
_last_noted: dict[str, dt.datetime] = {}


def _live_tokens() -> dict[str, ApiToken]:
    """Tokens not revoked, by digest, with their users (darcha.core.refcache: a revocation moves the key)."""
    tokens = ApiToken.objects.select_related("user", "user__center", "user__agency", "user__region")
    return {t.digest: t for t in tokens.filter(revoked_at__isnull=True)}


def user_for_token(raw: str, *, now: dt.datetime | None = None) -> Any | None:
    """The active user a live token belongs to, or None; notes when the token was last used.

    Read from memory, checked against the change counter of tokens and users on every request: a
    token revoked, or a user deactivated, in any process is refused at the next request.
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    now = now or timezone.now()
    token = refcache.cached(TOKENS, _live_tokens).get(ApiToken.digest_of(raw))
    if token is None or token.expires_at <= now or not token.user.is_active:
        return None
    last = max(filter(None, [token.last_used_at, _last_noted.get(token.digest)]), default=None)
    if last is None or now - last >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        _last_noted[token.digest] = now
    return token.user


# --- two-step sign-in ---------------------------------------------------------------------------

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"


def _count_code_attempt(user: Any) -> None:
    """One limit for every code typed (enrolment and sign-in), per user, atomic across processes.

    django-otp's own exponential back-off is switched off (OTP_*_THROTTLE_FACTOR = 0): it refuses
    even a right code for a while without saying why, and it counts per device, not per user.
    """
    if not ratelimit.hit("two-factor", str(user.pk), settings.RATE_LIMIT_TWO_FACTOR):
        _limit, seconds = ratelimit.parse_rate(settings.RATE_LIMIT_TWO_FACTOR)
        minutes = max(1, round(seconds / 60))
        raise RateLimited(
            ngettext(
                "Too many codes were tried. Wait %(minutes)d minute and try again.",
                "Too many codes were tried. Wait %(minutes)d minutes and try again.",
                minutes,
            )
            % {"minutes": minutes}
        )


def _wrong_code() -> ValidationFailed:
    return ValidationFailed(
        _("This code is not right. Type the code the app shows now, or one of your recovery codes."),
        field="code",
        code="wrong_code",
    )


def set_up_authenticator(*, user: Any, secret_hex: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm an authenticator app with one of its codes; it replaces any earlier app and codes.

    Returns the new device and ten new recovery codes (shown to the user once; only django-otp's
    rows keep them). The code is checked against the secret before anything is written.
    """
    _count_code_attempt(user)
    code = normalise_code(code)
    totp = TOTP(binascii.unhexlify(secret_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if not is_app_code(code) or not totp.verify(int(code), tolerance=1):
        raise ValidationFailed(
            _("This code is not right. Type the six-digit code the app shows now."), field="code", code="wrong_code"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        # last_t: the code just typed cannot be used again to sign in.
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR_NAME, key=secret_hex, confirmed=True, last_t=totp.t()
        )
        codes = _replace_recovery_codes(user)
    return device, codes


@transaction.atomic
def make_recovery_codes(*, user: Any) -> list[str]:
    """Ten new single-use recovery codes for `user`; the earlier ones stop working."""
    return _replace_recovery_codes(user)


def _replace_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(*, user: Any, code: str) -> Device:
    """The device that accepts `code`: the app for six digits, else a recovery code (used up at once).

    Devices are locked while they check (django-otp's `select_for_update`), so two requests with
    the same recovery code or the same app code cannot both succeed.
    """
    _count_code_attempt(user)
    code = normalise_code(code)
    model: type[Device] = TOTPDevice if is_app_code(code) else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    raise _wrong_code()


@transaction.atomic
def reset_two_factor(*, user: Any) -> int:
    """Remove the user's app and recovery codes (a lost phone): the next sign-in starts enrolment."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    recovery, _ = StaticDevice.objects.filter(user=user).delete()
    return removed + recovery
