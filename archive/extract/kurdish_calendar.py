"""The Kurdish solar calendar: Persian (Solar Hijri) months and days, Kurdish year = Persian year + 1321.

A Kurdish year starts at Newroz (1 خاکەلێوە ≈ 21 March), so it is Gregorian year + 700 from Newroz
to the end of December and + 701 from January to Newroz: ``kurdish_to_gregorian(2722, 10, 10)`` (١٠ی
بەفرانباری ٢٧٢٢) is ``date(2022, 12, 31)``.

The leap rule is the arithmetic one with "break" years published by Kazimierz Borkowski ("The
Persian calendar for 3000 years", Earth, Moon and Planets 74, 1996), which agrees with the official
Iranian calendar (vernal equinox at Tehran) for Persian years -61 … 3177. Written here from the
published algorithm; no library is copied.

Months: 1 خاکەلێوە, 2 گوڵان, 3 جۆزەردان, 4 پووشپەڕ, 5 گەلاوێژ, 6 خەرمانان (31 days each);
7 ڕەزبەر, 8 گەڵاڕێزان, 9 سەرماوەز, 10 بەفرانبار, 11 ڕێبەندان (30 days); 12 ڕەشەمێ (29, or 30 in leap years).
"""

from __future__ import annotations

import datetime

KURDISH_YEAR_OFFSET = 1321

# Persian years at which the 33-year leap cycle is re-phased (Borkowski 1996).
_BREAKS = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
    1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
)  # fmt: skip
FIRST_PERSIAN_YEAR = _BREAKS[0]
LAST_PERSIAN_YEAR = _BREAKS[-1] - 1


def _div(a: int, b: int) -> int:
    """Integer division truncating toward zero, as the published algorithm uses."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def nowruz(persian_year: int) -> datetime.date:
    """Gregorian date of 1 Farvardin (1 خاکەلێوە) of a Persian year: ``nowruz(1400) == date(2021, 3, 21)``."""
    if not FIRST_PERSIAN_YEAR <= persian_year <= LAST_PERSIAN_YEAR:
        raise ValueError(f"Persian year out of supported range: {persian_year}")
    gregorian_year = persian_year + 621
    leap_persian = -14
    previous_break = _BREAKS[0]
    jump = 0
    for current_break in _BREAKS[1:]:
        jump = current_break - previous_break
        if persian_year < current_break:
            break
        leap_persian += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        previous_break = current_break
    years_since_break = persian_year - previous_break
    leap_persian += _div(years_since_break, 33) * 8 + _div(_mod(years_since_break, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - years_since_break == 4:
        leap_persian += 1
    leap_gregorian = _div(gregorian_year, 4) - _div((_div(gregorian_year, 100) + 1) * 3, 4) - 150
    march_day = 20 + leap_persian - leap_gregorian
    return datetime.date(gregorian_year, 3, 1) + datetime.timedelta(days=march_day - 1)


def is_leap_persian_year(persian_year: int) -> bool:
    """True when ڕەشەمێ (Esfand) has 30 days: ``is_leap_persian_year(1403) is True``."""
    return (nowruz(persian_year + 1) - nowruz(persian_year)).days == 366


def days_in_persian_month(persian_year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap_persian_year(persian_year) else 29


def persian_to_gregorian(persian_year: int, month: int, day: int) -> datetime.date:
    """``persian_to_gregorian(1401, 10, 10) == date(2022, 12, 31)``; raises ValueError for invalid days."""
    if not 1 <= day <= days_in_persian_month(persian_year, month):
        raise ValueError(f"day {day} is not in Persian month {persian_year}-{month}")
    day_of_year = (month - 1) * 31 - (month // 7) * (month - 7) + day - 1
    return nowruz(persian_year) + datetime.timedelta(days=day_of_year)


def gregorian_to_persian(value: datetime.date) -> tuple[int, int, int]:
    """``gregorian_to_persian(date(2022, 12, 31)) == (1401, 10, 10)``."""
    persian_year = value.year - 621
    start = nowruz(persian_year)
    if value < start:
        persian_year -= 1
        start = nowruz(persian_year)
    day_of_year = (value - start).days
    if day_of_year < 186:
        return persian_year, day_of_year // 31 + 1, day_of_year % 31 + 1
    day_of_year -= 186
    return persian_year, day_of_year // 30 + 7, day_of_year % 30 + 1


def kurdish_to_gregorian(kurdish_year: int, month: int, day: int) -> datetime.date:
    """١٠ی بەفرانباری ٢٧٢٢: ``kurdish_to_gregorian(2722, 10, 10) == date(2022, 12, 31)``."""
    return persian_to_gregorian(kurdish_year - KURDISH_YEAR_OFFSET, month, day)


def gregorian_to_kurdish(value: datetime.date) -> tuple[int, int, int]:
    """Newroz 2024: ``gregorian_to_kurdish(date(2024, 3, 20)) == (2724, 1, 1)``."""
    persian_year, month, day = gregorian_to_persian(value)
    return persian_year + KURDISH_YEAR_OFFSET, month, day
