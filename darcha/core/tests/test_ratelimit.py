"""Rate limits counted in the database: windows, blocking without counting, release, pruning."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from darcha.core import ratelimit
from darcha.core.models import RateCounter

pytestmark = pytest.mark.django_db


def test_hits_within_the_limit_pass_and_the_next_is_refused() -> None:
    assert [ratelimit.hit("t", "198.51.100.9", "3/60") for _ in range(4)] == [True, True, True, False]
    # Another identifier has its own window.
    assert ratelimit.hit("t", "198.51.100.10", "3/60")


def test_a_closed_window_starts_again_in_the_same_row() -> None:
    start = timezone.now()
    assert [ratelimit.count("t", "a", 60, now=start) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("t", "a", 60, now=start + dt.timedelta(seconds=59)) == 4
    assert ratelimit.count("t", "a", 60, now=start + dt.timedelta(seconds=61)) == 1
    assert RateCounter.objects.count() == 1


def test_is_blocked_does_not_count() -> None:
    for _ in range(2):
        ratelimit.hit("t", "n", "2/60")
    assert ratelimit.is_blocked("t", "n", "2/60")
    assert ratelimit.current("t", "n") == 2
    assert not ratelimit.is_blocked("t", "other", "2/60")
    assert ratelimit.current("t", "other") == 0


def test_release_gives_one_hit_back_and_never_goes_below_zero() -> None:
    ratelimit.count("t", "n", 60)
    ratelimit.count("t", "n", 60)
    ratelimit.release("t", "n")
    assert ratelimit.current("t", "n") == 1
    ratelimit.release("t", "n")
    ratelimit.release("t", "n")
    assert ratelimit.current("t", "n") == 0


def test_reset_forgets_the_window() -> None:
    ratelimit.count("t", "n", 60)
    ratelimit.reset("t", "n")
    assert ratelimit.current("t", "n") == 0


def test_no_identifier_is_stored_in_clear() -> None:
    ratelimit.count("login", "198.51.100.9", 60)
    (key,) = RateCounter.objects.values_list("key", flat=True)
    assert key.startswith("login:") and "198.51.100.9" not in key


def test_closed_windows_are_pruned_when_a_window_opens() -> None:
    long_ago = timezone.now() - dt.timedelta(hours=1)
    for i in range(5):
        ratelimit.count("t", f"old{i}", 60, now=long_ago)
    ratelimit.count("t", "open", 7200, now=long_ago)  # still open
    ratelimit.count("t", "new", 60)
    assert ratelimit.current("t", "open") == 1
    assert RateCounter.objects.count() == 2


def test_limits_switched_off_count_nothing(settings: Any) -> None:
    settings.RATE_LIMITS_ENABLED = False
    assert all(ratelimit.hit("t", "n", "1/60") for _ in range(3))
    assert not ratelimit.is_blocked("t", "n", "1/60")
    assert not RateCounter.objects.exists()


def test_counting_inside_a_transaction_is_refused() -> None:
    # A rollback would lose the hit; an attacker able to cause one would never be counted.
    with pytest.raises(RuntimeError), transaction.atomic():
        ratelimit.hit("t", "n", "3/60")


def test_sqlite_is_new_enough_for_the_upsert() -> None:
    assert sqlite3.sqlite_version_info >= (3, 35)
