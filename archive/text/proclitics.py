"""Attached prepositions (proclitics): لەبەغدا = لە + بەغدا, split only when the rest is a real word.

``split_proclitic("لەبەغدا") == ("لە", "بەغدا")`` but ``split_proclitic("بەغدا") is None`` and
``split_proclitic("بەڵام") is None``: many words only start like a preposition.
"""

from __future__ import annotations

from functools import lru_cache

from archive.text import lexicon
from archive.text.stem import stem

# Every matching proclitic is tried; the reading whose rest is the best-attested word wins.
# لەناو/لەنێو are left out: written attached they mostly start compound verbs (لەناوبردن "destroy").
PROCLITICS: tuple[str, ...] = (
    "لەلایەن",
    "لەگەڵ",
    "لەسەر",
    "لەژێر",
    "لەبەر",
    "لەپێش",
    "لەپاش",
    "لەدوای",
    "لەم",  # لە + ئەم: لەمبارەیەوە
    "لەو",
    "بەم",
    "بەو",
    "لە",
    "بە",
    "بۆ",
)
_FIRST_PROCLITICS = ("لە", "بە", "بۆ")
MIN_REST = 2
# The rest must be far better attested than the whole form: لەبەغدا splits, بەهار (هار) does not.
SPLIT_RATIO = 2
# بە also makes adjectives (بەهێز strong, بەتوانا able): demand much more before cutting it off
SPLIT_RATIO_BE = 5


def _with_initial_rr(rest: str) -> str:
    """After a split-off proclitic the rest starts a word, where Sorani writes ڕ: لەرێگە → ڕێگە."""
    return "ڕ" + rest[1:] if rest.startswith("ر") else rest


@lru_cache(maxsize=100_000)
def split_proclitic(word: str) -> tuple[str, str] | None:
    """``(proclitic, rest)`` when ``word`` (normalised, folded) is a preposition written onto a word."""
    if not word.startswith(_FIRST_PROCLITICS):
        return None
    whole = lexicon.evidence(word) + lexicon.evidence(stem(word))
    best: tuple[int, str, str] | None = None
    for proclitic in PROCLITICS:
        if not word.startswith(proclitic) or len(word) - len(proclitic) < MIN_REST:
            continue
        rest = _with_initial_rr(word[len(proclitic) :])
        rest_stem = stem(rest)
        # the stem's ezafe/-ش/-دا forms vouch for it too: بارە is rarely bare, بارەی is common
        support = max(lexicon.evidence(rest), lexicon.evidence(rest_stem), lexicon.support(rest_stem))
        ratio = SPLIT_RATIO_BE if proclitic == "بە" else SPLIT_RATIO
        # every reading competes: لەناوچەکە is لە + ناوچەکە (a common word), not لەناو + چەکە
        if support >= 2 and support >= ratio * whole and (best is None or support > best[0]):
            best = (support, proclitic, rest)
    return None if best is None else (best[1], best[2])
