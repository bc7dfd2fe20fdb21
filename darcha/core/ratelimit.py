"""Fixed-window rate limits counted atomically in the database, so every web process counts together.

A limit is "count/seconds". Each (scope, identifier) pair has one `RateCounter` row; a hit is one
`INSERT … ON CONFLICT (key) DO UPDATE SET count = count + 1 … RETURNING count` statement, which
PostgreSQL and SQLite (3.35+) run atomically: forty simultaneous requests against a limit of ten
see the counts 1 to 40 and exactly ten are allowed. (The cache's add/incr that this replaces could
lose hits on the database cache, and culling could drop a counter early.)

A window opens at the first hit and lasts `seconds`; the next hit after it has closed starts a new
window in the same row. Closed windows are deleted a batch at a time whenever a window opens, so
the table holds roughly the identifiers seen within the longest window.

Counting runs outside any transaction of the caller (`durable`): a count inside a transaction that
later rolls back would be lost, and an attacker who can cause the rollback would never be counted.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from darcha.core.models import RateCounter
from darcha.core.net import client_ip

__all__ = ["client_ip", "count", "current", "hit", "is_blocked", "parse_rate", "prune", "release", "reset"]

PRUNE_BATCH = 500

# Both engines evaluate every SET expression against the row as it was, and `excluded` is the row
# that was offered; the table and column names are RateCounter's (db_table is fixed for this).
UPSERT = """
INSERT INTO "core_ratecounter" ("key", "window_ends", "count") VALUES (%s, %s, 1)
ON CONFLICT ("key") DO UPDATE SET
  "count" = CASE WHEN "core_ratecounter"."window_ends" <= %s THEN 1 ELSE "core_ratecounter"."count" + 1 END,
  "window_ends" = CASE WHEN "core_ratecounter"."window_ends" <= %s
                  THEN excluded."window_ends" ELSE "core_ratecounter"."window_ends" END
RETURNING "count"
"""


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def key_for(scope: str, ident: str) -> str:
    """A keyed digest: the table never holds an address, a username or an application number."""
    digest = salted_hmac("darcha.core.ratelimit", ident, algorithm="sha256").hexdigest()[:40]
    return f"{scope[:39]}:{digest}"


def count(scope: str, ident: str, seconds: int, *, now: dt.datetime | None = None) -> int:
    """Count one hit of `ident` in `scope` and return the hits in its current window, this one included."""
    now = now or timezone.now()
    alias = router.db_for_write(RateCounter)
    connection = connections[alias]
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    params = [key_for(scope, ident), ops.adapt_datetimefield_value(now + dt.timedelta(seconds=seconds)), at, at]
    with transaction.atomic(using=alias, durable=True), connection.cursor() as cursor:
        cursor.execute(UPSERT, params)
        row = cursor.fetchone()
    hits = int(row[0])
    if hits == 1:
        prune(now=now)
    return hits


def current(scope: str, ident: str, *, now: dt.datetime | None = None) -> int:
    """The hits of `ident` in its open window (0 when there is none), without counting one."""
    now = now or timezone.now()
    found = (
        RateCounter.objects.filter(key=key_for(scope, ident), window_ends__gt=now)
        .values_list("count", flat=True)
        .first()
    )
    return int(found or 0)


def release(scope: str, ident: str, *, now: dt.datetime | None = None) -> None:
    """Give one hit back (a reserved attempt that turned out not to count, such as a right password)."""
    now = now or timezone.now()
    RateCounter.objects.filter(key=key_for(scope, ident), window_ends__gt=now, count__gt=0).update(count=F("count") - 1)


def reset(scope: str, ident: str) -> None:
    """Forget `ident`'s window in `scope` (an administrator lifting a lock-out)."""
    RateCounter.objects.filter(key=key_for(scope, ident)).delete()


def prune(*, now: dt.datetime | None = None, batch: int = PRUNE_BATCH) -> int:
    """Delete up to `batch` closed windows; cheap (an index range) and safe to run concurrently.

    The condition is repeated outside the sub-query so that a row reopened by a concurrent hit
    between the two is re-checked and kept, never deleted with its fresh count.
    """
    now = now or timezone.now()
    closed = RateCounter.objects.filter(window_ends__lte=now)
    deleted, _ = closed.filter(key__in=closed.values("key")[:batch]).delete()
    return deleted


def hit(scope: str, ident: str, rate: str) -> bool:
    """Count one hit; return True while within the limit."""
    if not settings.RATE_LIMITS_ENABLED:
        return True
    limit, window = parse_rate(rate)
    return count(scope, ident, window) <= limit


def is_blocked(scope: str, ident: str, rate: str) -> bool:
    """True when `ident` has already used up the limit, without counting a hit."""
    if not settings.RATE_LIMITS_ENABLED:
        return False
    limit, _window = parse_rate(rate)
    return current(scope, ident) >= limit
