"""Two-step sign-in: who must give a code, what the session remembers, and the enrolment QR code.

Staff who see personal data (`can(user, Capability.SEE_PERSONAL_DATA)`, administrators included)
must confirm every sign-in with a code from an authenticator app (TOTP, django-otp) when
DARCHA_REQUIRE_2FA is on (the default outside demo mode); anyone who has set up an app is asked
for a code too. A password alone never verifies a session: django-otp's OTPMiddleware reads the
verified device from the session, and `TwoFactorMiddleware` sends a signed-in but unverified user
to enrolment (no app yet) or to the code page before any staff page or the admin.

Whether the user has an app is noted in the session at sign-in, so that the middleware costs no
query on each request.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from darcha.accounts.roles import Capability, can
from darcha.accounts.selectors import has_authenticator

# Session keys: whether the user had a confirmed app at sign-in; the secret offered during
# enrolment until it is confirmed; recovery codes waiting to be shown once; where to go afterwards.
HAS_DEVICE_KEY = "darcha_2fa_device"
PENDING_SECRET_KEY = "darcha_2fa_secret"  # noqa: S105 - a session key, not a secret
FRESH_CODES_KEY = "darcha_2fa_codes"
NEXT_KEY = "darcha_2fa_next"


def policy_requires(user: Any) -> bool:
    """The rule: staff who see personal data must use two-step sign-in when it is required."""
    return bool(settings.DARCHA_REQUIRE_2FA) and can(user, Capability.SEE_PERSONAL_DATA)


def needs_code(request: HttpRequest) -> bool:
    """True while this session's user must still give a code (or set up an app) to go on."""
    user: Any = request.user
    if not user.is_authenticated:
        return False
    if not (policy_requires(user) or _had_device(request)):
        return False
    return not user.is_verified()


def _had_device(request: HttpRequest) -> bool:
    session = request.session
    if HAS_DEVICE_KEY not in session:  # a session from before two-step sign-in existed
        session[HAS_DEVICE_KEY] = has_authenticator(request.user)
    return bool(session[HAS_DEVICE_KEY])


def note_sign_in(request: HttpRequest, user: Any) -> None:
    """At every sign-in (site, admin, tests' force_login): nothing verified yet; remember if an app exists.

    django-otp keeps the verified device in the session, and Django keeps the session's data when
    the same user signs in again: a fresh password sign-in must never inherit an earlier code.
    """
    session = request.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    if hasattr(user, "otp_device"):
        user.otp_device = None
    session[HAS_DEVICE_KEY] = has_authenticator(user)
    for key in (PENDING_SECRET_KEY, FRESH_CODES_KEY, NEXT_KEY):
        session.pop(key, None)


def remember_device(request: HttpRequest, has_device: bool) -> None:
    request.session[HAS_DEVICE_KEY] = has_device


def pending_secret(request: HttpRequest, *, renew: bool = False) -> str:
    """The hex secret offered on the enrolment page; the same one until it is confirmed."""
    secret = request.session.get(PENDING_SECRET_KEY)
    if renew or not isinstance(secret, str) or not _is_hex(secret):
        secret = TOTPDevice().key  # django-otp's default: 20 random bytes, hex-encoded
        request.session[PENDING_SECRET_KEY] = secret
    return secret


def _is_hex(text: str) -> bool:
    try:
        binascii.unhexlify(text)
    except (binascii.Error, ValueError):
        return False
    return bool(text)


def readable_secret(secret_hex: str) -> str:
    """The secret as authenticator apps take it by hand: base32, in groups of four letters."""
    b32 = base64.b32encode(binascii.unhexlify(secret_hex)).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def config_url(user: Any, secret_hex: str) -> str:
    """The otpauth:// link the QR code carries (issuer OTP_TOTP_ISSUER, account the username)."""
    return str(TOTPDevice(user=user, key=secret_hex).config_url)


def qr_svg(data: str, label: str) -> SafeString:
    """An inline SVG QR code, drawn on the server: no script and nothing fetched from elsewhere."""
    svg = segno.make(data, error="m").svg_inline(
        scale=4, border=4, svgclass="qr-code", lineclass=None, omitsize=True, title=label
    )
    # segno writes the markup itself and escapes the title; the label is escaped here too.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308


def normalise_code(raw: str) -> str:
    """Codes as typed: spaces and dashes dropped (apps show "123 456"), letters in lower case."""
    return "".join(ch for ch in str(raw or "") if ch not in " -\t").lower()


def is_app_code(code: str) -> bool:
    """A six-digit code comes from the app; anything else is tried as a recovery code."""
    return len(code) == 6 and code.isdigit()
