"""Gazetteers of places, organisations, names and cue words, loaded once from ``data/*.txt``.

Entries are folded with ``fold_word`` so «رۆژی» and «ڕۆژی», «عيراق» and «عێراق» meet. Lookups accept a
word with clitics attached: ``bare_candidates("هەولێری")`` yields «هەولێر» among others, and
``Gazetteer.kind_of("هەولێری") == "LOC"``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from archive.extract.names import fold_word

DATA_DIR = Path(__file__).resolve().parent / "data"

# Suffix chains that news attaches to names, longest first (ezafe, definite, plural, also, postpositions).
CLITIC_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            "ییەکان",
            "یەکان",
            "ەکان",
            "ییەکە",
            "یەکە",
            "ەکە",
            "یەکی",
            "ەکەی",
            "ەکانی",
            "ییەوە",
            "یەوە",
            "ەوە",
            "وە",
            "یدا",
            "دا",
            "ێکی",
            "ێک",
            "یەک",
            "یش",
            "ش",
            "ییە",
            "یە",
            "ی",
            "ە",
            "ان",
            "یان",
            "ین",
            "ن",
            "ڕا",
            "را",
            "ەوەی",
            "ەکەدا",
            "ەکاندا",
            "ێ",
        },
        key=len,
        reverse=True,
    )
)

# Prepositions that are often written attached: «لەبەغدا», «بەهەولێر», «لەگەڵ».
PROCLITICS: tuple[str, ...] = ("لەگەڵ", "لەلایەن", "لە", "بە", "بۆ", "وە", "و")


def _read_list(name: str) -> list[str]:
    path = DATA_DIR / name
    entries: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append(" ".join(fold_word(w) for w in line.split()))
    return entries


# CLITIC_SUFFIXES by their last letter, in their order: a form can only end with those ending as it does.
_SUFFIXES_ENDING_WITH: dict[str, tuple[str, ...]] = {
    last: tuple(s for s in CLITIC_SUFFIXES if s[-1] == last) for last in {s[-1] for s in CLITIC_SUFFIXES}
}


@lru_cache(maxsize=100_000)
def bare_candidates(word: str, min_len: int = 2) -> tuple[str, ...]:
    """A folded word and its forms with up to three suffix layers peeled off, least peeled first.

    ``bare_candidates("کوردستانیش")`` contains «کوردستان»; no candidate is shorter than ``min_len``.
    """
    folded = fold_word(word)
    found = [folded]
    seen = {folded}
    frontier = [folded]
    for _layer in range(3):
        nxt: list[str] = []
        for form in frontier:
            for suffix in _SUFFIXES_ENDING_WITH.get(form[-1:], ()):
                if form.endswith(suffix) and len(form) - len(suffix) >= min_len:
                    base = form[: -len(suffix)]
                    if base not in seen:
                        seen.add(base)
                        nxt.append(base)
                        found.append(base)
        frontier = nxt
    return tuple(found)


# eq=False: hashed by identity, so the loaded instance can key an lru_cache.
@dataclass(frozen=True, slots=True, eq=False)
class Gazetteer:
    """Word-level and phrase-level lookups into the project's lists."""

    single: dict[str, str]  # folded one-word entry -> kind (LOC, ORG, GIVEN, FAMILY)
    phrases: dict[tuple[str, ...], str]  # folded multi-word entry -> kind
    first_words: frozenset[str]  # first words of multi-word entries, for a quick reject
    org_heads: frozenset[str]
    titles: frozenset[str]
    speech_verbs: frozenset[str]
    date_cues: frozenset[str]
    max_phrase: int

    def kind_of(self, word: str) -> str | None:
        """The kind of a single word, clitics allowed: ``kind_of("عێراقی") == "LOC"``."""
        return _kind_of_cached(self, word)

    def phrase_spans(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Greedy longest matches of multi-word entries over ``words`` (already folded), as (i, j, kind).

        The last word of a phrase may carry clitics: «هەرێمی کوردستانیش» matches «هەرێمی کوردستان».
        """
        return list(_phrase_spans_cached(self, tuple(words)))

    def _phrase_spans(self, words: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
        spans: list[tuple[int, int, str]] = []
        i = 0
        n = len(words)
        while i < n:
            found: tuple[int, str] | None = None
            if words[i] in self.first_words:
                for length in range(min(self.max_phrase, n - i), 1, -1):
                    head = tuple(words[i : i + length - 1])
                    for last in bare_candidates(words[i + length - 1]):
                        kind = self.phrases.get((*head, last))
                        if kind:
                            found = (length, kind)
                            break
                    if found:
                        break
            if found:
                spans.append((i, i + found[0], found[1]))
                i += found[0]
            else:
                i += 1
        return tuple(spans)


# Small: the tagger and the span collector ask about the same sentence one after the other.
@lru_cache(maxsize=2048)
def _phrase_spans_cached(gaz: Gazetteer, words: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    return gaz._phrase_spans(words)


@lru_cache(maxsize=200_000)
def _kind_of_cached(gaz: Gazetteer, word: str) -> str | None:
    for candidate in bare_candidates(word, min_len=3):
        kind = gaz.single.get(candidate)
        if kind:
            return kind
    folded = fold_word(word)
    for proclitic in PROCLITICS:
        rest = folded[len(proclitic) :]
        if folded.startswith(proclitic) and len(rest) >= 3:
            for candidate in bare_candidates(rest, min_len=3):
                kind = gaz.single.get(candidate)
                if kind in ("LOC", "ORG"):
                    return kind
    return None


def data_version() -> str:
    """A short digest of the gazetteer files (the dates module's month lists are its own business)."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.txt")):
        if not path.name.startswith("months"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


@cache
def load() -> Gazetteer:
    """The project's gazetteer, read from ``data/`` once per process."""
    single: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    # Later lists win on conflicts, so a place beats a given name spelled the same (سلێمانی, سۆران).
    for kind, name in (
        ("GIVEN", "given_names.txt"),
        ("FAMILY", "family_names.txt"),
        ("ORG", "organisations.txt"),
        ("LOC", "places.txt"),
    ):
        for entry in _read_list(name):
            words = tuple(entry.split())
            if len(words) == 1:
                single[words[0]] = kind
            else:
                phrases[words] = kind
    return Gazetteer(
        single=single,
        phrases=phrases,
        first_words=frozenset(p[0] for p in phrases),
        org_heads=frozenset(_read_list("org_heads.txt")),
        titles=frozenset(_read_list("titles.txt")),
        speech_verbs=frozenset(_read_list("speech_verbs.txt")),
        date_cues=frozenset(_read_list("date_cues.txt")),
        max_phrase=max((len(p) for p in phrases), default=1),
    )
