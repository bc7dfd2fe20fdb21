"""Applications at scale (`seed_demo --scale N`): planned up front, simulated and written in parallel.

The plan. The period's open (day, centre) slots get their share of the N applications (the
generator's weights, with some day-to-day noise), and are cut into units of a few thousand. Each
unit knows, before anything is generated, its first number in its centre's year and its first
application key: numbers and keys are reserved at the start (`NumberSequence` moved to the end of
the plan, the applications' key sequence advanced), so units are independent, deterministic for a
seed, and numbered in the order of submission within a centre's year as the desk numbers them.
Memory stays bounded whatever N: a unit is simulated, written and dropped.

A unit. A share of its applications (`distinct`, 3 % by default) is simulated case by case with
`darcha.seed.cases` (the workflow's own `perform`, the fee function, the payment rules); the
others repeat one of these histories for the same applicant, shifted by a few minutes within the
same days (a deadline depends on dates only, so a shifted history replays the same), with their
own uuids, numbers and keys. Every application therefore has a history the live services would
have recorded (`seed_demo --check`, darcha/seed/checks.py).

The writing. PostgreSQL: COPY in text form, built from the models' own columns (a column another
app adds later takes its default), two worker processes by default, each on its own connection and
committing unit by unit. SQLite: one process, executemany in one transaction per unit. At the end,
one audit entry says what was loaded and `after_bulk_load` brings the planner's statistics up to
date (`ANALYZE`): without them PostgreSQL plans the first hours after a large load blindly.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import multiprocessing
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, models, transaction

from darcha.applications import rollups
from darcha.applications.models import Application, ApplicationEvent, NumberSequence
from darcha.applications.numbers import format_number
from darcha.audit.services import record as audit
from darcha.payments.models import Payment
from darcha.seed.cases import TZ, Case, Generator, World, local_date

Log = Callable[[str], None]

UNIT_SIZE = 2000
# Simulated case by case; the others repeat one of these histories (see the module's docstring).
DEFAULT_DISTINCT = 0.03
# A repeated history moves by at most this much, and never across midnight or past now.
MAX_SHIFT_SECONDS = 45 * 60
SQLITE_GROUP = 20_000  # applications per SQLite transaction
SEQUENCE_MAX = 999_999  # NNNNNN in the public number (darcha.applications.numbers)


@dataclass(frozen=True, slots=True)
class Unit:
    slot: int
    count: int
    first_sequence: int
    first_pk: int
    seed: str


@dataclass(frozen=True)
class Plan:
    units: list[Unit]
    sequences: dict[tuple[int, int], int]  # (centre id, year) -> last value once the plan is written
    first_pk: int
    count: int


def slot_counts(weights: list[float], count: int, rng: random.Random) -> list[int]:
    """`count` split over the slots in proportion to their weights, with some day-to-day noise."""
    noisy = [w * max(0.0, rng.gauss(1.0, 0.08)) for w in weights]
    total = sum(noisy)
    if total <= 0:
        return [0] * len(weights)
    exact = [w * count / total for w in noisy]
    counts = [math.floor(x) for x in exact]
    left = count - sum(counts)
    for index in sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])[:left]:
        counts[index] += 1
    return counts


def make_plan(
    generator: Generator, *, count: int, seed: str, sequences: dict[tuple[int, int], int], first_pk: int
) -> Plan:
    """Units in order of time, each with its first number and key; refuses a plan that overflows a number."""
    rng = random.Random(seed)
    last = dict(sequences)
    units: list[Unit] = []
    pk = first_pk
    for slot, slot_count in enumerate(slot_counts(generator.slot_weights(), count, rng)):
        day, centre = generator.slots[slot]
        key = (centre.centre.pk, day.year)
        done = 0
        while done < slot_count:
            size = min(UNIT_SIZE, slot_count - done)
            first = last.get(key, 0) + 1
            units.append(Unit(slot=slot, count=size, first_sequence=first, first_pk=pk, seed=f"{seed}-{len(units)}"))
            last[key] = first + size - 1
            pk += size
            done += size
    if any(value > SEQUENCE_MAX for value in last.values()):
        raise ValueError(
            "A centre would issue more than 999,999 numbers in a year: spread the applications over more months."
        )
    return Plan(units=units, sequences=last, first_pk=first_pk, count=count)


# Rows as the database takes them ------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _cell_function(field: models.Field[Any, Any], vendor: str) -> Callable[[Any], Any]:
    """How one column's value goes in: COPY text for PostgreSQL, an adapted value for SQLite."""
    ops = connection.ops
    if vendor == "postgresql":
        if isinstance(field, models.JSONField):
            encoder = field.encoder
            return lambda v: r"\N" if v is None else _escape(json.dumps(v, cls=encoder, ensure_ascii=False))
        if isinstance(field, models.BooleanField):
            return lambda v: r"\N" if v is None else ("t" if v else "f")
        if isinstance(field, models.UUIDField):
            return lambda v: r"\N" if v is None else (v if isinstance(v, str) else v.hex)
        if isinstance(field, models.CharField | models.TextField):
            return lambda v: r"\N" if v is None else _escape(v)
        return lambda v: r"\N" if v is None else str(v)  # numbers, dates, aware datetimes (with their offset)
    if isinstance(field, models.DateTimeField):
        return lambda v: None if v is None else str(v.astimezone(dt.UTC).replace(tzinfo=None))
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, models.UUIDField):
        return lambda v: None if v is None else (v if isinstance(v, str) else v.hex)
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda v: ops.adapt_json_value(v, encoder)
    return lambda v: v


class Table:
    """A model's columns and how to render a generated row for them, with some cells left to fill."""

    def __init__(self, model: type[models.Model], sample: Any, vendor: str, *, holes: tuple[str, ...]) -> None:
        self.model = model
        self.vendor = vendor
        self.columns: list[str] = []
        self._cells: list[tuple[str, Callable[[Any], Any], Any]] = []
        for field in model._meta.concrete_fields:
            if field.primary_key and isinstance(field, models.AutoField) and "pk" not in holes:
                continue
            attname = "pk" if field.primary_key and isinstance(field, models.AutoField) else field.attname
            # A column added to the model later and unknown to the generator takes the field's default.
            known = attname == "pk" or hasattr(sample, attname)
            default = None if known else (field.get_default() if field.has_default() else None)
            self.columns.append(field.column)
            self._cells.append((attname if known else "", _cell_function(field, vendor), default))
        self.hole = {
            name: (index, self._cells[index][1])
            for index, (attname, _fn, _default) in enumerate(self._cells)
            if (name := attname) in holes
        }

    def cells(self, row: Any) -> list[Any]:
        return [fn(getattr(row, attname) if attname else default) for attname, fn, default in self._cells]


class Moments:
    """Whole-second moments as the database takes them, fast: a UTC day's text is made once."""

    def __init__(self, vendor: str) -> None:
        self._suffix = "+00" if vendor == "postgresql" else ""  # SQLite keeps naive UTC text
        self._days: dict[int, str] = {}

    def text(self, epoch: int) -> str:
        day, second = divmod(epoch, 86_400)
        prefix = self._days.get(day)
        if prefix is None:
            prefix = self._days[day] = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat() + " "
        return f"{prefix}{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}{self._suffix}"


def _epoch(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def uuid7_hex(epoch: int, rng: random.Random) -> str:
    """A version 7 UUID for a moment (RFC 9562): keys made in order of time sit together in an index,
    which keeps a load of tens of millions of rows from scattering its writes over the whole index."""
    bits = rng.getrandbits(84)
    value = ((epoch * 1000 + (bits >> 74) % 1000) << 80) | (0x7 << 76) | (((bits >> 62) & 0xFFF) << 64)
    value |= (0b10 << 62) | (bits & ((1 << 62) - 1))
    return f"{value:032x}"


@dataclass
class Template:
    """One simulated case, rendered once, and the bounds of the shift its repetitions may take."""

    app: list[Any]
    app_moments: list[tuple[int, int]]  # (cell, epoch) of the application's moments
    submitted: int
    events: list[tuple[list[Any], int]]  # (cells, epoch)
    payment: tuple[list[Any], int] | None
    back: int  # seconds the history may move earlier
    forward: int  # and later


def _bounds(case: Case, now: dt.datetime) -> tuple[int, int]:
    moments = [e.at for e in case.events]
    if case.payment is not None:
        moments.append(case.payment.recorded_at)
    today = local_date(now)
    back = forward = MAX_SHIFT_SECONDS
    for moment in moments:
        day = local_date(moment)
        if day >= today:
            return 0, 0  # a history that reaches today stays as it is (nothing shifts past now)
        midnight = dt.datetime.combine(day, dt.time(0), tzinfo=TZ)
        since = int((moment - midnight).total_seconds())
        back = min(back, since)
        forward = min(forward, 86_399 - since)
    return back, forward


APP_HOLES = ("pk", "uuid", "number", "submitted_at", "decided_at", "closed_at")
EVENT_HOLES = ("uuid", "application_id", "at")
PAYMENT_HOLES = ("uuid", "application_id", "recorded_at")


class UnitWriter:
    """Simulates a unit's distinct cases, repeats them to its count and writes the rows."""

    def __init__(self, generator: Generator, *, distinct: float, now: dt.datetime, trusted: bool = False) -> None:
        self.generator = generator
        self.trusted = trusted
        self.distinct = distinct
        self.now = now
        self.vendor = connection.vendor
        self.moments = Moments(self.vendor)
        self._tables: dict[type[models.Model], Table] = {}

    def _table(self, model: type[models.Model], sample: Any, holes: tuple[str, ...]) -> Table:
        table = self._tables.get(model)
        if table is None:
            table = self._tables[model] = Table(model, sample, self.vendor, holes=holes)
        return table

    def templates(self, unit: Unit, rng: random.Random) -> list[Template]:
        self.generator.rng = rng
        wanted = max(1, min(unit.count, math.ceil(unit.count * self.distinct)))
        cases = self.generator.generate_at(unit.slot, wanted)
        if not cases:
            raise ValueError("No application can be drawn: are the demo centres open in this period?")
        found = []
        for case in cases:
            apps = self._table(Application, case.app, APP_HOLES)
            events = self._table(ApplicationEvent, case.events[0], EVENT_HOLES)
            payment = None
            if case.payment is not None:
                payments = self._table(Payment, case.payment, PAYMENT_HOLES)
                payment = (payments.cells(case.payment), int(case.payment.recorded_at.timestamp()))
            back, forward = _bounds(case, self.now)
            app_moments = []
            for name in ("submitted_at", "decided_at", "closed_at"):
                epoch = _epoch(getattr(case.app, name))
                if epoch is not None:
                    app_moments.append((apps.hole[name][0], epoch))
            found.append(
                Template(
                    app=apps.cells(case.app),
                    app_moments=app_moments,
                    submitted=int(case.app.submitted_at.timestamp()),
                    events=[(events.cells(e), int(e.at.timestamp())) for e in case.events],
                    payment=payment,
                    back=back,
                    forward=forward,
                )
            )
        return found

    def rows(self, unit: Unit) -> tuple[list[list[Any]], list[list[Any]], list[list[Any]]]:
        """The unit's applications, events and payments, rendered (numbered in order of submission)."""
        rng = random.Random(unit.seed)
        templates = self.templates(unit, rng)
        drawn: list[tuple[int, int, Template, int]] = []
        for index in range(unit.count):
            if index < len(templates):
                template, shift = templates[index], 0
            else:
                template = templates[rng.randrange(len(templates))]
                shift = rng.randint(-template.back, template.forward)
            drawn.append((template.submitted + shift, index, template, shift))
        drawn.sort(key=lambda item: (item[0], item[1]))
        text = self.moments.text
        app_holes = self._tables[Application].hole
        as_key = app_holes["pk"][1]
        i_pk, i_uuid, i_number = app_holes["pk"][0], app_holes["uuid"][0], app_holes["number"][0]
        ev_holes = self._tables[ApplicationEvent].hole
        e_uuid, e_app, e_at = ev_holes["uuid"][0], ev_holes["application_id"][0], ev_holes["at"][0]
        p_uuid = p_app = p_at = 0
        payments_table = self._tables.get(Payment)
        if payments_table is not None:
            p_uuid = payments_table.hole["uuid"][0]
            p_app = payments_table.hole["application_id"][0]
            p_at = payments_table.hole["recorded_at"][0]
        apps, events, payments = [], [], []
        day, centre = self.generator.slots[unit.slot]
        block, year = centre.centre.number_block, day.year
        for offset, (submitted, _index, template, shift) in enumerate(drawn):
            key = as_key(unit.first_pk + offset)
            app = template.app.copy()
            app[i_pk] = key
            app[i_number] = format_number(year=year, block=block, sequence=unit.first_sequence + offset)
            app[i_uuid] = uuid7_hex(submitted, rng)
            for cell, epoch in template.app_moments:
                app[cell] = text(epoch + shift)
            apps.append(app)
            for cells, epoch in template.events:
                event = cells.copy()
                event[e_app] = key
                event[e_uuid] = uuid7_hex(epoch + shift, rng)
                event[e_at] = text(epoch + shift)
                events.append(event)
            if template.payment is not None:
                cells, epoch = template.payment
                payment = cells.copy()
                payment[p_app] = key
                payment[p_uuid] = uuid7_hex(epoch + shift, rng)
                payment[p_at] = text(epoch + shift)
                payments.append(payment)
        return apps, events, payments

    def write(self, unit: Unit) -> tuple[int, int, int]:
        apps, events, payments = self.rows(unit)
        with transaction.atomic():
            if self.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # A unit lost in a crash is only a gap in the demo's numbers: no need to wait for the disk.
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
                    if self.trusted:
                        # Rows made consistent by construction (keys reserved, parents in the same
                        # transaction): the per-row foreign-key triggers are skipped, as pg_restore
                        # does. The constraints stay declared and enforced for every other writer.
                        cursor.execute("SET LOCAL session_replication_role = replica")
            self._insert(Application, apps)
            self._insert(ApplicationEvent, events)
            if payments:
                self._insert(Payment, payments)
        return len(apps), len(events), len(payments)

    def _insert(self, model: type[models.Model], rows: list[list[Any]]) -> None:
        table = self._tables[model]
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in table.columns)
        name = quote(model._meta.db_table)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                    for start in range(0, len(rows), 1000):
                        copy.write("".join("\t".join(row) + "\n" for row in rows[start : start + 1000]))
                return
            marks = ", ".join(["%s"] * len(table.columns))
            # Only quoted names from the model's metadata and placeholders go into the statement.
            cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", rows)  # noqa: S608


# The run ------------------------------------------------------------------------------------------


def _reserve_keys(count: int) -> int:
    """The first of `count` application keys nobody else will be given."""
    table = Application._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            (first,) = cursor.fetchone()
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + count - 1])
            return int(first)
        # SQLite: one writer, and explicit keys above the largest move its AUTOINCREMENT counter.
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        (last,) = cursor.fetchone()
        return int(last) + 1


def _superuser() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        return cursor.fetchone()[0] == "on"


def _move_sequences(last: dict[tuple[int, int], int]) -> None:
    """Numbers of the whole plan are taken at once: the desk continues after them, even if a run stops midway."""
    for (center_id, year), value in last.items():
        updated = NumberSequence.objects.filter(center_id=center_id, year=year, last_value__lt=value).update(
            last_value=value
        )
        if not updated:
            NumberSequence.objects.get_or_create(center_id=center_id, year=year, defaults={"last_value": value})


_WORKER: dict[str, UnitWriter] = {}


def _work(unit: Unit) -> tuple[int, int, int]:
    return _WORKER["writer"].write(unit)


def _run_units(writer: UnitWriter, units: list[Unit], workers: int) -> Iterator[tuple[int, int, int]]:
    if connection.vendor != "postgresql":
        # SQLite: one writer; units go in groups of about SQLITE_GROUP applications per transaction.
        index = 0
        while index < len(units):
            group, size = [], 0
            while index < len(units) and size < SQLITE_GROUP:
                group.append(units[index])
                size += units[index].count
                index += 1
            with transaction.atomic():
                done = [writer.write(unit) for unit in group]
            yield from done
        return
    if workers <= 1 or connection.in_atomic_block:
        # Inside a transaction (a caller's atomic block, a test) other processes would not see
        # what it has written, and closing the connection for the fork would end it: write here.
        for unit in units:
            yield writer.write(unit)
        return
    _WORKER["writer"] = writer
    # Each process opens its own connection: none may be inherited across the fork.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers) as pool:
            yield from pool.imap_unordered(_work, units, chunksize=1)
    finally:
        _WORKER.clear()


@dataclass
class BulkResult:
    applications: int
    events: int
    payments: int
    seconds: float


def load(
    world: World,
    *,
    count: int,
    seed: str,
    start: dt.date,
    workers: int = 2,
    distinct: float = DEFAULT_DISTINCT,
    log: Log = lambda message: None,
) -> BulkResult:
    """Add exactly `count` applications over the period from `start` to the world's `now`."""
    started = time.monotonic()
    generator = Generator(world, random.Random(f"{seed}-slots"), start)
    if not generator.slots:
        raise ValueError("No application can be drawn: are the demo centres open in this period?")
    with transaction.atomic():
        first_pk = _reserve_keys(count)
        sequences = dict(
            ((c, y), v) for c, y, v in NumberSequence.objects.values_list("center_id", "year", "last_value")
        )
        plan = make_plan(generator, count=count, seed=seed, sequences=sequences, first_pk=first_pk)
        _move_sequences(plan.sequences)
    log(f"plan: {len(plan.units):,} units over {len(generator.slots):,} open centre-days, {workers} worker(s)")
    writer = UnitWriter(generator, distinct=distinct, now=world.now, trusted=_superuser())
    apps = events = payments = 0
    reported = time.monotonic()
    for added, added_events, added_payments in _run_units(writer, plan.units, workers):
        apps += added
        events += added_events
        payments += added_payments
        if time.monotonic() - reported > 10 or apps == count:
            reported = time.monotonic()
            rate = apps / max(reported - started, 1e-9)
            log(f"{apps:,}/{count:,} applications, {events:,} events, {payments:,} payments, {rate:,.0f}/s")
    audit(
        actor=None,
        action="bulk_load",
        object_type="application",
        object_id=f"{first_pk}-{first_pk + count - 1}",
        purpose=f"seed_demo --scale: {apps} applications, {events} events, {payments} payments",
    )
    return BulkResult(applications=apps, events=events, payments=payments, seconds=time.monotonic() - started)


def after_bulk_load(log: Log = lambda message: None) -> None:
    """What runs once a bulk load (the seed, an import) has committed: the overview's rollups counted
    afresh (the rows came in past the services that keep them), then statistics for the planner.

    The one place for steps after a bulk load.
    """
    started = time.monotonic()
    backlog_rows, daily_rows = rollups.rebuild()
    log(
        f"Rollups rebuilt in {time.monotonic() - started:.1f} s ({backlog_rows:,} backlog and {daily_rows:,} daily rows)"
    )
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A sample of each index is enough for the planner, and keeps ANALYZE short on big files.
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
    log(f"ANALYZE in {time.monotonic() - started:.1f} s")
