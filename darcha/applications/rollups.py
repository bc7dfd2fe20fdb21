"""Rollups: the counts behind the management figures, kept current as applications move.

The overview (selectors.overview_for) must not aggregate millions of application rows on every
request. Two small tables hold what its figures are sums of (models.BacklogCount, models.DailyCount):

    backlog   open applications per (centre, agency, service, status, submission day, deadline)
    daily     per (centre, agency, service, day): applications submitted that day, decided that
              day, and decided by their deadline

Each application *contributes* to them by its current facts (`Facts`): +1 to the backlog row of its
key while it is open, +1 "submitted" on its submission day, +1 "decided" (and "on time") on its
decision day. The tables always equal the sum of every application's contribution:

- `apply_change(before, after)` adds the difference of one application's contributions, in the
  transaction that changes it (services: intake, transitions, documents). Each row is changed by
  one `INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n` statement, atomic on PostgreSQL and
  SQLite however many transactions count at once; the rows are taken in one sorted order, so two
  transactions never wait for each other's rows in a cycle (no deadlock). A backlog row that drops
  to zero is deleted, so the table holds the live backlog only.
- `rebuild()` recomputes both tables from the applications with set-based SQL
  (`INSERT … SELECT … GROUP BY`), for `manage.py rebuild_rollups`, the demo seed and the migration
  that creates them.

Days are local (Asia/Tashkent), as `today_local()`; what "open", "overdue" and "on time" mean is the
workflow's (OPEN_STATES, overdue_q, decided_in_time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction
from django.db.models import Count, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from darcha.applications.models import Application, BacklogCount, DailyCount
from darcha.applications.workflow import OPEN_STATES, decided_in_time, decided_in_time_q

BacklogKey = tuple[int, int, int, str, dt.date, dt.date]  # centre, agency, service, status, submitted on, due
DailyKey = tuple[int, int, int, dt.date]  # centre, agency, service, day
# submitted, decided, decided on time
DailyCounts = tuple[int, int, int]


@dataclass(frozen=True)
class Facts:
    """What of an application the rollups count; taken before and after a change."""

    center_id: int
    agency_id: int
    service_id: int
    status: str
    submitted_on: dt.date
    due_date: dt.date
    decided_on: dt.date | None


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def facts_of(application: Application) -> Facts:
    return Facts(
        center_id=application.center_id,
        agency_id=application.agency_id,
        service_id=application.service_id,
        status=application.status,
        submitted_on=local_day(application.submitted_at),
        due_date=application.due_date,
        decided_on=local_day(application.decided_at) if application.decided_at else None,
    )


@dataclass
class Delta:
    """Changes to rollup rows: counts to add per key."""

    backlog: dict[BacklogKey, int]
    daily: dict[DailyKey, DailyCounts]

    @classmethod
    def empty(cls) -> Delta:
        return cls(backlog={}, daily={})

    def add(self, facts: Facts | None, sign: int) -> None:
        """Add (sign +1) or take away (sign -1) one application's contribution."""
        if facts is None:
            return
        place = (facts.center_id, facts.agency_id, facts.service_id)
        if facts.status in OPEN_STATES:
            key = (*place, facts.status, facts.submitted_on, facts.due_date)
            self.backlog[key] = self.backlog.get(key, 0) + sign
        self._add_daily((*place, facts.submitted_on), (sign, 0, 0))
        if facts.decided_on is not None:
            on_time = decided_in_time(facts.decided_on, facts.due_date)
            self._add_daily((*place, facts.decided_on), (0, sign, sign if on_time else 0))

    def _add_daily(self, key: DailyKey, counts: DailyCounts) -> None:
        old = self.daily.get(key, (0, 0, 0))
        self.daily[key] = (old[0] + counts[0], old[1] + counts[1], old[2] + counts[2])

    def changes(self) -> tuple[list[tuple[BacklogKey, int]], list[tuple[DailyKey, DailyCounts]]]:
        """The non-zero changes, each table's in key order (the lock order)."""
        backlog = sorted((k, n) for k, n in self.backlog.items() if n)
        daily = sorted((k, c) for k, c in self.daily.items() if any(c))
        return backlog, daily


# Table and column names are the models' (db_table is fixed for this). Both engines evaluate
# `table.n + excluded.n` against the row as it was when the conflict is found, under its row lock.
BACKLOG_UPSERT = """
INSERT INTO "applications_backlogcount"
  ("center_id", "agency_id", "service_id", "status", "submitted_on", "due_date", "count")
VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT ("center_id", "agency_id", "service_id", "status", "submitted_on", "due_date")
DO UPDATE SET "count" = "applications_backlogcount"."count" + excluded."count"
RETURNING "id", "count"
"""
DAILY_UPSERT = """
INSERT INTO "applications_dailycount"
  ("center_id", "agency_id", "service_id", "day", "submitted", "decided", "decided_on_time")
VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT ("center_id", "day", "agency_id", "service_id") DO UPDATE SET
  "submitted" = "applications_dailycount"."submitted" + excluded."submitted",
  "decided" = "applications_dailycount"."decided" + excluded."decided",
  "decided_on_time" = "applications_dailycount"."decided_on_time" + excluded."decided_on_time"
"""


def apply_change(before: Facts | None, after: Facts | None, *, using: str = "default") -> None:
    """Move an application's counts from its facts `before` a change to its facts `after` it.

    `before` None: a new application (intake); `after` None: one removed. Call it in the
    transaction that saves the change, as late as possible (the rollup rows stay locked until
    commit), and once per transaction and application: all of its rows are then taken in key order.
    """
    if before == after:
        return
    delta = Delta.empty()
    delta.add(after, +1)
    delta.add(before, -1)
    backlog, daily = delta.changes()
    connection = connections[using]
    day = connection.ops.adapt_datefield_value
    with transaction.atomic(using=using), connection.cursor() as cursor:
        emptied = []
        for (center, agency, service, status, submitted_on, due_date), n in backlog:
            cursor.execute(BACKLOG_UPSERT, [center, agency, service, status, day(submitted_on), day(due_date), n])
            row_id, count = cursor.fetchone()
            if count == 0:
                emptied.append(row_id)
        if emptied:
            BacklogCount.objects.using(using).filter(pk__in=emptied, count=0).delete()
        for (center, agency, service, on), (submitted, decided, on_time) in daily:
            cursor.execute(DAILY_UPSERT, [center, agency, service, day(on), submitted, decided, on_time])


# --- Rebuilding from the applications -------------------------------------------------------------


# Writers (ROW EXCLUSIVE) wait, readers do not.
LOCK_MODE = "IN SHARE ROW EXCLUSIVE MODE"
LOCK_FOR_REBUILD = f'LOCK TABLE "applications_backlogcount", "applications_dailycount" {LOCK_MODE}'


def _insert_select(
    cursor: Any, table: str, columns: Iterable[str], queryset: models.QuerySet[Any], suffix: str = ""
) -> None:
    """INSERT INTO table (columns) <the queryset's SELECT> [suffix]: one set-based statement."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f'INSERT INTO "{table}" ({names}) {sql} {suffix}', params)


def rebuild(
    *,
    application_model: type[models.Model] = Application,
    backlog_model: type[models.Model] = BacklogCount,
    daily_model: type[models.Model] = DailyCount,
    open_states: Iterable[str] = OPEN_STATES,
    using: str = "default",
) -> tuple[int, int]:
    """Recompute both rollup tables from the applications; returns their row counts.

    Two grouped `INSERT … SELECT` statements over the applications table, whatever its size. The
    models are parameters so that a migration can pass its historical ones. On PostgreSQL the
    tables are locked against writers first (readers go on reading the old counts until commit):
    a transaction that counts a change waits and then adds it to the rebuilt counts.
    """
    connection = connections[using]
    applications = application_model._default_manager.db_manager(using).order_by()
    backlog_table, daily_table = backlog_model._meta.db_table, daily_model._meta.db_table
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Grouping millions of rows in memory rather than in batches on disk (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(f'LOCK TABLE "{backlog_table}", "{daily_table}" {LOCK_MODE}')
        backlog_model._default_manager.db_manager(using).all().delete()
        daily_model._default_manager.db_manager(using).all().delete()
        open_cases = (
            applications.filter(status__in=list(open_states))
            .values("center_id", "agency_id", "service_id", "status", "due_date", on=TruncDate("submitted_at"))
            .annotate(n=Count("pk"))
        )
        _insert_select(
            cursor,
            backlog_table,
            ["center_id", "agency_id", "service_id", "status", "due_date", "submitted_on", "count"],
            open_cases,
        )
        # Each application counts on the day it was submitted and, once decided, on the day of the
        # decision: two grouped scans, added up in one statement.
        submitted = applications.values("center_id", "agency_id", "service_id", on=TruncDate("submitted_at")).annotate(
            submitted=Count("pk"), decided=Value(0), decided_on_time=Value(0)
        )
        decided = (
            applications.filter(decided_at__isnull=False)
            .values("center_id", "agency_id", "service_id", on=TruncDate("decided_at"))
            .annotate(
                submitted=Value(0),
                decided=Count("pk"),
                decided_on_time=Count("pk", filter=decided_in_time_q("on")),
            )
        )
        both = submitted.union(decided, all=True)
        sql, params = both.query.get_compiler(using=both.db).as_sql()
        columns = '"center_id", "agency_id", "service_id", "day", "submitted", "decided", "decided_on_time"'
        sums = '"center_id", "agency_id", "service_id", "on", SUM("submitted"), SUM("decided"), SUM("decided_on_time")'
        grouped = f'SELECT {sums} FROM ({sql}) AS "counts" GROUP BY 1, 2, 3, 4'  # noqa: S608 (the ORM's SQL)
        cursor.execute(f'INSERT INTO "{daily_table}" ({columns}) {grouped}', params)
        if connection.vendor == "postgresql":
            cursor.execute(f'ANALYZE "{backlog_table}", "{daily_table}"')
        return backlog_model._default_manager.db_manager(using).count(), daily_model._default_manager.db_manager(
            using
        ).count()


# --- Checking the live counts ---------------------------------------------------------------------


Counts = tuple[dict[BacklogKey, int], dict[DailyKey, DailyCounts]]


def current_counts(using: str = "default") -> Counts:
    """Both rollup tables as dictionaries by key (rows counting nothing left out)."""
    backlog = {
        (r.center_id, r.agency_id, r.service_id, r.status, r.submitted_on, r.due_date): r.count
        for r in BacklogCount.objects.using(using).exclude(count=0)
    }
    daily = {
        (r.center_id, r.agency_id, r.service_id, r.day): (r.submitted, r.decided, r.decided_on_time)
        for r in DailyCount.objects.using(using).all()
        if (r.submitted, r.decided, r.decided_on_time) != (0, 0, 0)
    }
    return backlog, daily


def recomputed_counts(using: str = "default") -> Counts:
    """What `rebuild` would make of the applications now, leaving the tables as they are."""
    with transaction.atomic(using=using):
        rebuild(using=using)
        fresh = current_counts(using)
        transaction.set_rollback(True, using=using)
    return fresh


def differences(using: str = "default") -> list[str]:
    """The rollup rows whose live counts differ from a recomputation (empty when they agree)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            # Read the live counts with writers held off, as the recomputation will be.
            with connection.cursor() as cursor:
                cursor.execute(LOCK_FOR_REBUILD)
        live_backlog, live_daily = current_counts(using)
        fresh_backlog, fresh_daily = recomputed_counts(using)
    return _compare("backlog", live_backlog, fresh_backlog) + _compare("daily", live_daily, fresh_daily)


def _compare(name: str, live: Mapping[Any, Any], fresh: Mapping[Any, Any]) -> list[str]:
    return [
        f"{name} {key}: live {live.get(key)}, recomputed {fresh.get(key)}"
        for key in sorted(set(live) | set(fresh), key=str)
        if live.get(key) != fresh.get(key)
    ]
