"""Date expressions in Sorani news text, with offsets into the original text and normalised values.

``extract_dates("ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١", published=None)`` finds «٢٩ - ١١ - ٢٠٢١» = 2021-11-29
(day). Forms: numeric dates (D-M-YYYY, D/M/YYYY, YYYY-MM-DD, YYYY/MM/DD, spaced or not, Eastern
Arabic / Persian / ASCII digits), Syriac-Iraqi, Western and Kurdish solar month names with or without day
and year («١٥ی ئازاری ٢٠٢٤», «تشرینی دووەمی ٢٠٢١», «١٠ی بەفرانباری ٢٧٢٢»), «ساڵی ٢٠٠٣», weekdays
(«رۆژی هەینی»), relative words (ئەمڕۆ, دوێنێ, سبەی, پار, ساڵی ڕابردوو, «٧ی ئەم مانگە», هەفتەی داهاتوو).

Conventions (documented choices):
- Surfaces are the date expression itself: a trailing clitic stays outside («٢٠٢١ی» → «٢٠٢١») and so do
  time-of-day cue words (رۆژی, شەوی, بەرەبەیانی); the year and month cues ساڵی / مانگی are inside
  («ساڵی ٢٠٠٣», «مانگی ئازار»), since they are what makes a bare number a year.
- A weekday or relative day word in apposition to an absolute date («ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١») is
  checked against the date (D and M are swapped if only the swap agrees with the weekday) and not reported
  separately. `date_entity_spans` gives the whole phrase, cue words included, for NER (AgaCKNER style).
- Relative expressions need the publication date; with ``published=None`` they are left out (call
  ``extract_dates(text, infer_published(text).value)`` to resolve them against an inferred date).
- «١٢ ساڵی ڕابردوو» (the past twelve years) and «ساڵی ١٤٤٥ی کۆچی» (a lunar Hijri year) are recognised so
  they are not misread as last year / 1445 AD, but have no value and are not reported. Era words after a
  year are read: کوردی (Kurdish), هەتاوی (Solar Hijri, + 621), زایینی (AD).
- Weeks have no precision of their own: «هەفتەی داهاتوو» is publication ± 7 days with precision "day".
- A Kurdish solar month maps to the Gregorian month holding most of it (its 15th day), a Kurdish year to
  Gregorian year − 700: both are approximations at month / year precision.
- A weekday without a qualifier resolves around publication: the same day if it is today's weekday, else
  the next one when the clause is future (بڕیارە before it, or a present-tense verb such as دەکات after it),
  else the past one. A month or day-and-month without a year («١٥ی ئازار») goes the same way by tense and,
  when the clause shows no tense, to the occurrence nearest publication.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from archive.extract.data import months as words
from archive.extract.kurdish_calendar import gregorian_to_kurdish, kurdish_to_gregorian

VERSION = "dates-1"

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression: ``text[start:end] == surface``; ``value`` is the 1st for month / year precision."""

    start: int
    end: int
    surface: str
    value: datetime.date
    precision: Precision
    relative: bool


@dataclass(frozen=True)
class InferredDate:
    """A publication date read from the text; ``evidence`` is the surface that gave it."""

    value: datetime.date
    precision: str
    evidence: str
    start: int
    end: int


# --- folding: one character for one character, so offsets into the folded text are offsets into the original.

_FOLDS: tuple[tuple[str, str], ...] = (
    *((char, "ی") for char in "يىے"),
    *((char, "ک") for char in "كڪ"),
    *((char, "ە") for char in "هةۀھ"),
    *((char, "ر") for char in "ڕڒ"),
    *((char, "ل") for char in "ڵڶ"),
    *((char, "و") for char in "ۆۅؤ"),
    ("ڤ", "ف"),
    *((chr(0x0660 + i), str(i)) for i in range(10)),
    *((chr(0x06F0 + i), str(i)) for i in range(10)),
)
_JOINERS = "\u200c\u200d\u0640"
_DIRECTION_MARKS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"


def _fold(text: str) -> str:
    """Letter variants to one letter each, digits to ASCII: ``_fold("كانونى ٢٠٢١") == "کانونی 2021"``."""
    for variant, standard in _FOLDS:
        if variant in text:  # str.replace per letter is far faster than str.translate with a dict
            text = text.replace(variant, standard)
    return text


# extract() folds the same article for its publication date and for its dates.
_fold_text = functools.lru_cache(maxsize=4)(_fold)

_KEY_DROPPED = re.compile(rf"[\s{_JOINERS}]+")
_KEY_DOUBLED = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """Lookup key of a matched word: folded, joiners and spaces dropped, doubled letters single, ێ as ی."""
    folded = _KEY_DROPPED.sub("", _fold(text)).replace("ێ", "ی")
    return _KEY_DOUBLED.sub(r"\1", folded)


def _units(word: str, *, strict: bool = False) -> list[str]:
    """Regex pieces of a folded word: doubled letters optional (تەممووز/تەموز), legacy ZWNJ after ە, spaces optional."""
    parts: list[str] = []
    folded = _fold(word)
    index = 0
    while index < len(folded):
        char = folded[index]
        run = 1
        while index + run < len(folded) and folded[index + run] == char:
            run += 1
        index += run
        repeat = "+" if run > 1 else ""
        if char == " ":
            parts.append(r"[\s\u200c]*")
        elif char == "ێ" and not strict:
            parts.append("[ێی]" + repeat)
        elif char == "ە":
            parts.append("(?:ە\u200c?)" + repeat)
        else:
            parts.append(re.escape(char) + repeat)
    return parts


def _word_pattern(word: str, *, strict: bool = False) -> str:
    return "".join(_units(word, strict=strict))


def _trie_pattern(sequences: list[list[str]]) -> str:
    """One regex for many words with shared prefixes factored out, so ``re`` tries few branches per position."""
    trie: dict[str, dict] = {}
    for units in sequences:
        node = trie
        for unit in units:
            node = node.setdefault(unit, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [unit + build(child) for unit, child in sorted(node.items()) if unit]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _alternation(table: dict[str, object] | frozenset[str] | tuple[str, ...]) -> str:
    """A non-capturing group, longest word first, so «یەک شەممە» wins over «شەممە» at the same position."""
    return (
        "(?:"
        + "|".join(
            _word_pattern(word, strict=word in words.STRICT_WORDS)
            for word in sorted(table, key=len, reverse=True)
        )
        + ")"
    )


def _keyed(table: dict[str, int]) -> dict[str, int]:
    return {_key(word): value for word, value in table.items()}


def _lookup(table: dict[str, int], matched: str) -> int:
    return table[_key(matched)]


_LETTER = r"[^\W\d_]"
_LEFT = rf"(?:(?<!{_LETTER})|(?<=(?<!{_LETTER})لە)|(?<=(?<!{_LETTER})بو)|(?<=(?<!{_LETTER})تا))"
# Clitics a date word or number may carry: «٢٠٢١ی», «تەممووزدا», «ساڵی ١٩٨٠وە», «٢٠٢٤یش», «ئەمڕۆی».
_SUFFIX = rf"(?:[{_JOINERS}]*(?:ەکە|ەوە|وە|یدا|دا|یە|یی|یش|ش|ی|ێ|ە|را))"
_RIGHT = rf"(?={_SUFFIX}{{0,3}}(?!{_LETTER}))"
_SPACE = rf"[\s\u00a0{_DIRECTION_MARKS}]"
_WS = rf"(?:{_SPACE}|\u200c)+"
_EZAFE = rf"[{_JOINERS}]*[یێ]"
_DAY_NUMBER = r"(?<![0-9])[0-9]{1,2}(?![0-9])"
_YEAR = r"(?<![0-9])[0-9]{4}(?![0-9])"
_PAST = _alternation(words.PAST_QUALIFIERS)
_NEXT = _alternation(words.NEXT_QUALIFIERS)
_YEAR_CUE = _word_pattern("ساڵی")
_MONTH_CUE = _word_pattern("مانگی")
_THIS_YEAR = _alternation(("ئەمساڵ", "ئەم ساڵ"))
_EZAFE_START = re.compile(rf"^{_EZAFE}[\s\u200c]*")
_ERA = rf"(?P<era>{_EZAFE}{_WS}{_alternation(words.ERAS)})?"
_YEAR_PART = rf"(?:{_EZAFE})?{_WS}(?:{_YEAR_CUE}{_WS})?(?P<year>{_YEAR}){_ERA}"
# «ئەیلوولی ئەمساڵ», «ئۆکتۆبەری پار», «تشرینی یەکەمی ساڵی ڕابردوو», «نیسانی ڕابردوو», «ئابی هەمان ساڵ»
_QUALIFIER_PART = (
    rf"(?:{_EZAFE})?{_WS}(?:(?P<this_year>{_THIS_YEAR})"
    rf"|(?P<year_past>{_YEAR_CUE}{_WS}{_PAST}|{_alternation(('پارساڵ', 'پار ساڵ'))}|پار(?![ەی]))"
    rf"|{_YEAR_CUE}{_WS}(?P<year_next>{_NEXT})|(?P<same_year>{_word_pattern('هەمان ساڵ')})"
    rf"|(?P<past>{_PAST})|(?P<next>{_NEXT}))"
)
_DAY_PART = rf"(?:(?P<day>{_DAY_NUMBER})(?:{_EZAFE})?{_WS}|(?P<day_word>{_alternation(words.DAY_WORDS)}){_EZAFE}{_WS})"
_ALL_MONTHS = {**words.SYRIAC_MONTHS, **words.WESTERN_MONTHS, **words.KURDISH_MONTHS}
_SEPARATOR = rf"(?:{_SPACE}*[-/.\\\u2010-\u2015]{_SPACE}*|{_SPACE}+)"
_MARK_SEPARATOR = rf"{_SPACE}*[-/.\u2010-\u2015]{_SPACE}*"

_NUMERIC_DMY = re.compile(
    rf"(?P<day>{_DAY_NUMBER}){_SEPARATOR}(?P<month>{_DAY_NUMBER}){_SEPARATOR}(?P<year>{_YEAR}){_RIGHT}"
)
_NUMERIC_YMD = re.compile(
    rf"(?P<year>{_YEAR}){_MARK_SEPARATOR}(?P<month>{_DAY_NUMBER}){_MARK_SEPARATOR}(?P<day>{_DAY_NUMBER}){_RIGHT}"
)
_NAMED_MONTH = re.compile(
    rf"{_LEFT}(?:{_DAY_PART}(?:{_MONTH_CUE}{_WS})?|(?P<cue>{_MONTH_CUE}){_WS})?"
    rf"(?P<month_name>{_alternation(_ALL_MONTHS)})(?:{_YEAR_PART}|{_QUALIFIER_PART})?{_RIGHT}"
)
_NUMBERED_MONTH = re.compile(
    rf"{_LEFT}(?:{_DAY_PART})?{_MONTH_CUE}{_WS}"
    rf"(?P<month_number>[0-9]{{1,2}}(?![0-9])|{_alternation(words.MONTH_NUMBER_WORDS)})"
    rf"(?:{_YEAR_PART}|{_QUALIFIER_PART})?{_RIGHT}"
)
_DAY_OF_RELATIVE_MONTH = re.compile(
    rf"(?:(?P<day>{_DAY_NUMBER})|{_LEFT}(?P<day_word>{_alternation(words.DAY_WORDS)})){_EZAFE}{_WS}"
    rf"(?:(?P<this_month>{_word_pattern('ئەم مانگە')}(?:یە)?|{_word_pattern('مانگ')}(?!ی))"
    rf"|{_MONTH_CUE}{_WS}(?:(?P<past>{_PAST})|(?P<next>{_NEXT})))"
    rf"{_RIGHT}"
)
_YEAR_EXPRESSION = re.compile(rf"{_LEFT}(?:(?P<cue>{_YEAR_CUE}){_WS})?(?P<year>{_YEAR}){_ERA}{_RIGHT}")
_DURATION = re.compile(
    rf"{_LEFT}(?:[0-9]{{1,3}}|{_alternation(words.DURATION_COUNT_WORDS)}){_WS}"
    rf"{_alternation(('ساڵی', 'مانگی', 'هەفتەی', 'ڕۆژی'))}{_WS}(?:{_PAST}|{_NEXT}){_RIGHT}"
)
_RELATIVE_DAY_WORD = _alternation(("ئەمڕۆ", "دوێنێ", "سبەینێ", "سبەی", "پێرێ"))
_WEEKDAY = re.compile(
    rf"{_LEFT}(?:(?P<relative_day>{_RELATIVE_DAY_WORD}){_WS})?(?P<weekday>{_alternation(words.WEEKDAYS)})"
    rf"(?:(?:{_EZAFE})?{_WS}(?:(?P<past>{_PAST})|(?P<next>{_NEXT})))?{_RIGHT}"
)
_RELATIVE = re.compile(rf"{_LEFT}(?P<relative>{_alternation(words.RELATIVE_WORDS)}){_RIGHT}")
_CUE_BEFORE = re.compile(rf"{_LEFT}(?:{_alternation(words.SPAN_CUE_WORDS)}){_WS}$")

_ANCHOR_WORDS = (*words.WEEKDAYS, *words.RELATIVE_WORDS, "ساڵ", "هەفتە", "شەو")
_MONTH_ANCHOR_WORDS = (*_ALL_MONTHS, "مانگ")
# Where a word-led date may start: the first four letters of a date word after a non-letter (or لە/بۆ/تا).
_ANCHOR = re.compile(
    r"[^\w](?:لە|بو|تا)?(?=("
    + _trie_pattern([_units(word)[:4] for word in (*_MONTH_ANCHOR_WORDS, *_ANCHOR_WORDS)])
    + "))"
)
_MONTH_ANCHOR = re.compile(_trie_pattern([_units(word)[:4] for word in _MONTH_ANCHOR_WORDS]))
_DIGITS = re.compile(r"[0-9]+")
_TOKEN = re.compile(r"\S+")
_DAY_WORD_STARTS = frozenset(
    variant
    for word in (*words.DAY_WORDS, *words.DURATION_COUNT_WORDS)
    for variant in (_fold(word).split()[0], _fold(word).split()[0].replace("ێ", "ی"))
)


def _day_word_starts_before(folded: str, position: int) -> list[int]:
    """Starts of day words up to four words before a month word: «بیست و یەکی ئازار», «نۆی مانگی داهاتوو»."""
    window_start = max(0, position - 40)
    found: list[int] = []
    for token in list(_TOKEN.finditer(folded, window_start, position))[-4:]:
        word = token.group()
        if word in _DAY_WORD_STARTS or (word[-1:] in ("ی", "ێ") and word[:-1] in _DAY_WORD_STARTS):
            found.append(token.start())
    return found


@dataclass(frozen=True, slots=True)
class _Starts:
    """Offsets where a date may start, by what is there: which patterns are worth trying at each."""

    day_numbers: list[int]  # 1–2 digits: «٢٩ - ١١ - ٢٠٢١», «١٥ی ئازار», «٧ی ئەم مانگە»
    years: list[int]  # 4 digits: «٢٠٢١-١١-٠٧», «٢٧٢٢ی کوردی»
    month_words: list[int]  # month names and مانگ
    day_words: list[int]  # «نۆی ئەم مانگە», «یەکی ئاب»
    other_words: list[int]  # weekdays, relative words, ساڵ


def _starts(folded: str) -> _Starts:
    day_numbers: list[int] = []
    years: list[int] = []
    for match in _DIGITS.finditer(folded):
        length = match.end() - match.start()
        if length <= 2:
            day_numbers.append(match.start())
        elif length == 4:
            years.append(match.start())
    month_words: list[int] = []
    day_words: list[int] = []
    other_words: list[int] = []
    for match in _ANCHOR.finditer(" " + folded):  # the space gives a word at offset 0 its boundary
        start = match.start(1) - 1
        if _MONTH_ANCHOR.match(folded, start):
            month_words.append(start)
            day_words.extend(_day_word_starts_before(folded, start))
        else:
            other_words.append(start)
            if folded.startswith(("سال", "ەەفت"), start):  # «چەند ساڵی ڕابردوو» is a duration
                day_words.extend(_day_word_starts_before(folded, start))
    return _Starts(day_numbers, years, month_words, sorted(set(day_words)), other_words)


def _matches(pattern: re.Pattern[str], folded: str, starts: list[int]) -> list[re.Match[str]]:
    return [match for start in starts if (match := pattern.match(folded, start))]


_RELATIVE_DAY_OFFSETS = _keyed({"ئەمڕۆ": 0, "دوێنێ": -1, "سبەی": 1, "سبەینێ": 1, "پێرێ": -2})
_MONTH_KEYS = _keyed(_ALL_MONTHS)
_KURDISH_MONTH_KEYS = frozenset(_keyed(words.KURDISH_MONTHS))
_AMBIGUOUS_MONTH_KEYS = frozenset(_key(word) for word in words.AMBIGUOUS_MONTHS)
_DAY_WORD_KEYS = _keyed(words.DAY_WORDS)
_MONTH_NUMBER_KEYS = _keyed(words.MONTH_NUMBER_WORDS)
_WEEKDAY_KEYS = _keyed(words.WEEKDAYS)
_RELATIVE_KEYS = {_key(word): meaning for word, meaning in words.RELATIVE_WORDS.items()}
_LAST_YEAR_KEY = _key("پار")


# --- candidates: what the patterns found, before resolution against the publication date.

Tense = Literal["past", "future"] | None
Resolver = Callable[[datetime.date, Tense], tuple[datetime.date, Precision] | None]


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    value: datetime.date | None  # set for absolute dates
    precision: Precision
    resolve: Resolver | None = None  # set for relative ones: (published, tense of the clause) -> value
    weekday: int | None = None  # a weekday expression (Monday = 0)
    day_offset: int | None = None  # ئەمڕۆ / دوێنێ … (alone or before a weekday)
    swappable: bool = False  # numeric D-M-Y whose D and M may be swapped
    month_day: tuple[int, int] | None = None  # a Gregorian day and month without a year («٤ی ئاب»)


def _add_months(value: datetime.date, months: int) -> datetime.date:
    index = value.year * 12 + value.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _gregorian_or_kurdish(year: int, month: int, day: int, *, kurdish: bool) -> datetime.date | None:
    """Kurdish years are 2600–2799 («٢٧٢٢»); a Kurdish month with a 13xx/14xx year is Solar Hijri."""
    try:
        if kurdish:
            if 2600 <= year <= 2799:
                return kurdish_to_gregorian(year, month, day)
            if 1279 <= year <= 1478:
                return kurdish_to_gregorian(year + 1321, month, day)
            return None
        if 1000 <= year <= 2199:
            return datetime.date(year, month, day)
        if 2600 <= year <= 2799:  # a numeric date written with the Kurdish year
            return kurdish_to_gregorian(year, month, day)
    except ValueError:
        return None
    return None


def _kurdish_month_value(kurdish_year: int, month: int) -> datetime.date | None:
    middle = _gregorian_or_kurdish(kurdish_year, month, 15, kurdish=True)
    return middle.replace(day=1) if middle else None


_NUMBER_BEFORE = re.compile(rf"[0-9]{_SEPARATOR}$")
_NUMBER_AFTER = re.compile(rf"{_MARK_SEPARATOR}[0-9]")
_SUFFIXES = re.compile(_SUFFIX + "{0,3}")
_WHITESPACE = re.compile(_WS)


def _preceded_by_number(folded: str, start: int) -> bool:
    """«١٢ - ٥ - ١٠ - ٢٠٢١» is not a date: look left past one separator for another digit."""
    return _NUMBER_BEFORE.search(folded, max(0, start - 8), start) is not None


def _followed_by_number(folded: str, end: int) -> bool:
    return _NUMBER_AFTER.match(folded, end, end + 8) is not None


def _numeric_candidates(folded: str, starts: _Starts) -> list[_Candidate]:
    found: list[_Candidate] = []
    for pattern, at in ((_NUMERIC_DMY, starts.day_numbers), (_NUMERIC_YMD, starts.years)):
        for match in _matches(pattern, folded, at):
            if _preceded_by_number(folded, match.start()) or _followed_by_number(folded, match.end()):
                continue
            day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
            value = _gregorian_or_kurdish(year, month, day, kurdish=False)
            if value is None:
                continue
            swappable = pattern is _NUMERIC_DMY and day <= 12 and day != month
            found.append(_Candidate(match.start(), match.end(), value, "day", swappable=swappable))
    return found


def _occurrence(
    published: datetime.date,
    make: Callable[[int], datetime.date | None],
    compare_key: Callable[[datetime.date], object],
    now: object,
    *,
    direction: str,
) -> datetime.date | None:
    """The year-less date nearest publication: direction "past" (≤), "future" (≥), "before" (<), "after" (>),
    or "nearest" (either side; a tie goes to the past)."""
    options = [value for offset in (-1, 0, 1) if (value := make(published.year + offset)) is not None]
    if direction == "nearest":
        return min(options, key=lambda v: (abs((v - published).days), v > published), default=None)
    if direction == "past":
        chosen = [v for v in options if compare_key(v) <= now]  # type: ignore[operator]
        return max(chosen) if chosen else None
    if direction == "before":
        chosen = [v for v in options if compare_key(v) < now]  # type: ignore[operator]
        return max(chosen) if chosen else None
    if direction == "after":
        chosen = [v for v in options if compare_key(v) > now]  # type: ignore[operator]
        return min(chosen) if chosen else None
    chosen = [v for v in options if compare_key(v) >= now]  # type: ignore[operator]
    return min(chosen) if chosen else None


def _month_resolver(match: re.Match[str], month: int, day: int | None, *, kurdish: bool) -> Resolver:
    precision: Precision = "day" if day else "month"

    def make(gregorian_year: int) -> datetime.date | None:
        if kurdish:
            kurdish_year = gregorian_year + 700 + (1 if month >= 10 else 0)
            if day:
                return _gregorian_or_kurdish(kurdish_year, month, day, kurdish=True)
            return _kurdish_month_value(kurdish_year, month)
        return _safe_date(gregorian_year, month, day or 1)

    def resolve(published: datetime.date, tense: Tense) -> tuple[datetime.date, Precision] | None:
        if match["same_year"]:
            return None  # the year of a story's earlier event, not of publication
        if match["this_year"] or match["year_past"] or match["year_next"]:
            shift = 0 if match["this_year"] else (-1 if match["year_past"] else 1)
            value = make(published.year + shift)
        else:
            now: object
            if precision == "day":
                key: Callable[[datetime.date], object] = lambda value: value  # noqa: E731
                now = published
            elif kurdish:
                # a Kurdish month's value is the 1st of the Gregorian month holding its 15th: +14 days is inside it
                key = lambda value: gregorian_to_kurdish(value + datetime.timedelta(days=14))[:2]  # noqa: E731
                now = gregorian_to_kurdish(published)[:2]
            else:
                key = lambda value: (value.year, value.month)  # noqa: E731
                now = (published.year, published.month)
            if match["past"]:
                direction = "before"
            elif match["next"]:
                direction = "after"
            else:
                direction = tense or "nearest"
            value = _occurrence(published, make, key, now, direction=direction)
        return (value, precision) if value else None

    return resolve


def _month_candidate(match: re.Match[str], month: int, *, kurdish: bool) -> _Candidate | None:
    day = int(match["day"]) if match["day"] else None
    if match["day_word"]:
        day = _lookup(_DAY_WORD_KEYS, match["day_word"])
    if match["year"]:
        year = int(match["year"])
        era = _era(match)
        if era == "lunar":  # an Islamic (lunar Hijri) year: not converted, but never misread as Gregorian
            return _Candidate(match.start(), match.end(), None, "year")
        if not kurdish and (era in ("kurdish", "solar") or 2600 <= year <= 2799):
            return (
                None  # a Kurdish / Solar Hijri year with a Syriac or Western month is no date anyone writes
            )
        if day:
            value = _gregorian_or_kurdish(year, month, day, kurdish=kurdish)
            return _Candidate(match.start(), match.end(), value, "day") if value else None
        if kurdish:
            value = _kurdish_month_value(year if year > 2000 else year + 1321, month)
        else:
            value = _gregorian_or_kurdish(year, month, 1, kurdish=False)
        return _Candidate(match.start(), match.end(), value, "month") if value else None
    if day and day > 31:
        return None
    resolver = _month_resolver(match, month, day, kurdish=kurdish)
    month_day = (month, day) if day and not kurdish and not _has_qualifier(match) else None
    return _Candidate(
        match.start(), match.end(), None, "day" if day else "month", resolve=resolver, month_day=month_day
    )


def _has_qualifier(match: re.Match[str]) -> bool:
    return any(match[name] for name in ("this_year", "year_past", "year_next", "same_year", "past", "next"))


def _named_month_candidates(folded: str, starts: _Starts) -> list[_Candidate]:
    found: list[_Candidate] = []
    month_starts = starts.day_numbers + starts.month_words + starts.day_words
    for match in _matches(_NAMED_MONTH, folded, month_starts):
        name = match["month_name"]
        has_context = match["day"] or match["day_word"] or match["cue"] or match["year"]
        if _key(name) in _AMBIGUOUS_MONTH_KEYS and not has_context:
            continue
        kurdish = _key(name) in _KURDISH_MONTH_KEYS
        candidate = _month_candidate(match, _lookup(_MONTH_KEYS, name), kurdish=kurdish)
        if candidate:
            found.append(candidate)
    for match in _matches(_NUMBERED_MONTH, folded, month_starts):
        number = match["month_number"]
        month = int(number) if number.isdigit() else _lookup(_MONTH_NUMBER_KEYS, number)
        if 1 <= month <= 12 and (candidate := _month_candidate(match, month, kurdish=False)):
            found.append(candidate)
    return found


def _day_of_relative_month_candidates(folded: str, starts: _Starts) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _matches(_DAY_OF_RELATIVE_MONTH, folded, starts.day_numbers + starts.day_words):
        day = int(match["day"]) if match["day"] else _lookup(_DAY_WORD_KEYS, match["day_word"])
        shift = -1 if match["past"] else (1 if match["next"] else 0)
        if not 1 <= day <= 31:
            continue

        def resolve(
            published: datetime.date, tense: Tense, day: int = day, shift: int = shift
        ) -> tuple[datetime.date, Precision] | None:
            month = _add_months(published, shift)
            value = _safe_date(month.year, month.month, day)
            return (value, "day") if value else None

        found.append(_Candidate(match.start(), match.end(), None, "day", resolve=resolve))
    return found


def _duration_candidates(folded: str, starts: _Starts) -> list[_Candidate]:
    """«١٢ ساڵی ڕابردوو» (the past twelve years) is a period, not last year: it has no value but wins the span."""
    return [
        _Candidate(match.start(), match.end(), None, "year")
        for match in _matches(_DURATION, folded, starts.day_numbers + starts.day_words)
    ]


_ERA_KEYS = {_key(word): era for word, era in words.ERAS.items()}


def _era(match: re.Match[str]) -> str | None:
    """ "kurdish", "solar", "lunar" or "gregorian" from the era word after a year, if any."""
    if not match["era"]:
        return None
    return _ERA_KEYS.get(_key(_EZAFE_START.sub("", match["era"])))


def _year_candidates(folded: str, starts: _Starts) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _matches(_YEAR_EXPRESSION, folded, starts.years + starts.other_words):
        year = int(match["year"])
        era = _era(match)
        if not (match["cue"] or era):
            continue
        if era == "lunar":
            found.append(_Candidate(match.start(), match.end(), None, "year"))  # not converted, not misread
            continue
        if era == "kurdish" or (era is None and 2600 <= year <= 2799):
            year -= 700  # most of Kurdish year K (from Newroz) lies in Gregorian year K - 700
        elif era == "solar":
            year += 621  # most of Solar Hijri year P lies in Gregorian year P + 621
        if 1000 <= year <= 2199:
            found.append(_Candidate(match.start(), match.end(), datetime.date(year, 1, 1), "year"))
    return found


def _weekday_resolver(weekday: int, day_offset: int | None, direction: str | None) -> Resolver:
    def resolve(published: datetime.date, tense: Tense) -> tuple[datetime.date, Precision]:
        if day_offset is not None:
            return published + datetime.timedelta(days=day_offset), "day"
        ahead = (weekday - published.weekday()) % 7
        if direction == "past" or (direction is None and tense != "future" and ahead):
            return published - datetime.timedelta(days=(7 - ahead) or 7), "day"
        if direction == "next" or ahead:
            return published + datetime.timedelta(days=ahead or 7), "day"
        return published, "day"

    return resolve


def _relative_resolver(unit: str, offset: int) -> Resolver:
    def resolve(published: datetime.date, tense: Tense) -> tuple[datetime.date, Precision]:
        if unit == "day":
            return published + datetime.timedelta(days=offset), "day"
        if unit == "week":
            return published + datetime.timedelta(days=7 * offset), "day"
        if unit == "month":
            return _add_months(published, offset), "month"
        return datetime.date(published.year + offset, 1, 1), "year"

    return resolve


def _relative_candidates(folded: str, starts: _Starts) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in _matches(_WEEKDAY, folded, starts.other_words):
        weekday = _lookup(_WEEKDAY_KEYS, match["weekday"])
        day_offset = _lookup(_RELATIVE_DAY_OFFSETS, match["relative_day"]) if match["relative_day"] else None
        direction = "past" if match["past"] else ("next" if match["next"] else None)
        resolver = _weekday_resolver(weekday, day_offset, direction)
        found.append(
            _Candidate(
                match.start(), match.end(), None, "day", resolver, weekday=weekday, day_offset=day_offset
            )
        )
    for match in _matches(_RELATIVE, folded, starts.other_words + starts.month_words):
        word = match["relative"]
        if _key(word) == _LAST_YEAR_KEY and folded[match.end() : match.end() + 1] in ("ە", "ی"):
            continue  # پارە is money, not "last year"
        unit, offset = _RELATIVE_KEYS[_key(word)]
        day_offset = offset if unit == "day" else None
        found.append(
            _Candidate(
                match.start(),
                match.end(),
                None,
                "day" if unit in ("day", "week") else unit,  # type: ignore[arg-type]
                _relative_resolver(unit, offset),
                day_offset=day_offset,
            )
        )
    return found


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping, longest match wins, then sorted by start."""
    starts: list[int] = []  # kept spans, sorted; being disjoint, their ends are sorted too
    ends: list[int] = []
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        index = bisect.bisect_right(starts, candidate.start)
        if index and ends[index - 1] > candidate.start:
            continue  # overlaps the kept span starting at or before it
        if index < len(starts) and starts[index] < candidate.end:
            continue  # overlaps the next kept span
        starts.insert(index, candidate.start)
        ends.insert(index, candidate.end)
        kept.insert(index, candidate)
    return kept


_APPOSITION_GAP = re.compile(rf"(?:{_SPACE}|[\u200c،,:\-–])*(?:{_word_pattern('رۆژی')}{_WS})?")


@dataclass(frozen=True, slots=True)
class _Phrase:
    """An expression with the weekday / relative word in apposition before it («ئەمڕۆ دووشەممە …»)."""

    head: _Candidate
    prefix: _Candidate | None
    weekday_agrees: bool | None


# extract() asks for the publication date and then the dates of the same text: analyse it once.
@functools.lru_cache(maxsize=4)
def _phrases(folded: str) -> tuple[_Phrase, ...]:
    starts = _starts(folded)
    candidates = _longest_first(
        _numeric_candidates(folded, starts)
        + _duration_candidates(folded, starts)
        + _named_month_candidates(folded, starts)
        + _day_of_relative_month_candidates(folded, starts)
        + _year_candidates(folded, starts)
        + _relative_candidates(folded, starts)
    )
    phrases: list[_Phrase] = []
    for candidate in candidates:
        previous = phrases[-1] if phrases else None
        is_prefix = (
            previous is not None
            and previous.prefix is None
            and previous.head.resolve is not None
            and (previous.head.weekday is not None or previous.head.day_offset is not None)
            and candidate.precision == "day"
            and (candidate.weekday is None and candidate.day_offset is None)
            and _APPOSITION_GAP.fullmatch(folded, previous.head.end, candidate.start) is not None
        )
        if not is_prefix or previous is None:
            phrases.append(_Phrase(candidate, None, None))
            continue
        prefix = previous.head
        head, agrees = candidate, None
        if candidate.value is not None and prefix.weekday is not None:
            agrees = candidate.value.weekday() == prefix.weekday
            if not agrees and candidate.swappable:
                swapped = _safe_date(candidate.value.year, candidate.value.day, candidate.value.month)
                if swapped and swapped.weekday() == prefix.weekday:
                    head, agrees = _Candidate(candidate.start, candidate.end, swapped, "day"), True
        phrases[-1] = _Phrase(head, prefix, agrees)
    return tuple(phrases)


_SENTENCE_END = re.compile(r"[.!?؟\n]")
_FUTURE_CUES = re.compile(
    rf"(?<!{_LETTER})(?:{_alternation(('بڕیارە', 'داهاتوو', 'ئایندە'))}|دە{_LETTER}+(?:ێت|ات|ێن|ەن|ین))(?!{_LETTER})"
)
# «بڕیارە …» (it is planned that …), «ڕەنگە …» (perhaps …) earlier in the sentence
_FUTURE_BEFORE = re.compile(
    rf"(?<!{_LETTER}){_alternation(('بڕیارە', 'ڕەنگە', 'پێشبینی دەکرێت'))}(?!{_LETTER})"
)
_PAST_CUES = re.compile(
    rf"(?<!{_LETTER})(?:{_LETTER}*(?:کرد|کرا|درا|بوو|بوون|گەیاند|ووتی|گوتی|وتی|یکرد|هات)|ڕابردوو|رابردوو)(?!{_LETTER})"
)


def _tense(folded: str, start: int, end: int) -> Tense:
    """Is the sentence around a date about the future or the past? بڕیارە before it, or the first verb cue after."""
    before = folded[max(0, start - 120) : start]
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    if _FUTURE_BEFORE.search(before, sentence_start):
        return "future"
    after = folded[end : end + 160]
    stop = _SENTENCE_END.search(after)
    after = after[: stop.start()] if stop else after
    future = _FUTURE_CUES.search(after)
    past = _PAST_CUES.search(after)
    if future is not None and (past is None or future.start() < past.start()):
        return "future"
    return "past" if past is not None else None


def extract_dates(text: str, published: datetime.date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, sorted by start and non-overlapping.

    >>> [(m.surface, m.value.isoformat()) for m in extract_dates("لە ساڵی ٢٠٠٣ و لە ١٥ی ئازاری ٢٠٢٤")]
    [('ساڵی ٢٠٠٣', '2003-01-01'), ('١٥ی ئازاری ٢٠٢٤', '2024-03-15')]
    """
    if not isinstance(text, str) or not text:
        return []
    if isinstance(published, datetime.datetime):
        published = published.date()  # a datetime does not compare with the dates computed here
    folded = _fold_text(text)
    mentions: list[DateMention] = []
    for phrase in _phrases(folded):
        head = phrase.head
        if head.value is not None:
            value, precision, relative = head.value, head.precision, False
        elif head.resolve is not None and published is not None:
            try:
                reference = published
                if phrase.prefix is not None and phrase.prefix.day_offset is not None:
                    reference = published + datetime.timedelta(days=phrase.prefix.day_offset)
                resolved = head.resolve(reference, _tense(folded, head.start, head.end))
            except (ValueError, OverflowError):
                # Beyond what a date can hold around this publication date (year 1 or 9999, «پار»,
                # «سبەی»), or outside the Kurdish calendar's years (561–3798): not resolved.
                resolved = None
            if resolved is None:
                continue
            (value, precision), relative = resolved, True
        else:
            continue
        mentions.append(
            DateMention(head.start, head.end, text[head.start : head.end], value, precision, relative)
        )
    return mentions


def date_entity_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of date phrases as NER annotates them (AgaCKNER): cue words and apposition included.

    ``date_entity_spans("رۆژی یەکشەممە ٠٧ - ١١ - ٢٠٢١")`` covers the whole text. Relative expressions are
    included whether or not a publication date is known.
    """
    if not isinstance(text, str) or not text:
        return []
    folded = _fold_text(text)
    spans: list[tuple[int, int]] = []
    for phrase in _phrases(folded):
        parts = [phrase.head]
        if phrase.prefix is not None:
            parts.insert(0, phrase.prefix)
        for part in parts:
            start, end = part.start, part.end
            suffix = _SUFFIXES.match(folded, end, end + 12)
            end = suffix.end() if suffix else end
            cue = _CUE_BEFORE.search(folded, max(0, start - 20), start)
            if cue:
                start = cue.start()
            # AgaCKNER joins «رۆژی هەینی ٣١ی ئایاری ٢٠٢٤» into one span but splits at a comma
            if spans and _WHITESPACE.fullmatch(folded, spans[-1][1], start):
                start = spans.pop()[0]
            spans.append((start, end))
    return spans


def _plausible(value: datetime.date, today: datetime.date) -> bool:
    return datetime.date(1900, 1, 1) <= value <= today


def _year_from_weekday(
    month: int, day: int, weekday: int, today: datetime.date, earliest_year: int
) -> datetime.date | None:
    """«ئەمڕۆ یەکشەممە ٤ی ئاب»: the latest 4 August on a Sunday, not after today nor before ``earliest_year``."""
    for year in range(today.year, earliest_year - 1, -1):
        value = _safe_date(year, month, day)
        if value is not None and value <= today and value.weekday() == weekday:
            return value
    return None


def _publication_evidence(
    phrase: _Phrase, today: datetime.date, earliest_year: int
) -> tuple[int, datetime.date] | None:
    """(strength, value) of one phrase as evidence of the publication date, or None if it is none."""
    head, prefix = phrase.head, phrase.prefix
    says_today = prefix is not None and prefix.day_offset == 0
    if head.value is not None and head.precision == "day":
        if not _plausible(head.value, today):
            return None
        if not says_today:
            return 0, head.value
        return (1 if phrase.weekday_agrees is False else (3 if phrase.weekday_agrees else 2)), head.value
    if says_today and prefix is not None and prefix.weekday is not None and head.month_day is not None:
        value = _year_from_weekday(*head.month_day, prefix.weekday, today, earliest_year)
        return (2, value) if value is not None else None
    return None


def infer_published(text: str, *, today: datetime.date | None = None) -> InferredDate | None:
    """The publication date a text states, or None ("unknown" is an honest answer).

    Strongest: «ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١» (today, Monday, and an absolute date the weekday agrees
    with); then today + an absolute date; then «ئەمڕۆ یەکشەممە ٤ی ئاب» (the latest year, not before any
    absolute date in the text, whose 4 August was a Sunday); otherwise the latest absolute day-precision
    date that is not after ``today`` (default: the real today).
    """
    if not isinstance(text, str) or not text:
        return None
    today = today or datetime.date.today()
    phrases = _phrases(_fold_text(text))
    absolute_years = [p.head.value.year for p in phrases if p.head.value and _plausible(p.head.value, today)]
    earliest_year = max(absolute_years, default=today.year - 11)
    best: tuple[int, datetime.date, int, int] | None = None  # (strength, value, start, end)
    for phrase in phrases:
        evidence = _publication_evidence(phrase, today, earliest_year)
        if evidence is None:
            continue
        start = phrase.prefix.start if phrase.prefix is not None and evidence[0] else phrase.head.start
        option = (*evidence, start, phrase.head.end)
        if best is None or option[:2] > best[:2]:
            best = option
    if best is None:
        return None
    _, value, start, end = best
    return InferredDate(value, "day", text[start:end], start, end)
