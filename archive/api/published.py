"""Publication dates as API clients send them (pure Python): ISO day, month or year, any digit script.

>>> parse_published("٢٠٢١-١١-٢٩")
(datetime.date(2021, 11, 29), 'day')
>>> parse_published("2021-11")
(datetime.date(2021, 11, 1), 'month')
>>> parse_published("29/11/2021") is None
True
"""

from __future__ import annotations

import datetime
import re

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")
MIN_YEAR, MAX_YEAR = 1800, 2199


def parse_published(text: str | None) -> tuple[datetime.date, str] | None:
    """The date and its precision ("day", "month" or "year"), or None when empty or not a date."""
    if not text:
        return None
    match = _ISO.fullmatch(text.strip().translate(_DIGITS))
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        value = datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return value, "day" if day else "month" if month else "year"
