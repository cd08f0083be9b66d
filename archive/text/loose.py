"""The loose form of text: a cheap stand-in for normalising, with the same length as its input.

Every letter that ``normalize`` and ``fold_term`` turn into one other letter (ك → ک, ي → ی, ة → ە, ظ → ز,
Eastern digits, capitals) is written as that letter, and two pairs normalising tells apart only by their
place in a word (ر/ڕ, ه/ە) are merged: ``loose("الكاظمي") == "الکازمی"``. Text that ``needs_normalizing``
flags (marks, ZWNJ, tatweel, madda, presentation forms, capitals beyond ASCII) can change length or
letters in ways the loose form does not follow.

``term_key`` is what a word's loose form always holds when the word yields a term (checked over every
word of the corpora in ../shared and by a property test): highlighting uses it to skip analysing words
that cannot match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

from archive.text.normalize import REMOVED_CHARACTERS, fold_term, normalize
from archive.text.verbs import PREVERBS

_MERGED_BY_PLACE = {"ڕ": "ر", "ە": "ه"}


def _loose_letter(char: str) -> str:
    letter = fold_term(normalize(char)).casefold()
    return _MERGED_BY_PLACE.get(letter, letter)


# One letter for one letter only, so the loose form keeps every offset of its input.
_LOOSE_PAIRS = tuple(
    (char, letter)
    for char in map(chr, (*range(0x0600, 0x0700), *range(ord("A"), ord("Z") + 1)))
    if len(letter := _loose_letter(char)) == 1 and letter != char
)
# What normalising removes (marks, ZWNJ as in the legacy «هه‌ولێر», tatweel, other format characters),
# except the madda mark U+0653: after ا normalising turns it into «ئا» (as it does «آ»), so it stays, and
# NOT_LOOSE sends a word holding it to be analysed. (One plain class: ``re`` scans it fast.)
_LOOSE_REMOVED = REMOVED_CHARACTERS.replace("\u064b-\u0653", "\u064b-\u0652")
if _LOOSE_REMOVED == REMOVED_CHARACTERS:  # (not an assert: it must hold under python -O too)
    raise ImportError("normalize.REMOVED_CHARACTERS no longer holds the range U+064B–U+0653")
# One such character; ``re`` scans for it about three times faster than for a run of them (14 against
# 39 µs through a 3,500-character article with none), and taking out each character takes out each run.
REMOVED_CHARACTER_RE = re.compile(f"[{_LOOSE_REMOVED}\u200c\u0640]")
REMOVED_RE = re.compile(REMOVED_CHARACTER_RE.pattern + "+")
# What normalising turns into other letters in ways the loose form does not follow (a hamza or a
# v-shaped accent written as a mark, madda, آ, presentation forms) and capitals beyond ASCII: text with
# none of these holds a term after normalising only where its loose form holds it.
NOT_LOOSE = regex.compile(
    "[\u0653\u0654\u065a\u065b\u030c\u0306\u0622\ufb50-\ufdff\ufe70-\ufefcßİ]|(?![A-Z])\\p{Lu}"
)

# A superset of NOT_LOOSE as one negated ``re`` class: its marks and آ, and everything outside ASCII,
# Latin-1 punctuation, the Arabic block and general punctuation, where no capital letter stands. ``re``
# rules most articles out in a few microseconds, where NOT_LOOSE's look-ahead took 46–87 µs for 2,400
# characters (tests/unit/text/test_loose.py checks every code point).
_MAYBE_NOT_LOOSE = re.compile(
    "[^\x00-\x7f\u00a0-\u00bf\u0600-\u0621\u0623-\u0652\u0655-\u0659\u065c-\u06ff\u2000-\u206f]"
)


def holds_not_loose(text: str) -> bool:
    """``NOT_LOOSE.search(text) is not None``, faster: only the characters of its superset are asked."""
    return any(NOT_LOOSE.match(found.group()) for found in _MAYBE_NOT_LOOSE.finditer(text))


def loose(text: str, letters: str | frozenset[str] | None = None) -> str:
    """Every loose class written as its first letter (a few str.replace: a fraction of normalising). With
    ``letters``, only the classes of those letters: enough to find a word spelt with them, and cheaper."""
    for variant, letter in _LOOSE_PAIRS:
        # the letter test first: with ``letters`` most classes are skipped without scanning the text
        if (letters is None or letter in letters) and variant in text:
            text = text.replace(variant, letter)
    return text


# Code points the loose form judges: ASCII, the Arabic block, spaces and punctuation between words, less
# those normalising removes or rewrites (REMOVED_RE, NOT_LOOSE), marks and format characters (which join
# a word across them) and "_". Any other script can change under normalising (casefolding Greek or
# Cherokee, compatibility forms). In text of judged characters only, a word is a run of letters and digits:
# what the stdlib ``re`` calls ``\w``. One negated class: ``re`` scans a passage in a few microseconds.
_JUDGED_RANGES = (
    (0x00, 0x7F),
    (0x600, 0x6FF),
    (0xA0, 0xA0),
    (0xAB, 0xAB),
    (0xBB, 0xBB),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
)


def _class_of(code_points: list[int]) -> str:
    """A regular-expression class body for sorted ``code_points``, as ranges."""
    ranges: list[list[int]] = []
    for code in code_points:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b != a else "") for a, b in ranges)


_JUDGED = [
    code
    for low, high in _JUDGED_RANGES
    for code in range(low, high + 1)
    if not REMOVED_RE.search(chr(code))
    and not NOT_LOOSE.search(chr(code))
    and unicodedata.category(chr(code))[0] != "M"
    and unicodedata.category(chr(code)) != "Cf"
    and chr(code) != "_"
]
_NEEDS_NORMALIZING = re.compile(f"[^{_class_of(sorted(_JUDGED))}]")


def needs_normalizing(text: str) -> bool:
    """Does ``text`` hold something the loose form does not judge: a character outside ASCII and the
    Arabic block, one normalising removes or turns into other letters (``NOT_LOOSE``), a mark, a format
    character or "_"?"""
    return _NEEDS_NORMALIZING.search(text) is not None


def unjudged(text: str) -> list[int]:
    """Offsets of the characters of ``text`` that ``needs_normalizing`` is about."""
    return [match.start() for match in _NEEDS_NORMALIZING.finditer(text)]


# Verb forms spell their infinitive out only partly: کردن not at all (بکەین، دەکات، ناکرێت: all hold ک), a
# compound with it only as far as its host (پێبکرێت → پێکردن, وایکرد → واکردن), and a preverb's infinitive
# not past the preverb when a person marker stands inside it (ڕایگەیاند → ڕاگەیاندن). So their keys are short.
_KEY_OF_LIGHT_VERB = "ک"
_KEY_LENGTH = 3


@lru_cache(maxsize=4096)  # asked for the same query terms once per snippet
def term_key(term: str) -> str:
    """Letters the loose form of every word that yields ``term`` contains, or "" when any word might:
    its first three, loosely (``term_key("بەغدا") == "بهغ"``: لەبەغدا and بەغدای hold them). A shorter term
    keys on all its letters but the last, which may be an Arabic final ى read as ا (فى → فا); a verb's
    infinitive on its first two (see above)."""
    if term == "کردن":
        return _KEY_OF_LIGHT_VERB
    if term == "ا":  # a lone final ى in Arabic spelling
        return ""
    if term.endswith("کردن") or (term.endswith("ن") and term.startswith(PREVERBS)):
        return loose(term[:2])
    return loose(term[: _KEY_LENGTH if len(term) > _KEY_LENGTH else max(1, len(term) - 1)])
