"""How dates and numbers are shown to readers: Kurdish month names and Eastern Arabic digits by default."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from archive.text.normalize import ascii_digits

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


def format_date(
    value: datetime.date | None, precision: str = "day", *, language: str = "ckb", latin_digits=False
) -> str:
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


def latin_digits(value: object) -> str:
    """`latin_digits("٢٠٢١") == "2021"` (both Arabic-Indic digit sets)."""
    return ascii_digits(str(value))


def format_number(value: int, *, language: str = "ckb", latin_digits: bool = False) -> str:
    """A count as a reader writes it: `format_number(12500) == "١٢٬٥٠٠"`; `"12,500"` in English or Latin digits."""
    grouped = f"{value:,}"
    if language != "ckb" or latin_digits:
        return grouped
    # U+066C ARABIC THOUSANDS SEPARATOR: a comma would read as «،» next to Eastern digits.
    return eastern_digits(grouped.replace(",", "\u066c"))


def month_name(month: int, *, language: str = "ckb") -> str:
    """`month_name(11) == "تشرینی دووەم"`; English names otherwise."""
    return (KURDISH_MONTHS if language == "ckb" else ENGLISH_MONTHS)[month - 1]


@dataclass(frozen=True)
class LinkSpan:
    """A stretch of a text to wrap in a link: an entity or date mention (offsets into the text)."""

    start: int
    end: int
    href: str
    css_class: str
    title: str = ""


def _non_overlapping(links: Iterable[LinkSpan], length: int) -> list[LinkSpan]:
    """Outer spans win: «وەزارەتی دەرەوەی ئەمریکا» (org) keeps its link, the place inside it does not."""
    kept: list[LinkSpan] = []
    reach = 0
    for link in sorted(links, key=lambda s: (s.start, -s.end)):
        if link.start < reach or not (0 <= link.start < link.end <= length):
            continue
        kept.append(link)
        reach = link.end
    return kept


def _text_html(piece: str) -> str:
    """Escape, and keep the text's line breaks visible (blank line = new paragraph)."""
    html = escape(piece)
    html = _PARAGRAPH_BREAK.sub("</p><p>", html)
    return html.replace("\n", "<br>")


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def linked_text_html(text: str, links: Iterable[LinkSpan] = (), marks: Iterable[tuple[int, int]] = ()) -> str:
    """The whole text as paragraphs of escaped HTML, mentions wrapped in links and query matches in <mark>.

    Everything except the tags written here is escaped. Links never overlap (the outer one wins) and never
    cross a line break; a mark crossing a link's edge is split into two marks so the tags stay nested.

    linked_text_html("سەدر گوتی", [LinkSpan(0, 4, "/e/1/", "person")], [(5, 9)])
    == '<p><a href="/e/1/" class="person">سەدر</a> <mark>گوتی</mark></p>'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    usable = [link for link in links if "\n" not in text[link.start : link.end]]
    kept = _non_overlapping(usable, len(text))
    mark_spans = sorted((s, e) for s, e in marks if 0 <= s < e <= len(text))
    cuts = {0, len(text)}
    for link in kept:
        cuts.update((link.start, link.end))
    for start, end in mark_spans:
        cuts.update((start, end))
    points = sorted(cuts)
    opening = {link.start: link for link in kept}
    parts: list[str] = []
    open_until: int | None = None  # the end of the link being written, if any
    mark_index = 0
    for left, right in itertools.pairwise(points):
        if open_until == left:
            parts.append("</a>")
            open_until = None
        link = opening.get(left)
        if link is not None:
            title = f' title="{escape(link.title)}"' if link.title else ""
            parts.append(f'<a href="{escape(link.href)}" class="{escape(link.css_class)}"{title}>')
            open_until = link.end
        while mark_index < len(mark_spans) and mark_spans[mark_index][1] <= left:
            mark_index += 1
        marked = mark_index < len(mark_spans) and mark_spans[mark_index][0] <= left
        piece = _text_html(text[left:right])
        parts.append(f"<mark>{piece}</mark>" if marked else piece)
    if open_until is not None:
        parts.append("</a>")
    return "<p>" + "".join(parts) + "</p>"
