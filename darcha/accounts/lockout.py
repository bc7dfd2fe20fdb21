"""Sign-in lock-outs: django-axes, with an atomic reservation in front of every password check.

django-axes guards `django.contrib.auth.authenticate()`, which the staff sign-in page and the admin
sign-in both call, so one configuration covers both. It records failures (`AccessAttempt`, with
`select_for_update` and `F()` updates) and answers locked-out requests with our 429 page.

What axes does not do is make "check the lock, then check the password" atomic: its lock test is a
plain read before authentication, so forty simultaneous wrong passwords all see zero failures and
all get checked. This handler therefore *reserves* the attempt first, by counting it in the atomic
database counters of `darcha.core.ratelimit` under three rules, and refuses it when any count goes
over its limit:

- address and account: AXES_FAILURE_LIMIT attempts per client address and username;
- account: LOGIN_ACCOUNT_FAILURE_LIMIT across all addresses (a distributed guess at one account);
- address: LOGIN_ADDRESS_FAILURE_LIMIT across all usernames (one address trying many accounts;
  higher, because a centre's staff share one address).

A reservation that ends in a right password is given back, so only failures (and attempts still
in flight) count. Each window lasts AXES_COOLOFF_TIME from its first attempt.

Usernames are compared after NFKC normalisation and case folding, so `ｏｐｅｒａｔｏｒ` and
`Operator` count against `operator`. Nothing depends on whether the account exists: an unknown
username is counted and locked exactly like a real one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from darcha.core import ratelimit
from darcha.core.net import client_ip, parse_address

RESERVED_ATTR = "darcha_signin_reserved"


@dataclass(frozen=True)
class Rule:
    """One lock-out rule: a counter scope, what it is keyed by, and the setting holding its limit."""

    scope: str
    by_address: bool
    by_account: bool
    limit_setting: str

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.limit_setting))

    def ident(self, address: str, account: str) -> str:
        parts = [address if self.by_address else "", account if self.by_account else ""]
        return "\n".join(parts)


RULES = (
    Rule("signin-address-account", by_address=True, by_account=True, limit_setting="AXES_FAILURE_LIMIT"),
    Rule("signin-account", by_address=False, by_account=True, limit_setting="LOGIN_ACCOUNT_FAILURE_LIMIT"),
    Rule("signin-address", by_address=True, by_account=False, limit_setting="LOGIN_ADDRESS_FAILURE_LIMIT"),
)


def normalise_username(username: str | None) -> str:
    """The form a username is counted under: what Django's sign-in form does (NFKC), case-folded."""
    return unicodedata.normalize("NFKC", str(username or "")).casefold().strip()[:150]


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: axes records and filters attempts under the normalised username."""
    if credentials is not None and "username" in credentials:
        return normalise_username(credentials.get("username"))
    data = getattr(request, "POST", None) or {}
    return normalise_username(data.get("username"))


def axes_client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: our client address; None when it is not one (axes stores an IP field)."""
    address = client_ip(request)
    return address if parse_address(address) is not None else None


def _window_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _idents(request: HttpRequest, credentials: dict[str, Any] | None) -> list[tuple[Rule, str]]:
    address = client_ip(request)
    account = axes_username(request, credentials)
    return [(rule, rule.ident(address, account)) for rule in RULES]


def cool_off_minutes() -> int:
    return max(1, round(_window_seconds() / 60))


class SignInLockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler, with the lock decided by the atomic counters above."""

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        """Locked when any rule has used up its limit (a read: nothing is counted)."""
        return any(ratelimit.current(rule.scope, ident) >= rule.limit for rule, ident in _idents(request, credentials))

    def is_allowed(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        """Reserve this attempt under every rule before the password is checked; refuse when over a limit.

        Called by axes' authentication backend in front of the password check. A refused attempt
        gives its counts back, so retrying while locked out does not spill over into the other
        rules (a locked-out operator would otherwise lock the whole centre's address).
        """
        if self.is_blacklisted(request, credentials):
            return False
        if self.is_whitelisted(request, credentials):
            return True
        if self.is_locked(request, credentials):
            return False
        reserved = []
        allowed = True
        for rule, ident in _idents(request, credentials):
            reserved.append((rule.scope, ident))
            if ratelimit.count(rule.scope, ident, _window_seconds()) > rule.limit:
                allowed = False
                break
        if not allowed:
            for scope, ident in reserved:
                ratelimit.release(scope, ident)
            return False
        setattr(request, RESERVED_ATTR, reserved)
        return True

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """Failures as axes compares them with AXES_FAILURE_LIMIT, for the rule closest to its own limit.

        Axes locks when this reaches AXES_FAILURE_LIMIT; shifting each rule's count by the
        difference of limits makes that true exactly when some rule has reached its own limit.
        """
        base = int(settings.AXES_FAILURE_LIMIT)
        return max(
            ratelimit.current(rule.scope, ident) - rule.limit + base for rule, ident in _idents(request, credentials)
        )

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        """A right password: give the reservation back, so that only failures count."""
        super().user_logged_in(sender, request, user, **kwargs)
        for scope, ident in getattr(request, RESERVED_ATTR, None) or []:
            ratelimit.release(scope, ident)
        setattr(request, RESERVED_ATTR, [])

    def reset_attempts(
        self, *, ip_address: str | None = None, username: str | None = None, ip_or_username: bool = False
    ) -> int:
        """Axes' reset (admin action, `axes_reset_*` commands) also clears our counters."""
        username = normalise_username(username) if username else None
        pairs: set[tuple[str | None, str | None]] = set()
        if username:
            pairs |= set(AccessAttempt.objects.filter(username=username).values_list("ip_address", "username"))
        if ip_address:
            pairs |= set(AccessAttempt.objects.filter(ip_address=ip_address).values_list("ip_address", "username"))
        if ip_address and username:
            pairs.add((ip_address, username))
        for address, account in pairs:
            ratelimit.reset(RULES[0].scope, RULES[0].ident(address or "", account or ""))
        if username:
            ratelimit.reset(RULES[1].scope, RULES[1].ident("", username))
        if ip_address:
            ratelimit.reset(RULES[2].scope, RULES[2].ident(ip_address, ""))
        return super().reset_attempts(ip_address=ip_address, username=username, ip_or_username=ip_or_username)


def lift_lockout(*, username: str) -> None:
    """Let an account sign in again at once, from any address (the admin's "lift lock-out" action)."""
    SignInLockoutHandler().reset_attempts(username=username)


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the translated 429 page, the same whether the account exists or not.

    The staff sign-in page renders its own lock-out notice (with status 429), which is kept; the
    admin sign-in, and anything else axes guards, gets this page.
    """
    if original_response is not None and original_response.status_code == 429:
        return original_response
    return render(request, "accounts/locked_out.html", {"minutes": cool_off_minutes()}, status=429)
