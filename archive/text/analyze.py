"""From raw text to tokens with offsets into the untouched original, and their index terms.

``[t.terms for t in analyze("لەبەغدا هێرشەکەی")] == [("بەغدا",), ("هێرش",)]``; each token's
``text[start:end] == surface``; stopwords come out with empty ``terms``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from archive.text import lexicon
from archive.text.normalize import fold_term, normalize
from archive.text.proclitics import split_proclitic
from archive.text.stem import guess_terms, stem
from archive.text.stopwords import STOPWORDS
from archive.text.verbs import verb_terms

# A word: letters, marks and digits, with invisible format characters (ZWNJ, RLM, soft hyphen) allowed
# *inside* it so they never split a word.
TOKEN_RE = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:\p{Cf}+[\p{L}\p{M}\p{Nd}]+)*")
_RUNS_RE = regex.compile(r"\d+|[^\d]+")
_ARABIC_ONLY_RE = regex.compile("[كيىةظضذثصطأإؤ]")
_KURDISH_ONLY_RE = regex.compile("[ەێۆڵڕڤچپژگ]")
# Letters or an article only Arabic spelling has; Kurdish typed on an Arabic keyboard has ي ى ك too.
_STRONG_ARABIC_RE = regex.compile("[ظضذثصطة]|^ال")
_ARABIC_SCRIPT_RE = regex.compile(r"\p{Arabic}")
# Suffixes that can follow a number and carry no meaning of their own: ٢٠٢١ی، ٣یەم، ١٠ەمین، ٢٠١٩دا.
_NUMBER_SUFFIXES = frozenset(
    "ی یەم ەم ەمین یەمین مین هەم هەمین دا ەوە وە دە ەکە ەکان کان یش ش یی ە یە ان".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the input: ``text[start:end] == surface``; ``terms`` empty for a stopword, else the
    main term first and alternative readings after it, all at ``position``."""

    start: int
    end: int
    surface: str
    terms: tuple[str, ...]
    position: int


def _looks_arabic(surface: str) -> bool:
    """Arabic spelling (الكاظمي) rather than Kurdish: Arabic-only letters and no Kurdish-only ones."""
    return bool(_ARABIC_ONLY_RE.search(surface)) and not _KURDISH_ONLY_RE.search(surface)


_STOPWORD_SUFFIXES = ("دا", "ەوە", "وە", "ش", "یش", "ی")


def _inflected_stopword(word: str) -> bool:
    """A function word with a postposition, -ش or ezafe is still one: خۆیدا، ئەوەش، ئەوانەی."""
    return any(
        word.endswith(suffix) and word[: -len(suffix)] in STOPWORDS and len(word) > len(suffix) + 1
        for suffix in _STOPWORD_SUFFIXES
    )


def _word_terms(word: str, arabic: bool) -> tuple[str, ...]:
    if not _ARABIC_SCRIPT_RE.search(word):
        return (word.casefold(),)
    word = fold_term(word)
    # Kurdish never starts a word with a bare ا, so a leading ال is the Arabic article.
    if word.startswith("ال") and len(word) >= 5:
        word = word[2:]
        if word.startswith("ر"):
            word = "ڕ" + word[1:]
    if word in STOPWORDS or _inflected_stopword(word):
        return ()
    # a compound verb that starts like a preposition stays whole: لەناوبرا (was destroyed) is no لە + برا
    verb = verb_terms(word)
    if verb is not None:
        return verb
    split = None if arabic else split_proclitic(word)
    if split is not None:
        word = split[1]
        if word in STOPWORDS:
            return ()
    main = stem(word)
    verb = verb_terms(word) or verb_terms(main)
    if verb is not None:
        return verb
    # a word never seen bare may still be seen with its ezafe (گەڕانەوەی): then it is no unseen name
    if main == word and not lexicon.is_known(word) and lexicon.support(word) == 0:
        return guess_terms(word)
    return (main,)


@lru_cache(maxsize=300_000)
def word_terms(surface: str) -> tuple[str, ...]:
    """Index terms of one token's surface (cached: news vocabulary repeats).

    >>> word_terms("٢٠٢١ی")
    ('2021',)
    """
    normal = normalize(surface)
    arabic = _looks_arabic(surface)
    if arabic and surface.endswith("ى") and _STRONG_ARABIC_RE.search(surface):
        # in Arabic spelling a final ى is the vowel ا: مصطفى → مستفا (Kurdish مستەفا: the short ە that
        # Arabic leaves unwritten cannot be restored by rule)
        normal = normal[:-1] + "ا"
    if not arabic:
        stored = lexicon.stored_terms(fold_term(normal))
        if stored is not None:
            return stored
    runs = _RUNS_RE.findall(normal)
    if len(runs) == 1:
        return _word_terms(normal, arabic) if not normal[0].isdigit() else (normal,)
    out: list[str] = []
    after_number = False
    for run in runs:
        if run[0].isdigit():
            out.append(run)
            after_number = True
            continue
        if after_number and run in _NUMBER_SUFFIXES:
            continue
        out.extend(_word_terms(run, arabic))
        after_number = False
    return tuple(out)


def analyze(text: str) -> Iterator[Token]:
    """Tokens of raw ``text`` with original offsets; a stopword shares the position of the next word,
    so «لە بەغدا» and «لەبەغدا» put بەغدا at the same place relative to their neighbours."""
    position = 0
    for match in TOKEN_RE.finditer(text):
        surface = match.group()
        found = word_terms(surface)
        yield Token(match.start(), match.end(), surface, found, position)
        if found:
            position += 1


def terms(text: str) -> list[str]:
    """All index terms of ``text`` in order: ``terms("لە هێرشەکەدا") == ["هێرش"]``."""
    out: list[str] = []
    for surface in TOKEN_RE.findall(text):
        out.extend(word_terms(surface))
    return out


def highlight(text: str, query_terms: Iterable[str]) -> list[tuple[int, int]]:
    """Original-offset spans of whole tokens whose terms meet ``query_terms`` (inflected and attached
    forms included): ``highlight("لەبەغدا", ["بەغدا"]) == [(0, 7)]``."""
    wanted: set[str] = set()
    for term in query_terms:
        wanted.add(term)
        wanted.update(word_terms(term) if term else ())
    if not wanted:
        return []
    return [
        (match.start(), match.end())
        for match in TOKEN_RE.finditer(text)
        if not wanted.isdisjoint(word_terms(match.group()))
    ]


def clear_caches() -> None:
    """Forget every per-word result (after the lexicon was rebuilt or swapped)."""
    lexicon.reload()
    word_terms.cache_clear()
    stem.cache_clear()
    guess_terms.cache_clear()
    split_proclitic.cache_clear()
    verb_terms.cache_clear()


def analyse_word(word: str) -> tuple[str, ...]:
    """Terms of one normalised, folded Sorani word, computed (never read from the stored table)."""
    return _word_terms(word, arabic=False)
