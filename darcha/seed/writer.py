"""Numbers simulated cases and writes them with bulk inserts.

Numbers come from `format_number` per centre and year, in the order of submission, continuing from
the centre's `NumberSequence`; the sequences are then moved to the last value used so that live
submissions continue after the demo data.

Rows go in through multi-row INSERT statements built from the models' own fields and the
backend's own value adapters: `bulk_create` compiles every value through the ORM, which costs
more than generating the data, and the million-application benchmark seed would take half an
hour that way (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models, transaction

from darcha.applications.models import Application, ApplicationEvent, NumberSequence
from darcha.applications.numbers import format_number
from darcha.payments.models import Payment
from darcha.seed.cases import Case, local_date

Converter = Callable[[Any], Any]


def number_cases(cases: list[Case]) -> dict[tuple[int, int], int]:
    """Give each case its number; returns the last value used per (centre id, year)."""
    keys = {(c.app.center_id, local_date(c.app.submitted_at).year) for c in cases}
    last: dict[tuple[int, int], int] = defaultdict(int)
    for center_id, year, value in NumberSequence.objects.filter(
        center_id__in={k[0] for k in keys}, year__in={k[1] for k in keys}
    ).values_list("center_id", "year", "last_value"):
        last[(center_id, year)] = value
    for case in sorted(cases, key=lambda c: c.app.submitted_at):
        year = local_date(case.app.submitted_at).year
        key = (case.app.center_id, year)
        last[key] += 1
        case.app.number = format_number(year=year, block=case.app.number_block, sequence=last[key])
    return {key: last[key] for key in keys}


def _converter(field: models.Field[Any, Any]) -> Converter | None:
    """The backend's adaptation of a value, without the ORM's per-value dispatch."""
    ops, vendor = connection.ops, connection.vendor
    if isinstance(field, models.DateTimeField):
        if vendor == "sqlite":
            # What the SQLite backend stores: naive UTC text (adapt_datetimefield_value).
            return lambda value: str(value.astimezone(dt.UTC).replace(tzinfo=None))
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.UUIDField):
        return (lambda value: value) if connection.features.has_native_uuid_field else (lambda value: value.hex)
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: ops.adapt_json_value(value, encoder)
    return None


Column = tuple[str, str, "Converter | None", Any]


def _columns(model: type[models.Model], sample: Any) -> list[Column]:
    """(column, attribute, converter, default) for every concrete column but an automatic primary key."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        default = field.get_default() if field.has_default() or field.null else None
        # A column added to the model later and unknown to the generator takes the field's default.
        attname = field.attname if hasattr(sample, field.attname) else ""
        columns.append((field.column, attname, _converter(field), default))
    return columns


def _row_reader(columns: list[Column]) -> Callable[[Any], list[Any]]:
    known = [c[1] for c in columns if c[1]]
    fetch = operator.attrgetter(*known)
    defaults = [(i, c[3]) for i, c in enumerate(columns) if not c[1]]
    converters = [(i, c[2]) for i, c in enumerate(columns) if c[2] is not None]

    def read(row: Any) -> list[Any]:
        values = list(fetch(row)) if len(known) > 1 else [fetch(row)]
        for index, default in defaults:
            values.insert(index, default)
        for index, convert in converters:
            if values[index] is not None:
                values[index] = convert(values[index])
        return values

    return read


def _max_rows(n_columns: int) -> int:
    """Rows per multi-row INSERT within SQLite's limit on bound variables."""
    import sqlite3

    getlimit = getattr(connection.connection, "getlimit", None)
    limit = getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if getlimit is not None else 999
    return max(1, min(500, limit // n_columns))


def insert_rows(model: type[models.Model], rows: Sequence[Any], *, returning_pk: bool = False) -> None:
    """Insert rows (objects with the model's attribute names); with `returning_pk`, set their `pk`.

    PostgreSQL: COPY, with keys drawn from the table's sequence first. SQLite: multi-row INSERT …
    RETURNING when keys are needed, otherwise one prepared INSERT run over all rows (executemany).
    """
    if not rows:
        return
    connection.ensure_connection()
    columns = _columns(model, rows[0])
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk_column = model._meta.pk.column
    if connection.vendor == "postgresql":
        _copy_rows(model, rows, columns, with_keys=returning_pk)
        return
    read = _row_reader(columns)
    names = ", ".join(quote(c[0]) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        if not returning_pk:
            # Only quoted names from the model's metadata and placeholders go into the statement.
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", [read(row) for row in rows])  # noqa: S608
            return
        step = _max_rows(len(columns))
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            values = ", ".join([one] * len(chunk))
            params = [value for row in chunk for value in read(row)]
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values} RETURNING {quote(pk_column)}", params)  # noqa: S608
            for row, (key,) in zip(chunk, cursor.fetchall(), strict=True):
                row.pk = key


def _copy_rows(model: type[models.Model], rows: Sequence[Any], columns: list[Column], *, with_keys: bool) -> None:
    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    if with_keys:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, len(rows)],
            )
            for row, (key,) in zip(rows, cursor.fetchall(), strict=True):
                row.pk = key
        columns = [(pk_column, "pk", None, None), *columns]
    read = _row_reader(columns)
    names = ", ".join(quote(c[0]) for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(read(row))


@transaction.atomic
def write_cases(cases: list[Case]) -> tuple[int, int]:
    """Number, insert applications, their events and payments, move the number sequences. Returns (applications, events)."""
    last = number_cases(cases)
    insert_rows(Application, [c.app for c in cases], returning_pk=True)
    events = []
    for case in cases:
        for event in case.events:
            event.application_id = case.app.pk
            events.append(event)
    insert_rows(ApplicationEvent, events)
    payments = []
    for case in cases:
        if case.payment is not None:
            case.payment.application_id = case.app.pk
            payments.append(case.payment)
    insert_rows(Payment, payments)
    for (center_id, year), value in last.items():
        updated = NumberSequence.objects.filter(center_id=center_id, year=year, last_value__lt=value).update(
            last_value=value
        )
        if not updated:
            NumberSequence.objects.get_or_create(center_id=center_id, year=year, defaults={"last_value": value})
    return len(cases), len(events)
