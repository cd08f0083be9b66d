"""Snippets: the best passage of an article for a query, with whole Kurdish words marked (pure Python).

Spans come from archive.text.highlight, so inflected and attached forms (هێرشەکەی, لەبەغدا) are marked
exactly as the reader sees them; the HTML is escaped here, never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from archive.text import highlight, normalize
from archive.text.loose import REMOVED_CHARACTER_RE, holds_not_loose, loose
from archive.text.normalize import fold_term

WINDOW_CHARS = 240
# Highlighting re-analyses text, so snippets first look for the terms as plain substrings (a stem is the
# start of its inflected and attached forms) and analyse only a window around the first one. Normalising
# can shift offsets a little, hence the margin.
SCAN_LIMIT = 60_000
PROBE_MARGIN = 200
PROBE_WINDOW = 2 * WINDOW_CHARS


def _loose_find(head: str, query_terms: frozenset[str]) -> int | None:
    """Offset in `head` of the first place a term stands in its loose form (what normalising removes
    taken out), or None."""
    terms = [loose(term) for term in query_terms if term]
    kept = REMOVED_CHARACTER_RE.sub("", head)
    # only the letters of the terms need their loose class: no other letter can be part of a match
    loose_head = loose(kept, frozenset("".join(terms)))
    found = [index for term in terms if (index := loose_head.find(term)) != -1]
    if not found:
        return None
    index, shift = min(found), 0
    if len(kept) != len(head):  # back to an offset of `head`: past every removed character before it
        for removed in REMOVED_CHARACTER_RE.finditer(head):
            start, end = removed.span()
            if start - shift > index:
                break
            shift += end - start
    return index + shift


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str  # the passage, plain
    start: int  # offset of the passage in the original text
    marks: tuple[tuple[int, int], ...]  # spans relative to `text`
    clipped_start: bool
    clipped_end: bool

    def html(self) -> str:
        parts, cursor = [], 0
        for start, end in self.marks:
            parts.append(escape(self.text[cursor:start]))
            parts.append(f"<mark>{escape(self.text[start:end])}</mark>")
            cursor = end
        parts.append(escape(self.text[cursor:]))
        return ("… " if self.clipped_start else "") + "".join(parts) + (" …" if self.clipped_end else "")


def _best_window(spans: list[tuple[int, int]], length: int, window: int) -> int:
    """Start of the window holding the most distinct marks (ties: earliest)."""
    best_start, best_count, right = 0, 0, 0
    for left, (start, _) in enumerate(spans):
        right = max(right, left)
        while right + 1 < len(spans) and spans[right + 1][1] - start <= window:
            right += 1
        count = right - left + 1
        if count > best_count:
            best_start, best_count = start, count
    # Centre the marks a little: start some words before the first mark.
    return max(0, min(best_start - window // 4, max(0, length - window)))


def _snap(text: str, index: int, forward: bool) -> int:
    """Move `index` to a word boundary so no word is cut in half."""
    if index <= 0 or index >= len(text):
        return max(0, min(index, len(text)))
    step = 1 if forward else -1
    while 0 < index < len(text) and not text[index - 1].isspace():
        index += step
    return index


def _first_spans(text: str, query_terms: frozenset[str]) -> list[tuple[int, int]]:
    """Match spans near the first place a term occurs, or [] when the text has none (a title-only match).

    A term is found as a substring of the text as written or, failing that, of its loose form (Arabic
    letters, Eastern digits, marks, capitals merged) and, only where that cannot decide, of its normalised
    and folded form; only a window around the first such place is analysed, so a page of long articles
    costs the same as a page of short ones.
    """
    head = text[:SCAN_LIMIT]
    found = [index for term in query_terms if term and (index := head.find(term)) != -1]
    if found:
        return _spans_near(text, min(found), query_terms)
    # Spelt otherwise (ك for ک, Eastern digits, ZWNJ): found in the text's loose form (_loose_find). If
    # nothing is marked there (the loose spelling met another word), normalising decides, as it does for
    # text with marks or format characters; otherwise text without a loose match has no match at all.
    index = _loose_find(head, query_terms)
    if index is not None and (spans := _spans_near(text, index, query_terms)):
        return spans
    if index is None and not holds_not_loose(head):
        return []
    probe = fold_term(normalize(head)).casefold()
    found = [index for term in query_terms if term and (index := probe.find(term)) != -1]
    if not found:
        return []
    return _spans_near(text, min(found), query_terms)


def _spans_near(text: str, index: int, query_terms: frozenset[str]) -> list[tuple[int, int]]:
    """Match spans in the window of `text` around `index` (a margin before it, for shifted offsets)."""
    start = text.rfind(" ", 0, max(0, index - PROBE_MARGIN)) + 1
    end = min(len(text), start + PROBE_WINDOW + PROBE_MARGIN)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return sorted((start + a, start + b) for a, b in highlight(text[start:end], query_terms))


def make_snippet(text: str, query_terms: Iterable[str], window: int = WINDOW_CHARS) -> Snippet:
    """The passage of `text` with the most query matches (or its opening when nothing matches)."""
    spans = _first_spans(text, frozenset(query_terms)) if text else []
    start = _best_window(spans, len(text), window) if spans else 0
    start = _snap(text, start, forward=False)
    end = _snap(text, min(len(text), start + window), forward=True)
    passage = text[start:end]
    marks = tuple((s - start, e - start) for s, e in spans if s >= start and e <= end)
    stripped = passage.lstrip()
    lead = len(passage) - len(stripped)
    passage = stripped.rstrip()
    marks = tuple((s - lead, e - lead) for s, e in marks)
    return Snippet(passage, start + lead, marks, clipped_start=start > 0, clipped_end=end < len(text))


def mark_text(text: str, query_terms: Iterable[str]) -> str:
    """The whole text as escaped HTML with every match marked (article page from a search)."""
    return Snippet(text, 0, tuple(sorted(highlight(text, query_terms))), False, False).html()
