"""The project's own derived word list: how often each (normalised, folded) word was seen free-standing
in Sorani news, and how often it was seen as a stem under an unmistakable suffix (ەکە، ەکان، ێک، یەک).

The stemmer and proclitic splitter ask it whether a candidate stem is a real word. The file is rebuilt
by ``python -m archive.text.build_lexicon`` from the corpora in ../shared/data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

LEXICON_PATH = Path(__file__).parent / "data" / "lexicon.tsv"


VERSION_LINE = "# analyzer version\t"
_SAME = "="  # the word is its own single term
_NONE = "-"  # a stopword: no terms


class _Loaded(NamedTuple):
    entries: dict[str, tuple[int, int]]  # word → (free count, determiner count)
    terms: dict[str, tuple[str, ...]]  # word → its stored terms (this analyzer VERSION only)


@cache
def _load() -> _Loaded:
    """Counts for every word, and the analyzer's terms for it when the file was written by this very
    analyzer VERSION (so a cold process need not re-analyse the known vocabulary)."""
    from archive.text.version import VERSION

    entries: dict[str, tuple[int, int]] = {}
    terms: dict[str, tuple[str, ...]] = {}
    try:
        lines = LEXICON_PATH.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return _Loaded(entries, terms)
    current = any(line == VERSION_LINE + VERSION for line in lines[:3])
    for line in lines:
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        word = fields[0]
        entries[word] = (int(fields[1]), int(fields[2]))
        if current and len(fields) > 3:
            column = fields[3]
            terms[word] = (word,) if column == _SAME else () if column == _NONE else tuple(column.split(" "))
    return _Loaded(entries, terms)


def entries() -> dict[str, tuple[int, int]]:
    """word → (free count, determiner count), for callers that look up many words at once."""
    return _load().entries


_entries = entries


def stored_terms(word: str) -> tuple[str, ...] | None:
    """The terms the build stored for ``word`` (normalised, folded), or None if it stored none or was
    written by another analyzer VERSION."""
    return _load().terms.get(word)


def stored_table() -> dict[str, tuple[str, ...]]:
    """word → stored terms, all of them (see ``stored_terms``), for callers that look up many words."""
    return _load().terms


def format_terms(word: str, found: tuple[str, ...]) -> str:
    """The stored form of a word's terms (see ``stored_terms``)."""
    if found == (word,):
        return _SAME
    return " ".join(found) if found else _NONE


_bases: dict[frozenset[str], frozenset[str]] = {}  # bases() by suffix set, for the loaded list


def bases(suffixes: frozenset[str]) -> frozenset[str]:
    """Every string that some word of the list is, once one of ``suffixes`` ("" included if given) is
    cut off. For ``w`` outside it no ``w + s`` (``s`` in ``suffixes``) is in the list, so all that
    evidence for ``w`` is 0: the analyzer's shortcut for the many words it has never seen."""
    found = _bases.get(suffixes)
    if found is None:
        by_last: dict[str, list[str]] = {}
        for suffix in suffixes:
            if suffix:
                by_last.setdefault(suffix[-1], []).append(suffix)
        words = _load().entries
        out = set(words) if "" in suffixes else set()
        for word in words:
            for suffix in by_last.get(word[-1:], ()):
                if word.endswith(suffix):
                    out.add(word[: -len(suffix)])
        found = _bases[suffixes] = frozenset(out)
    return found


def reload() -> None:
    """Forget the loaded file (after rebuilding it, or pointing LEXICON_PATH elsewhere)."""
    _load.cache_clear()
    _bases.clear()


def free_count(word: str) -> int:
    """How often ``word`` stood alone in the corpus: ``free_count("ساڵ") > 0``."""
    return _load().entries.get(word, _NOTHING)[0]


def marked_count(word: str) -> int:
    """How often ``word`` carried a definite/indefinite suffix: ``marked_count("هێرش") > 0`` (هێرشەکە)."""
    return _load().entries.get(word, _NOTHING)[1]


def evidence(word: str) -> int:
    """All the evidence that ``word`` is a real stem."""
    free, marked = _load().entries.get(word, _NOTHING)
    return free + marked


def is_known(word: str) -> bool:
    """True for a word the corpus shows as a real word: ``is_known("بەغدا")``, not ``is_known("غدا")``."""
    free, marked = _load().entries.get(word, _NOTHING)
    return free + marked > 0


_NOTHING = (0, 0)
SUPPORT_SUFFIXES = ("", "ی", "ش", "دا")


def support(word: str) -> int:
    """How often ``word`` stood alone or with only an ezafe, -ش or -دا: the evidence that it is a word
    people write on its own. لێژنە is rarely bare but often لێژنەی, so ``support("لێژنە") > 0``."""
    entries = _load().entries
    return sum(entries.get(word + suffix, _NOTHING)[0] for suffix in support_suffixes(word))


def support_suffixes(word: str) -> tuple[str, ...]:
    """The suffixes whose forms vouch for ``word``. Only after a vowel are ezafe ی and -ش unambiguous
    (دۆسیەی, ئەمریکاش); after a consonant or ی the longer form may be another word or name
    (زین / زینی, ئاسای / ئاسایی, پێ / پێش) — except that consonant + یی never ends a stem, so چالاکیی
    is چالاکی with its ezafe."""
    if word.endswith(("ا", "ە", "ۆ", "ێ", "وو")):
        return SUPPORT_SUFFIXES
    if word.endswith("ی") and len(word) >= 3 and word[-2] not in _VOWEL_LETTERS:
        return _SUPPORT_AFTER_I
    return ("", "دا")


_VOWEL_LETTERS = "اەۆێیو"
_SUPPORT_AFTER_I = ("", "ی", "دا")


def ezafe_score(word: str, free: dict[str, int] | None = None) -> int:
    """How often ``word`` carries the ezafe ی (for a ی-final word, also its bare form, where the ezafe is
    usually not written). It tells هێز from هێزە in هێزەکان: هێزی is common, هێزەی (a demonstrative)
    rare; for کێشەکان it is the other way round."""
    count = (lambda w: free.get(w, 0)) if free is not None else free_count
    score = count(word + "ی")
    if word.endswith("ی"):
        score += count(word)
    return score
