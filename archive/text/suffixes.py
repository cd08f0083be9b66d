"""Every way a Sorani word can be cut into a stem and stacked suffixes, before any word list is asked.

Suffixes come off from the outside in, in the order Sorani stacks them (copula → postposition → -یش →
ezafe/possessive → definite/indefinite/demonstrative → plural), each only where the letters before it
allow: ``[a.stem for a in analyses("هێرشەکەی")]`` holds هێرشەکە, هێرش and more. The stemmer (stem.py)
then asks the derived word list which cut is real. Built for speed: the suffix table is flattened and
looked up by the word's last two letters, and a cut links to the cut above it instead of copying it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

VOWEL_ENDINGS = ("ا", "ە", "ۆ", "ێ", "ی", "وو")
_VOWEL_YEH = ("ای", "ەی", "ۆی", "ووی")

# slot: higher slots sit further out; a suffix may only be followed (inwards) by a lower slot.
COPULA, PRONOUN_AFTER_POSTPOSITION, POSTPOSITION = 7, 6.5, 6
PRONOUN_AFTER_ALSO, ALSO, EZAFE, DETERMINER, PLURAL = 5.5, 5, 4, 3, 2


@dataclass(frozen=True, slots=True)
class Suffix:
    text: str
    slot: float
    after: str  # "C": the rest must end in a consonant, "V": in a vowel, "": either
    marker: bool = False  # unmistakable: ەکە، ەکان، ێک، یەک never end a lexical word


SUFFIXES: tuple[Suffix, ...] = (
    Suffix("ە", COPULA, "C"),
    Suffix("یە", COPULA, "V"),
    Suffix("ن", COPULA, ""),  # plural copula: لە هەولێرن "they are in Erbil"
    Suffix("دا", POSTPOSITION, ""),
    Suffix("ەوە", POSTPOSITION, "C"),
    Suffix("وە", POSTPOSITION, "V"),
    Suffix("ی", PRONOUN_AFTER_POSTPOSITION, ""),  # بە وردەکارییەوەی
    Suffix("ی", PRONOUN_AFTER_ALSO, ""),
    # -یش after a consonant is read as ezafe ی + ش, so کوردستانیش and سلێمانیش go through the same
    # protection as کوردستانی and سلێمانی
    Suffix("ش", ALSO, "V"),
    Suffix("ی", EZAFE, ""),
    Suffix("مان", EZAFE, ""),  # وڵاتمان "our country"
    Suffix("تان", EZAFE, ""),
    Suffix("ەکە", DETERMINER, "C", True),
    Suffix("کە", DETERMINER, "V", True),
    Suffix("ەکان", DETERMINER, "C", True),
    Suffix("کان", DETERMINER, "V", True),
    Suffix("ێک", DETERMINER, "C", True),
    Suffix("یەک", DETERMINER, "V", True),
    Suffix("ە", DETERMINER, "C"),  # demonstrative: ئەو هێرشەی
    Suffix("یە", DETERMINER, "V"),
    Suffix("ان", PLURAL, "C"),
    Suffix("یان", PLURAL, "V"),
)
# Only the suffixes ending in a word's last letter can be cut from it (one dict look-up per level).
_SUFFIXES_BY_LAST_LETTER: dict[str, tuple[Suffix, ...]] = {
    letter: tuple(suffix for suffix in SUFFIXES if suffix.text.endswith(letter))
    for letter in {suffix.text[-1] for suffix in SUFFIXES}
}
# Person clitics (م، ت، یان) only after a determiner: ماڵەکەم, never دەوڵەت → دەوڵە + ت.
PERSON_CLITICS: tuple[str, ...] = ("یان", "م", "ت")
DETERMINER_ENDINGS = ("ەکە", "کە", "ەکان", "کان", "ێک", "یەک")

MIN_STEM = 2


def ends_in_vowel(word: str) -> bool:
    return word.endswith(VOWEL_ENDINGS)


class Analysis(NamedTuple):
    """One cut of a word (a NamedTuple: built thousands of times per document, so kept cheap)."""

    stem: str
    suffixes: tuple[str, ...]  # outermost first
    marked: bool  # at least one unmistakable determiner was stripped
    forms: tuple[str, ...]  # the word and every intermediate form above the stem
    repaired: bool = False  # a plural-swallowed ە was restored (لێکۆڵینەو+ان → لێکۆڵینەوە)


# The suffix table flattened for the hot loop in _strip (one row per suffix, by the word's last letter):
# text, length, slot, after, marker, check (what the rest must or must not end in), vowel-initial (may
# take a glide ی), repairs (may have swallowed a stem's final ە: ان / یان / ەکە / ەکان).
_PLAIN, _AFTER_SH, _AFTER_VE, _YEH, _COPULA_N = range(5)
_Row = tuple[str, int, float, str, bool, int, bool, bool]
_CUTS_BY_LAST_LETTER: dict[str, tuple[_Row, ...]] = {
    letter: tuple(
        (
            suffix.text,
            len(suffix.text),
            suffix.slot,
            suffix.after,
            suffix.marker,
            _AFTER_SH
            if suffix.slot == PRONOUN_AFTER_ALSO
            else _AFTER_VE
            if suffix.slot == PRONOUN_AFTER_POSTPOSITION
            else _YEH
            if suffix.text == "ی"
            else _COPULA_N
            if suffix.text == "ن"
            else _PLAIN,
            suffix.text[0] in "ەاێ",
            suffix.text.startswith("ا") or suffix.text in ("ەکە", "ەکان"),
        )
        for suffix in group
    )
    for letter, group in _SUFFIXES_BY_LAST_LETTER.items()
}
# A row has one check kind: the pronoun slots hold only ی suffixes, whose ی check _strip adds to theirs.
assert all(s.text == "ی" for s in SUFFIXES if s.slot in (PRONOUN_AFTER_ALSO, PRONOUN_AFTER_POSTPOSITION))

_PERSON_CLITIC_BY_LAST = {clitic[-1]: clitic for clitic in PERSON_CLITICS}
assert len(_PERSON_CLITIC_BY_LAST) == len(PERSON_CLITICS)
_PERSON_CLITIC_LAST = frozenset(_PERSON_CLITIC_BY_LAST)
_START_SLOT = COPULA + 1
# The slot _strip is called with under a person clitic (ماڵەکەم): only the determiners (below EZAFE).
_DETERMINERS_ONLY = -1.0
# For each slot _strip may be called with: the rows of lower slots, by the word's last two letters
# (filled on first use), each with the last letters a rest must end in for any further cut (a suffix of
# a still lower slot, or a person clitic) — on any other rest _strip is not even called.
_CutRow = tuple[str, int, float, str, bool, int, bool, bool, frozenset[str]]
_CUTS_BY_SLOT: dict[float, dict[str, tuple[_CutRow, ...]]] = {
    slot: {} for slot in {_START_SLOT, _DETERMINERS_ONLY, *(suffix.slot for suffix in SUFFIXES)}
}
_LAST_LETTERS_BELOW: dict[float, frozenset[str]] = {
    slot: frozenset(suffix.text[-1] for suffix in SUFFIXES if suffix.slot < slot)
    | (_PERSON_CLITIC_LAST if slot > EZAFE else frozenset())
    for slot in _CUTS_BY_SLOT
}
_START_LETTERS = _LAST_LETTERS_BELOW[_START_SLOT]  # the last letters any cut at all can start from


def _rows_for_tail(max_slot: float, tail: str) -> tuple[_CutRow, ...]:
    """The rows below ``max_slot`` that can end a word ending in ``tail`` (its last two letters), in
    table order, with what the tail already decides settled."""
    if max_slot == _DETERMINERS_ONLY:
        below = [row for row in _CUTS_BY_LAST_LETTER.get(tail[-1:], ()) if row[2] < EZAFE and row[4]]
    else:
        below = [row for row in _CUTS_BY_LAST_LETTER.get(tail[-1:], ()) if row[2] < max_slot]
    rows = tuple(
        (*_settled(row, tail), _LAST_LETTERS_BELOW[row[2]])
        for row in below
        if (tail.endswith(row[0]) or row[0].endswith(tail)) and _may_fit(row, tail)
    )
    table = _CUTS_BY_SLOT[max_slot]
    if len(table) < 20_000:  # letter pairs: bounded in practice, capped against odd input
        table[tail] = rows
    return rows


def _may_fit(row: _Row, tail: str) -> bool:
    """False when a one-letter suffix can never be cut from a word ending in ``tail``: the letter before
    it, tail[0], is the last letter of the rest, which is what _strip's checks look at."""
    _, size, _, after, marker, check, _, _ = row
    if size != 1 or len(tail) != 2:
        return True
    before = tail[0]
    if after and before != "و":  # after و the rest may end in the vowel وو: only the word can tell
        vowel = before in "اەۆێی"
        if (after == "C" and vowel and not (marker and before == "ی")) or (after == "V" and not vowel):
            return False
    if check == _AFTER_SH:
        return before == "ش"
    if check == _AFTER_VE:
        return before == "ە"
    return not (check == _COPULA_N and before in "دتی")


def _settled(row: _Row, tail: str) -> _Row:
    """``row`` with the checks _may_fit has already decided for this tail switched off."""
    text, size, slot, after, marker, check, vowel_initial, repairs = row
    if size != 1 or len(tail) != 2:
        return row
    before = tail[0]
    if after and before != "و":
        after = ""
    if check in (_AFTER_SH, _COPULA_N) or (check == _YEH and before != "ی"):
        check = _PLAIN  # after ش the rest ends in no vowel + ی either, so the ی check passes too
    return (text, size, slot, after, marker, check, vowel_initial, repairs)


# The suffixes cut so far, innermost last, as a chain of (outer, form, suffix) links — one small tuple
# per cut instead of copying the whole suffix and form lists at every cut (see unwind).
Link = tuple["Link | None", str, str]
# One cut as _strip builds it: (stem, link of its innermost suffix, marked, repaired) — Analysis, lighter.
Cut = tuple[str, Link, bool, bool]


def unwind(link: Link | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The suffixes and the forms they were cut from, outermost first (Analysis.suffixes, .forms)."""
    if link is not None:  # one or two suffixes: the common cases
        outer = link[0]
        if outer is None:
            return (link[2],), (link[1],)
        if outer[0] is None:
            return (outer[2], link[2]), (outer[1], link[1])
    suffixes: list[str] = []
    forms: list[str] = []
    while link is not None:
        link, form, suffix = link
        forms.append(form)
        suffixes.append(suffix)
    return tuple(reversed(suffixes)), tuple(reversed(forms))


def _strip(word: str, max_slot: float, link: Link | None, marked: bool, out: list[Cut]) -> None:
    """Append every cut of ``word`` by suffixes below ``max_slot`` (and those under them) to ``out``;
    ``link`` holds the suffixes cut above ``word`` so far."""
    tail = word[-2:]
    rows = _CUTS_BY_SLOT[max_slot].get(tail)
    if rows is None:
        rows = _rows_for_tail(max_slot, tail)
    length = len(word)
    known_tail = len(tail)  # a suffix no longer than the tail is known to end the word (table filter)
    for text, size, slot, after, marker, check, vowel_initial, repairs, below in rows:
        if (size > known_tail and not word.endswith(text)) or length - size < MIN_STEM:
            continue
        rest = word[:-size]
        # does the suffix fit what the rest ends in?
        if after:
            vowel = rest.endswith(VOWEL_ENDINGS)
            if after == "C":
                # the epenthetic ی before a determiner is often left out (زانیاریەکان for زانیارییەکان)
                if vowel and not (marker and rest[-1] == "ی"):
                    continue
            elif not vowel:
                continue
        if check:
            if check == _AFTER_SH:  # this pronoun ی only follows -ش
                if rest[-1] != "ش":
                    continue
            elif check == _AFTER_VE:  # a pronoun ی after the postposition -ەوە only (بە وردەکارییەوەی)
                if not rest.endswith("وە"):
                    continue
            if check <= _YEH:  # every ی suffix: کۆتایی, چایی keep their ی, and ezafe never doubles
                if rest.endswith(_VOWEL_YEH):
                    continue
            elif rest[-1] in "دتی":  # -ن after د/ت is the infinitive (هاتن، کوشتن), not the copula
                continue
        cut = (link, word, text)
        now_marked = marked or marker
        double_yeh = rest.endswith("یی")
        if double_yeh and vowel_initial and length - size >= 4 and not rest[:-2].endswith(VOWEL_ENDINGS):
            # زانیاریی+ەکان is زانیاری + ەکان: a vowel-initial suffix after a ی-final stem takes a glide
            # ی, so one ی belongs to the stem and the other to the suffix — never a stem in consonant + یی
            rest = rest[:-1]
            out.append((rest, cut, now_marked, False))
            if rest[-1] in below:
                _strip(rest, slot, cut, now_marked, out)
            continue
        out.append((rest, cut, now_marked, False))
        if double_yeh:
            out.append((rest[:-1], cut, now_marked, False))  # ئاسایی + ە or ئاسای + ی + ە
        elif repairs:
            out.append((rest + "ە", cut, now_marked, True))
        if rest[-1] in below:
            _strip(rest, slot, cut, now_marked, out)
    if max_slot <= EZAFE:
        return
    clitic = _PERSON_CLITIC_BY_LAST.get(word[-1:])  # they end in different letters: one at most fits
    if clitic is not None and word.endswith(clitic):
        rest = word[: -len(clitic)]
        if rest.endswith(DETERMINER_ENDINGS) and len(rest) > 3:
            _strip(rest, _DETERMINERS_ONLY, (link, word, clitic), marked, out)


def cuts(word: str) -> list[Cut]:
    """Every cut of ``word`` (see Cut), in the order the stemmer weighs them."""
    out: list[Cut] = []
    if word[-1:] in _START_LETTERS:
        _strip(word, _START_SLOT, None, False, out)
    return out


def analyses(word: str) -> list[Analysis]:
    """Every way ``word`` can be cut into stem + stacked suffixes (not yet checked against the lexicon)."""
    out = []
    for found, link, marked, repaired in cuts(word):
        suffixes, forms = unwind(link)
        out.append(Analysis(found, suffixes, marked, forms, repaired))
    return out
