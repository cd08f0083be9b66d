"""Many rows in one round trip: COPY for rows that cannot conflict, INSERT … ON CONFLICT for those that
can. Used by the batch writer (`archive.ingest.bulk`) and entity resolution.

Statements take one array per column (`unnest`, `= ANY(%b)`) rather than one placeholder per value, so
their text does not depend on how many rows a batch has: psycopg converts each statement once and
reuses it, and binds a handful of arrays. With a placeholder per value, parsing the statement and
binding ≈ 700 values took ≈ 40 % of the importer's CPU for storing a batch. They also run on a cursor
that binds parameters on the server (`server_cursor`): Django's default cursor would spell every array
out as SQL text in Python.

Callers name the columns they fill (attnames, e.g. ``article_id``); every other concrete column gets its
model default (``auto_now``/``auto_now_add`` → now; generated columns are left to PostgreSQL), so a column
added to a model later cannot be left out silently: one with neither a default nor NULL raises here, not
in production data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import psycopg
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import DateTimeField, Model
from django.utils import timezone


@cache
def _defaults(model: type[Model], columns: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[object, ...]]:
    """The columns the caller leaves out, and what to write in them (`_NOW` for the current time)."""
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in columns or field.primary_key or field.generated:  # PostgreSQL writes those
            continue
        if isinstance(field, DateTimeField) and (field.auto_now or field.auto_now_add):
            value = _NOW
        elif field.has_default() and not callable(field.default):
            value = field.get_default()
            value = getattr(value, "value", value)  # TextChoices member → its plain string
        elif field.null:
            value = None
        else:
            raise ValueError(f"{model.__name__}.{field.name} has no default: the batch writer must fill it")
        names.append(field.column)
        values.append(value)
    return tuple(names), tuple(values)


_NOW = object()


def _layout(model: type[Model], columns: Sequence[str]) -> tuple[str, tuple[object, ...]]:
    meta = model._meta
    given = [meta.get_field(name).column if name != "id" else meta.pk.column for name in columns]
    extra_names, extra_values = _defaults(model, tuple(columns))
    now = timezone.now()
    extra = tuple(now if value is _NOW else value for value in extra_values)
    names = ", ".join(connection.ops.quote_name(name) for name in (*given, *extra_names))
    return names, extra


def server_cursor() -> CursorWrapper:
    """A cursor of Django's connection (same transaction, same error classes, counted in Django's query
    log) whose parameters psycopg sends separately from the SQL, as the server protocol does: arrays of
    thousands of values are dumped in C, not quoted into the statement's text. Never prepared: the
    connection's prepare threshold (None: Django's default, for connection poolers) applies."""
    connection.ensure_connection()
    wrapper = CursorDebugWrapper if connection.queries_logged else CursorWrapper
    return wrapper(psycopg.Cursor(connection.connection), connection)


@cache
def _types(model: type[Model], columns: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Database types of the given columns and of the columns `_defaults` fills, for explicit casts."""
    meta = model._meta
    given = tuple((meta.pk if name == "id" else meta.get_field(name)).db_type(connection) for name in columns)
    extra_names, _ = _defaults(model, columns)
    by_column = {field.column: field for field in meta.concrete_fields}
    return given, tuple(by_column[name].db_type(connection) for name in extra_names)


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """COPY `rows` (values in the order of `columns`) into the model's table; returns how many."""
    names, extra = _layout(model, columns)
    count = 0
    with connection.cursor() as cursor:
        with cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row((*row, *extra))
                count += 1
    return count


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    conflict: str = "",
    returning: Sequence[str] = (),
) -> list[tuple]:
    """One INSERT of many rows; `conflict` is the SQL after ON CONFLICT (e.g. ``(kind, key) DO NOTHING``).

    The rows travel as one array per column (``SELECT … FROM unnest(…)``); rows are inserted in order.
    """
    if not rows:
        return []
    names, extra = _layout(model, columns)
    given_types, extra_types = _types(model, tuple(columns))
    selected = ", ".join(
        [f"u.c{n}" for n in range(len(columns))] + [f"%s::{db_type}" for db_type in extra_types]
    )
    arrays = ", ".join(f"%b::{db_type}[]" for db_type in given_types)
    aliases = ", ".join(f"c{n}" for n in range(len(columns)))
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names})"
        f" SELECT {selected} FROM unnest({arrays}) AS u({aliases})"
    )
    if conflict:
        sql += f" ON CONFLICT {conflict}"
    if returning:
        sql += " RETURNING " + ", ".join(connection.ops.quote_name(name) for name in returning)
    params = [*extra, *(list(column) for column in zip(*rows, strict=True))]
    with server_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []


def select_rows(sql: str, params: Sequence[object]) -> list[tuple]:
    """The rows of one query (arrays as parameters: see the module's docstring)."""
    with server_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """`count` fresh primary keys from the table's sequence, so rows can point at each other before COPY."""
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())
