"""A statement compiled once per shape: the ORM's SQL for stand-in values, then filled with the real ones.

Building a search's querysets and compiling them through the ORM was most of a search's own Python
(py-spy over the bench searches at 100,000 articles: 55–65 % of a search with `person:`, a fifth of a
word search). The SQL text depends only on the query's shape (which filters, which text conditions),
the values (tsquery strings, keys, dates) travel as parameters. So `compiled` compiles once per shape
with stand-ins, finds where each stand-in went among the parameters, and afterwards only puts the real
values there. A shape whose stand-ins do not come out as parameters untouched (a value copied into the
SQL text, or transformed) is never cached: it is compiled each time, as before.

`lazy_queryset` gives a queryset that is built only when something uses it as one; a search reads most
of its querysets only through their compiled SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable
from functools import cache
from typing import Any

from django.db.models import QuerySet

# Private-use characters: no query value (analysed terms, name keys, literals) holds them.
_MARK = "\ue000"
_FIRST_YEAR = 1001  # stand-in dates are 1 January of this year and the next ones
_MAX_VALUES = 64
_MISSING = object()


def _stand_in(index: int, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.date(_FIRST_YEAR + index, 1, 1)  # no real filter date is this old
    if isinstance(value, str):
        return f"{_MARK}{index}{_MARK}"
    raise TypeError(f"no stand-in for a {type(value).__name__}")


class _Untraceable(Exception):
    """A stand-in did not come out of the compiler as a parameter of its own."""


class _Slot:
    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


def _trace(param: Any, slots: dict[Any, int]) -> Any:
    """`param` with each stand-in replaced by its `_Slot` (lists and tuples element by element)."""
    if isinstance(param, (str, datetime.date)):
        index = slots.get(param)
        if index is not None:
            return _Slot(index)
        if isinstance(param, str) and _MARK in param:
            raise _Untraceable(param)
        if not isinstance(param, str) and _FIRST_YEAR <= param.year < _FIRST_YEAR + _MAX_VALUES:
            raise _Untraceable(param)  # a stand-in date moved
        return param
    if isinstance(param, (list, tuple)):
        return type(param)(_trace(item, slots) for item in param)
    return param


def _fill(param: Any, values: tuple) -> Any:
    if isinstance(param, _Slot):
        return values[param.index]
    if isinstance(param, (list, tuple)):
        return type(param)(_fill(item, values) for item in param)
    return param


class _Template:
    __slots__ = ("fixed", "params", "sql")

    def __init__(self, sql: str, params: tuple):
        self.sql = sql
        self.params = params
        self.fixed = not any(isinstance(p, (_Slot, list, tuple)) for p in params)

    def filled(self, values: tuple) -> tuple[str, tuple]:
        if self.fixed:
            return self.sql, self.params
        return self.sql, tuple(
            values[p.index] if isinstance(p, _Slot) else _fill(p, values) for p in self.params
        )


def _template(values: tuple, compile: Callable[[tuple], tuple[str, tuple]]) -> _Template | None:
    if len(values) > _MAX_VALUES:
        return None
    stand_ins = tuple(_stand_in(i, v) for i, v in enumerate(values))
    sql, params = compile(stand_ins)
    slots = {s: i for i, s in enumerate(stand_ins) if s is not None}
    try:
        traced = tuple(_trace(p, slots) for p in params)
    except _Untraceable:
        return None  # a value transformed on its way into the parameters: compiled every time instead
    if _MARK in sql or any(
        f"{year:04d}-01-01" in sql for year in range(_FIRST_YEAR, _FIRST_YEAR + len(values))
    ):
        return None  # a value copied into the SQL text: likewise
    # A value that appears nowhere is one this shape does not use (a phrase's words when the pair index
    # alone decides it): fine, it is then not needed to fill the template either.
    return _Template(sql, traced)


_templates: dict[Hashable, _Template | None] = {}
_TEMPLATES_KEPT = 4096  # shapes are few (filters × text conditions); a bound all the same


def compiled(
    shape: Hashable, values: tuple, compile: Callable[[tuple], tuple[str, tuple]]
) -> tuple[str, tuple]:
    """`compile(values)`, from the template of `shape` once there is one.

    `compile` must make its SQL from `shape` and `values` alone, and take every value as a parameter (a
    str or a date, or None); which values are None is part of the shape here.
    """
    key = (shape, tuple(v is None for v in values))
    template = _templates.get(key, _MISSING)
    if template is _MISSING:
        if len(_templates) >= _TEMPLATES_KEPT:
            _templates.clear()
        template = _templates[key] = _template(values, compile)
    if template is None:
        return compile(values)
    return template.filled(values)


def forget() -> None:
    """Drop every template (tests that change how statements are written)."""
    _templates.clear()


@cache
def _lazy_class(model) -> type[QuerySet]:
    base = type(model._default_manager.all())
    query_property = base.query

    class Lazy(base):  # type: ignore[valid-type, misc]
        """A queryset made by `_build` the first time its query is asked for."""

        _build: Callable[[], QuerySet] | None = None

        @property
        def query(self):
            build = self._build
            if build is not None:
                self._build = None
                self._query = build().query
            return query_property.fget(self)

        @query.setter
        def query(self, value):
            self._build = None
            query_property.fset(self, value)

    Lazy.__name__ = Lazy.__qualname__ = f"Lazy{base.__name__}"
    return Lazy


def lazy_queryset(model, build: Callable[[], QuerySet]) -> QuerySet:
    """A queryset of `model` that is `build()` (which must return one of the default manager's class),
    built the first time it is used as a queryset."""
    queryset = _lazy_class(model)(model=model)
    queryset._build = build
    return queryset
