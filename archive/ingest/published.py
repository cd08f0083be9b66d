"""Publication dates as uploads and API clients write them (pure Python), in any digit script.

`parse_iso_published` is the API's strict form: YYYY-MM-DD, YYYY-MM or YYYY ("/" also separates).
`parse_published` reads what files carry as well: ISO date-times (FakeKurdNews' «2021-02-25 03:59:54»,
HTML's «2021-11-29T10:00:00+03:00»), day-first dates as Iraqi and Kurdish writers put them («29/11/2021»,
«٢٩ - ١١ - ٢٠٢١», «29.11.2021», with or without a time), RFC 2822 (RSS, e-mail), English month names
(«29 November 2021», «Nov 29, 2021») and one Sorani date phrase, read by the extractor's date module
(«٢٩ی تشرینی دووەمی ٢٠٢١», «دووشەممە ٢٩ - ١١ - ٢٠٢١», the Kurdish calendar's «٨ی سەرماوەزی ٢٧٢١»). All fold
Eastern Arabic and Persian digits, and none takes a year outside 1800–2199: «0021-11-29» is a typo, not a
date of a news article. A date-time gives its date as written, whatever its time zone.

>>> parse_published("٢٩ - ١١ - ٢٠٢١")
(datetime.date(2021, 11, 29), 'day')
>>> parse_iso_published("2021-11")
(datetime.date(2021, 11, 1), 'month')
>>> parse_iso_published("29/11/2021") is None
True
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import re

from archive.text.normalize import ascii_digits

MIN_YEAR, MAX_YEAR = 1800, 2199

_ISO = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?", re.ASCII)
_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
_ISO_TIME = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})(?:T|\s+){_TIME}", re.ASCII)
_DAY_FIRST = re.compile(
    rf"(\d{{1,2}})\s*([-/.])\s*(\d{{1,2}})\s*\2\s*(\d{{4}})(?:(?:T|\s+|\s*,\s*){_TIME})?", re.ASCII
)
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ENGLISH = re.compile(
    rf"{_WEEKDAY}(?:(?P<day>\d{{1,2}})\s+(?P<month>[a-z]{{3,9}})\.?,?|(?P<month2>[a-z]{{3,9}})\.?\s+(?P<day2>\d{{1,2}}),?)"
    rf"\s+(?P<year>\d{{4}})(?:(?:\s+|\s*,\s*){_TIME})?",
    re.ASCII | re.IGNORECASE,
)
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)[12]\d{3}(?!\d)", re.ASCII)

Published = tuple[datetime.date, str]  # the date and its precision: "day", "month" or "year"


def _date(year: int, month: int | None, day: int | None) -> Published | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        value = datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return value, "day" if day else "month" if month else "year"


def parse_iso_published(text: str | None) -> Published | None:
    """The date and its precision of an ISO day, month or year; None when empty or anything else."""
    if not text:
        return None
    match = _ISO.fullmatch(ascii_digits(text.strip()))
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    return _date(year, month, day)  # type: ignore[arg-type]  # the year is always there


@functools.lru_cache(maxsize=4096)
def parse_published(text: str | None) -> Published | None:
    """The date and its precision of a published value as files write it; None when empty or unreadable.

    Cached: an import asks about each entry's value several times (the worker for relative dates, the
    importer for the row and for the report's note), and a value the fast forms miss costs a run of the
    extractor's date grammar.
    """
    if not text:
        return None
    value = " ".join(ascii_digits(text).split())
    found = parse_iso_published(value)
    if found is not None:
        return found
    if match := _ISO_TIME.fullmatch(value):
        return _date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST.fullmatch(value):
        return _date(int(match[4]), int(match[3]), int(match[1]))
    if match := _ENGLISH.fullmatch(value):
        return _english(match)
    if _FOUR_DIGIT_YEAR.search(value):  # RFC 2822 reads «21» or «0021» as 2021
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        else:
            return _date(moment.year, moment.month, moment.day)
    return _sorani(value)


def _english(match: re.Match[str]) -> Published | None:
    name = (match["month"] or match["month2"]).lower()  # a month's name or its start: «Nov», «Sept»
    month = _MONTHS.get(name[:3], 0)
    if not month or not _MONTH_NAMES[month - 1].startswith(name):
        return None
    return _date(int(match["year"]), month, int(match["day"] or match["day2"]))


def _sorani(value: str) -> Published | None:
    """One Sorani date phrase and nothing else but a word or so (a weekday): what the extractor reads."""
    if not any("\u0600" <= character <= "\u06ff" for character in value):
        return None
    from archive.extract.dates import extract_dates  # the extractor's date grammar, only when needed

    found = [mention for mention in extract_dates(value) if not mention.relative and mention.value]
    if len(found) != 1:
        return None
    mention = found[0]
    rest = (value[: mention.start] + " " + value[mention.end :]).strip(" ،,.-")
    if any(character.isdigit() for character in rest) or len(rest.split()) > 1:
        return None
    if not MIN_YEAR <= mention.value.year <= MAX_YEAR:
        return None
    return mention.value, mention.precision


def unread_published_messages(text: str | None) -> tuple[str, str] | None:
    """An upload report's note (English, Sorani) when a file gave a published value that is not a date we
    can read: the article is still imported, dated from its text where the text says when."""
    if not text or not text.strip() or parse_published(text) is not None:
        return None
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    return (
        f"The published value «{shown}» is not a date Hawal can read (write YYYY-MM-DD or DD/MM/YYYY);"
        " the date was taken from the text instead, where it gives one.",
        f"بەهای بەرواری بڵاوکردنەوە «{shown}» وەک بەروار نەخوێندرایەوە (بە شێوەی YYYY-MM-DD یان DD/MM/YYYY"
        " بینووسە)؛ لە جیاتی ئەوە بەروار لە دەقەکەوە وەرگیرا، ئەگەر تێیدا هاتبێت.",
    )
