"""How dates and numbers are shown to readers: Kurdish month names and Eastern Arabic digits by default."""

from __future__ import annotations

import datetime

# The Syriac-Iraqi month names Sorani news uses for the Gregorian calendar.
KURDISH_MONTHS = (
    "کانوونی دووەم",
    "شوبات",
    "ئازار",
    "نیسان",
    "ئایار",
    "حوزەیران",
    "تەممووز",
    "ئاب",
    "ئەیلوول",
    "تشرینی یەکەم",
    "تشرینی دووەم",
    "کانوونی یەکەم",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def eastern_digits(value: object) -> str:
    """`eastern_digits(2021) == "٢٠٢١"`."""
    return str(value).translate(_EASTERN_DIGITS)


def format_date(value: datetime.date | None, precision: str = "day", *, language: str = "ckb", latin_digits=False) -> str:
    """A date as a reader of `language` writes it; `precision` drops what is not known.

    format_date(date(2021, 11, 29)) == "٢٩ی تشرینی دووەمی ٢٠٢١"
    """
    if value is None or precision == "unknown":
        return "بێ ڕێکەوت" if language == "ckb" else "undated"
    if language != "ckb":
        if precision == "year":
            return str(value.year)
        month = f"{ENGLISH_MONTHS[value.month - 1]} {value.year}"
        return month if precision == "month" else f"{value.day} {month}"
    digits = str if latin_digits else eastern_digits
    month_name = KURDISH_MONTHS[value.month - 1]
    if precision == "year":
        return digits(value.year)
    if precision == "month":
        return f"{month_name}ی {digits(value.year)}"
    return f"{digits(value.day)}ی {month_name}ی {digits(value.year)}"
