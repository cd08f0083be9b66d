"""A title for text that has none: the first line if it is a headline, else the first sentence."""

from __future__ import annotations

import regex

TITLE_MAX_CHARS = 120
ELLIPSIS = "…"

# A sentence ends at one «.», or at ؟ ! (Sorani uses «.» and «؟»), followed by a space or the end.
# Not at "2.5", nor at a one-letter abbreviation («د. بەرهەم»), nor at ".." / "..." / "…", which
# news posts use as a separator after a place or label: «سلێمانی.. کۆبوونەوەی ...».
_SENTENCE_END = regex.compile(r"(?<!(?:^|\s)\p{L})(?:(?<!\.)\.(?!\.)|[؟?!]+)(?=\s|$)")
_CLAUSE_END = regex.compile(r"[،,؛;](?=\s|$)")
_TRAILING_PUNCT = ".:،,؛;-–— "


def infer_title(body: str, max_chars: int = TITLE_MAX_CHARS) -> str:
    """The title an editor would pick for a text without one: the first line's first sentence.

    A first line of a single word (a dateline) is passed over when more text follows.

    >>> infer_title("ئاگرێکی گەورە لە بەندەری بەیرووت کەوتووەتەوە")
    'ئاگرێکی گەورە لە بەندەری بەیرووت کەوتووەتەوە'
    >>> infer_title("کۆبوونەوەکە دواخرا. هۆکارەکەی ڕوون نەکرایەوە.")
    'کۆبوونەوەکە دواخرا'

    A long first sentence is cut at the last «،» that keeps at least half of ``max_chars``,
    else at a word boundary with "…".
    """
    lines = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
    # A lone word on the first line is a dateline or label («دهۆک», «ڤیدیۆ»), not a headline.
    at = next((number for number, line in enumerate(lines) if len(line.split()) > 1), 0)
    headline = lines[at] if lines else ""
    if headline.endswith(":") and at + 1 < len(lines):
        # «سەرۆک بارزانی:» on its own line introduces the quote below it; the two make the headline.
        headline = f"{headline} {lines[at + 1]}"
    sentence = _first_sentence(headline)
    if len(sentence) <= max_chars:
        return _tidy(sentence)
    clause = _longest_clause_prefix(sentence, max_chars)
    if clause:
        return _tidy(clause)
    return _cut_at_word(sentence, max_chars)


def _first_sentence(line: str) -> str:
    match = _SENTENCE_END.search(line)
    if match is None:
        return line
    ending = match.group()
    # Keep a question or exclamation mark: «ئایا ...؟» is a real headline; drop a full stop.
    return line[: match.start()] + ("" if ending.startswith(".") else ending[0])


def _longest_clause_prefix(sentence: str, max_chars: int) -> str:
    best = ""
    for match in _CLAUSE_END.finditer(sentence):
        if match.start() > max_chars:
            break
        best = sentence[: match.start()]
    # A fragment shorter than half a title says too little of the story; cut the sentence instead.
    return best if len(best) >= max_chars // 2 else ""


def _cut_at_word(text: str, max_chars: int) -> str:
    room = max_chars - len(ELLIPSIS)
    cut = text[: room + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > room // 2 else text[:room]
    return cut.rstrip(_TRAILING_PUNCT) + ELLIPSIS


def _tidy(title: str) -> str:
    return title.strip().rstrip(_TRAILING_PUNCT).strip()
