"""Fixed-window rate limits kept in the shared cache (database or Redis), so every web process counts together."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def client_ip(request: HttpRequest) -> str:
    # Behind a trusted proxy set REMOTE_ADDR properly (gunicorn --forwarded-allow-ips);
    # X-Forwarded-For from the client is not trusted here.
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:24]  # no raw identifiers in cache keys
    return f"rl:{scope}:{digest}:{int(time.time() // window)}"


def hit(scope: str, ident: str, rate: str) -> bool:
    """Count one hit; return True while within the limit."""
    if not settings.RATE_LIMITS_ENABLED:
        return True
    limit, window = parse_rate(rate)
    key = _key(scope, ident, window)
    if cache.add(key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def is_blocked(scope: str, ident: str, rate: str) -> bool:
    """True when `ident` has already used up the limit, without counting a hit."""
    if not settings.RATE_LIMITS_ENABLED:
        return False
    limit, window = parse_rate(rate)
    return int(cache.get(_key(scope, ident, window), 0)) >= limit
