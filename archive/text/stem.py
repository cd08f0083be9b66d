"""Stacked-suffix stemmer for Sorani nouns, adjectives and verbal nouns.

Suffixes are stripped from the outside in, in the order Sorani stacks them (copula → postposition →
-یش → ezafe/possessive → definite/indefinite/demonstrative → plural), every analysis is generated, and
the derived lexicon picks the one whose stem is a real word:
``stem("هێرشەکەی") == "هێرش"``, ``stem("زانیارییەکان") == "زانیاری"``, ``stem("بارزانی") == "بارزانی"``.
The input is one already normalised and folded word (see ``analyze`` for raw text).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from archive.text import lexicon
from archive.text.stopwords import STOPWORDS

_VOWEL_ENDINGS = ("ا", "ە", "ۆ", "ێ", "ی", "وو")
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
_BARE_PERSON_SUFFIXES = frozenset({"مان", "تان"})
_DETERMINER_ENDINGS = ("ەکە", "کە", "ەکان", "کان", "ێک", "یەک")

MIN_STEM = 2
MIN_SHORT_STEM_MARKED = 3
MIN_SINGULAR_MARKED = 2
# A verbal noun (infinitive): -دن / -تن, optionally with the lexical -ەوە: وروژاندن، تەقاندنەوە.
INFINITIVE_RE = regex.compile("..(?:دن|تن)(?:ەوە)?$")
# An agent noun: -ەر، -کار، -وان، -گر، -دار، -مەند، -چی (ئەنجامدەر، ڕاوێژکار، پاسەوان، لایەنگر).
AGENT_NOUN_RE = regex.compile("...(?:ەر|کار|وان|گر|دار|مەند|چی)$")
# A stem never seen under a determiner must be seen at least this often relative to every longer form
# it was cut from, or that form is a word of its own (بارزانی is not بارزان + ی; ساڵی is ساڵ + ی).
PROTECT_RATIO = 0.25
_STRICT_SUFFIXES = frozenset({"ە", "یە", "ن", "ەوە", "وە"})
MARKED_RATIO = 0.05


def _ends_in_vowel(word: str) -> bool:
    return word.endswith(_VOWEL_ENDINGS)


class Analysis(NamedTuple):
    """One cut of a word (a NamedTuple: built thousands of times per document, so kept cheap)."""

    stem: str
    suffixes: tuple[str, ...]  # outermost first
    marked: bool  # at least one unmistakable determiner was stripped
    forms: tuple[str, ...]  # the word and every intermediate form above the stem
    repaired: bool = False  # a plural-swallowed ە was restored (لێکۆڵینەو+ان → لێکۆڵینەوە)


def _fits(rest: str, suffix: Suffix) -> bool:
    if len(rest) < MIN_STEM:
        return False
    # the epenthetic ی before a determiner is often left out (زانیاریەکان for زانیارییەکان)
    if suffix.after == "C" and _ends_in_vowel(rest) and not (rest.endswith("ی") and suffix.marker):
        return False
    if suffix.after == "V" and not _ends_in_vowel(rest):
        return False
    if suffix.slot == PRONOUN_AFTER_ALSO and not rest.endswith("ش"):
        return False
    if suffix.slot == PRONOUN_AFTER_POSTPOSITION and not rest.endswith("وە"):
        return False
    if suffix.text == "ی" and rest.endswith(_VOWEL_YEH):
        return False  # کۆتایی, چایی: a ی after a vowel belongs to the stem, and ezafe never doubles
    # -ن after د/ت is the infinitive (هاتن، کوشتن), not the copula
    return not (suffix.text == "ن" and rest.endswith(("د", "ت", "ی")))


def _epenthetic(rest: str, suffix: Suffix) -> bool:
    """Did cutting a vowel-initial ``suffix`` leave a glide ی on a ی-final stem (تەقەمەنیی+ەکان)?
    Only after a consonant + یی: ئاسایی (ئاسا + یی) may be the stem itself."""
    return (
        suffix.text[0] in "ەاێ" and rest.endswith("یی") and len(rest) >= 4 and not _ends_in_vowel(rest[:-2])
    )


# The suffix table flattened for the hot loop in _strip (one tuple per suffix, by the word's last letter):
# text, length, slot, after, marker, fits-check kind, epenthetic-capable, restores a swallowed ە.
_PLAIN, _AFTER_SH, _AFTER_VE, _YEH, _COPULA_N = range(5)
_CUTS_BY_LAST_LETTER: dict[str, tuple[tuple[str, int, float, str, bool, int, bool, bool], ...]] = {
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
# _strip's checks rely on these: only ی-suffixes sit in the pronoun slots, and no suffix is "ی" or "ن"
# in a slot with a check of its own.
assert all(s.text == "ی" for s in SUFFIXES if s.slot in (PRONOUN_AFTER_ALSO, PRONOUN_AFTER_POSTPOSITION))

# a row of _CUTS_BY_LAST_LETTER plus the letters a rest must end in to be cut further (_LAST_LETTERS_BELOW)
_CutRow = tuple[str, int, float, str, bool, int, bool, bool, frozenset[str]]
_PERSON_CLITIC_BY_LAST = {clitic[-1]: clitic for clitic in PERSON_CLITICS}
assert len(_PERSON_CLITIC_BY_LAST) == len(PERSON_CLITICS)
_PERSON_CLITIC_LAST = frozenset(_PERSON_CLITIC_BY_LAST)
_START_SLOT = COPULA + 1
# For each slot _strip may be called with: the suffixes of lower slots, by the word's last two letters
# (filled on first use), and the last letters such a suffix or a person clitic can end in — a rest
# ending in any other letter yields no further cut, so _strip is not even called on it.
# The slot _strip is called with under a person clitic (ماڵەکەم): only the determiners (below EZAFE).
_DETERMINERS_ONLY = -1.0
_CUTS_BY_SLOT: dict[float, dict[str, tuple[_CutRow, ...]]] = {
    slot: {} for slot in {_START_SLOT, _DETERMINERS_ONLY, *(suffix.slot for suffix in SUFFIXES)}
}
_LAST_LETTERS_BELOW: dict[float, frozenset[str]] = {
    slot: frozenset(suffix.text[-1] for suffix in SUFFIXES if suffix.slot < slot)
    | (_PERSON_CLITIC_LAST if slot > EZAFE else frozenset())
    for slot in _CUTS_BY_SLOT
}


_START_LETTERS = _LAST_LETTERS_BELOW[_START_SLOT]  # the last letters any cut at all can start from


def _cuts_for_tail(max_slot: float, tail: str) -> tuple[_CutRow, ...]:
    """The suffixes below ``max_slot`` that can end a word ending in ``tail`` (its last two letters),
    in table order."""
    if max_slot == _DETERMINERS_ONLY:
        below = [cut for cut in _CUTS_BY_LAST_LETTER.get(tail[-1:], ()) if cut[2] < EZAFE and cut[4]]
    else:
        below = [cut for cut in _CUTS_BY_LAST_LETTER.get(tail[-1:], ()) if cut[2] < max_slot]
    cuts = tuple(
        (*_settled(cut, tail), _LAST_LETTERS_BELOW[cut[2]])
        for cut in below
        if (tail.endswith(cut[0]) or cut[0].endswith(tail)) and _may_fit(cut, tail)
    )
    table = _CUTS_BY_SLOT[max_slot]
    if len(table) < 20_000:  # letter pairs: bounded in practice, capped against odd input
        table[tail] = cuts
    return cuts


# The suffixes cut so far, innermost last, as a chain of (outer, form, suffix) links — one small tuple
# per cut instead of copying the whole suffix and form lists at every cut (see _unwind).
_Link = tuple["_Link | None", str, str]


def _may_fit(cut: tuple[str, int, float, str, bool, int, bool, bool], tail: str) -> bool:
    """False when a one-letter suffix can never be cut from a word ending in ``tail``: the letter before
    it, tail[0], is the last letter of the rest, which is all _strip's checks look at (_settled)."""
    _, size, _, after, marker, check, _, _ = cut
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


def _settled(
    cut: tuple[str, int, float, str, bool, int, bool, bool], tail: str
) -> tuple[str, int, float, str, bool, int, bool, bool]:
    """``cut`` with the checks _may_fit has already decided switched off (after "", check 0)."""
    text, size, slot, after, marker, check, vowel_initial, repairs = cut
    if size != 1 or len(tail) != 2:
        return cut
    before = tail[0]
    if after and before != "و":
        after = ""
    if check in (_AFTER_SH, _COPULA_N) or (check == _YEH and before != "ی"):
        check = _PLAIN  # _AFTER_SH: the ی follows ش, no vowel, so no ezafe-after-vowel either
    return (text, size, slot, after, marker, check, vowel_initial, repairs)


# One cut as _strip builds it: (stem, link of its innermost suffix, marked, repaired).
_Cut = tuple[str, _Link, bool, bool]


def _unwind(link: _Link | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
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


def _strip(word: str, max_slot: float, link: _Link | None, marked: bool, out: list[_Cut]) -> None:
    """Append every cut of ``word`` by suffixes below ``max_slot`` (and those under them) to ``out``;
    ``link`` holds the suffixes cut above ``word`` so far."""
    tail = word[-2:]
    cuts = _CUTS_BY_SLOT[max_slot].get(tail)
    if cuts is None:
        cuts = _cuts_for_tail(max_slot, tail)
    length = len(word)
    known_tail = len(tail)  # a suffix no longer than the tail is known to end the word (table filter)
    for text, size, slot, after, marker, check, vowel_initial, repairs, below in cuts:
        if (size > known_tail and not word.endswith(text)) or length - size < MIN_STEM:
            continue
        rest = word[:-size]
        # _fits, inlined
        if after:
            vowel = rest.endswith(_VOWEL_ENDINGS)
            if after == "C":
                # the epenthetic ی before a determiner is often left out (زانیاریەکان for زانیارییەکان)
                if vowel and not (marker and rest[-1] == "ی"):
                    continue
            elif not vowel:
                continue
        if check:
            if check == _AFTER_SH:
                if rest[-1] != "ش":
                    continue
            elif check == _AFTER_VE:
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
        if double_yeh and vowel_initial and length - size >= 4 and not rest[:-2].endswith(_VOWEL_ENDINGS):
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
        if rest.endswith(_DETERMINER_ENDINGS) and len(rest) > 3:
            _strip(rest, _DETERMINERS_ONLY, (link, word, clitic), marked, out)


def _cuts(word: str) -> list[_Cut]:
    out: list[_Cut] = []
    _strip(word, _START_SLOT, None, False, out)
    return out


def analyses(word: str) -> list[Analysis]:
    """Every way ``word`` can be cut into stem + stacked suffixes (not yet checked against the lexicon)."""
    out = []
    for found, link, marked, repaired in _cuts(word):
        suffixes, forms = _unwind(link)
        out.append(Analysis(found, suffixes, marked, forms, repaired))
    return out


_NOTHING = (0, 0)


_SAFE_OUTER = frozenset({"دا", "ەوە", "وە", "ش"})
_VOWELS_BUT_I = ("ا", "ە", "ۆ", "ێ", "وو")


# forms that show a stem inflected: after a consonant not -ە/-ن/-ان, which end many words of their own
# (پێچەوانە is no پێچەوان + ە); after a vowel the person endings and -ن are unambiguous (نیوەیان، زۆربەمان)
_SIBLING_SUFFIXES = ("ی", "یە", "دا", "ەوە", "وە", "یەوە", "یەی", "ش", "یش", *_DETERMINER_ENDINGS)
_SIBLING_SUFFIXES_AFTER_VOWEL = (*_SIBLING_SUFFIXES, "یان", "مان", "تان", "ن")


def _seen_elsewhere(stem: str, forms: tuple[str, ...], entries: dict[str, tuple[int, int]]) -> bool:
    """Does the corpus show ``stem`` with some suffix other than the ones being cut?"""
    siblings = _SIBLING_SUFFIXES_AFTER_VOWEL if _ends_in_vowel(stem) else _SIBLING_SUFFIXES
    return any(
        stem + suffix not in forms and entries.get(stem + suffix, _NOTHING)[0] > 0 for suffix in siblings
    )


# Every suffix whose form (stem + suffix) the evidence for a stem looks up: a stem none of whose forms
# is in the lexicon has no evidence at all (lexicon.bases), and _acceptable / stem decide it by shape.
_EVIDENCE_SUFFIXES = frozenset(
    {"", *lexicon.SUPPORT_SUFFIXES, *lexicon._SUPPORT_AFTER_I, *_SIBLING_SUFFIXES_AFTER_VOWEL}
)


def _safe_outer_cut(suffixes: tuple[str, ...], stem: str) -> bool:
    """Only postpositions, -ش, and an ezafe after a vowel other than ی were cut (بارەی → بارە,
    ئەمریکاش → ئەمریکا): none of them ends a name or a lexical word."""
    *outer, innermost = suffixes
    if not _SAFE_OUTER.issuperset(outer):
        return False
    return innermost in _SAFE_OUTER or (innermost == "ی" and stem.endswith(_VOWELS_BUT_I))


# Pre-checks so the shape regexes run only on words with a possible ending (C-level endswith first).
_INFINITIVE_ENDINGS = ("دن", "تن", "دنەوە", "تنەوە")
_AGENT_ENDINGS = ("ەر", "کار", "وان", "گر", "دار", "مەند", "چی")


_SHAPE_ENDINGS = (*_INFINITIVE_ENDINGS, *_AGENT_ENDINGS)


def _has_shape(stem: str) -> bool:
    """A verbal noun or agent noun by its shape alone (INFINITIVE_RE or AGENT_NOUN_RE)."""
    return bool(
        (stem.endswith(_INFINITIVE_ENDINGS) and INFINITIVE_RE.search(stem))
        or (stem.endswith(_AGENT_ENDINGS) and AGENT_NOUN_RE.search(stem))
    )


def _acceptable(
    stem: str,
    suffixes: tuple[str, ...],
    is_marked: bool,
    forms: tuple[str, ...],
    repaired: bool,
    entries: dict[str, tuple[int, int]],
) -> bool:
    """Is this cut (the fields of an Analysis) believable? The stem must be a word the corpus knows (or
    a verbal noun, or an unseen stem under an unmistakable determiner), and must not be dwarfed by the
    longer form it was cut from — otherwise that form is a word of its own (بارزانی, کێشە, لایەن, ئاسایش).
    ``entries`` is lexicon.entries()."""
    # a function word is no noun stem: پێش is not پێ + ش, پێکەوە is not پێ + کە + وە
    if len(stem) < MIN_STEM or stem in STOPWORDS:
        return False
    marked = entries.get(stem, _NOTHING)[1]
    if len(stem) == MIN_STEM and marked < MIN_SHORT_STEM_MARKED:
        return False  # ژنان → ژن, but کۆیە (Koya) is not کۆ + یە and یەکەم is not یە + کە + م
    if repaired and marked == 0:
        return False  # restore a swallowed ە only for a noun the corpus shows with ەکە/ێک
    # seen alone, or with only ezafe/-ش/-دا elsewhere: دۆسیە is hardly ever bare, but دۆسیەی is common
    # (lexicon.support, leaving out the very forms being cut: ئاسایش cannot vouch for ئاسای + ش)
    free = 0
    for suffix in lexicon.support_suffixes(stem):
        form = stem + suffix
        if form in entries and form not in forms:
            free += entries[form][0]
    if free == 0 and marked == 0:
        if INFINITIVE_RE.search(stem):
            return True  # verbal nouns are productive (ئاشکراکردن، وروژاندن): their shape is evidence
        if suffixes[-1] in ("ان", "یان") and AGENT_NOUN_RE.search(stem):
            return True  # so are agent nouns, which news pluralise: ئەنجامدەران، پاسەوانان، لایەنگران
        if len(stem) >= 3 and _safe_outer_cut(suffixes, stem) and _seen_elsewhere(stem, forms, entries):
            # the cuts an unseen word gets (guess_terms) are no riskier on a seen one, once another
            # form of the stem is seen too: بارەی → بارە (بارەیەوە), but بەغدا is no بەغ + دا
            return True
        # unknown stem: only trust an unmistakable determiner on a stem long enough to be a word
        return is_marked and len(stem) >= 3 and not repaired
    longest = max([entries.get(f, _NOTHING)[0] for f in forms])
    if "ن" in suffixes:
        for form, suffix in zip(forms, suffixes, strict=True):
            if suffix == "ن" and entries.get(form, _NOTHING)[1] > 0:
                return (
                    False  # a word seen under a determiner is a noun, not a copula: درۆن (درۆنەکە) ≠ درۆ + ن
                )
    if is_marked:
        # even under a determiner, a stem nobody writes alone does not beat a frequent whole word:
        # نزیکەی ("about") is not نزی + کە + ی
        # a stem seen under determiners of its own counts too: هێز (هێزەکە، هێزێک) is a noun even if
        # the corpus never shows it bare
        return free + marked >= MARKED_RATIO * longest
    if not _STRICT_SUFFIXES.isdisjoint(suffixes):
        # -ە, -ن and -ەوە end many words (کێشە، لایەن، زیندان، گەڕانەوە): cut them only off a stem
        # with more evidence than the longer form has (عێراقە → عێراق, هێرشەی → هێرش). A lexical -ەوە
        # takes the ezafe, the postposition does not: گەڕانەوەی vouches for گەڕانەوە.
        lexical_evidence = (entries.get(f + "ی", _NOTHING)[0] for f in forms if f.endswith("ەوە"))
        return free + marked >= max(longest, 1, *lexical_evidence)
    innermost = suffixes[-1]
    if innermost in ("ان", "یان") and entries.get(forms[-1], _NOTHING)[1] >= MIN_SINGULAR_MARKED:
        return False  # باران، کاروان، سامان take ەکە/ێک themselves: singular words, not plurals
    if innermost in _BARE_PERSON_SUFFIXES:
        # وڵاتمان is وڵات + مان, but دەرمان and سازمان are words: demand a noun that is commoner
        return marked > 0 and entries.get(stem, _NOTHING)[0] >= PROTECT_RATIO * longest
    if innermost == "ی" and marked > 0:
        return True  # ezafe is everywhere: سوپای (417) over سوپا (14) is still سوپا + ی
    return free + marked >= PROTECT_RATIO * longest


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The main index term of one normalised, folded word.

    >>> stem("هێرشەکەی")
    'هێرش'
    """
    cuts: list[_Cut] = []
    if word[-1:] in _START_LETTERS:
        _strip(word, _START_SLOT, None, False, cuts)
    if not cuts:
        return word
    evident = lexicon.bases(_EVIDENCE_SUFFIXES)
    entries = lexicon.entries()
    best = word
    best_key = (word in evident and (lexicon.is_known(word) or lexicon.support(word) > 0), True, 0, 0)
    candidates: set[str] = set()
    for found, link, is_marked, repaired in cuts:
        if found in evident:
            suffixes, forms = _unwind(link)
            if not _acceptable(found, suffixes, is_marked, forms, repaired, entries):
                continue
            # a stem the corpus knows beats a guessed one; then the most suffixes stripped
            counts = entries.get(found, _NOTHING)
            evidence = counts[0] + counts[1]
            key = (
                evidence > 0 or lexicon.support(found) > 0 or _has_shape(found),
                not repaired,
                len(word) - len(found),
                evidence,
            )
        else:
            # no form of it in the lexicon, so no evidence: _acceptable's decisions for such a stem,
            # inlined (this is most cuts of most unseen words)
            if repaired or len(found) <= MIN_STEM:
                continue
            if found.endswith(_SHAPE_ENDINGS):
                infinitive = found.endswith(_INFINITIVE_ENDINGS) and INFINITIVE_RE.search(found) is not None
                agent = found.endswith(_AGENT_ENDINGS) and AGENT_NOUN_RE.search(found) is not None
                if not (infinitive or is_marked or (agent and link[2] in ("ان", "یان"))):
                    continue
                shape = infinitive or agent
            elif is_marked:
                shape = False
            else:
                continue
            if found in STOPWORDS:
                continue
            key = (shape, True, len(word) - len(found), 0)
        if key > best_key:
            best, best_key = found, key
            candidates.add(found)
        elif key[0]:
            candidates.add(found)
    # کێشەکان cuts as کێش + ەکان or کێشە + کان: take the reading whose ezafe the corpus shows
    # (کێشەی, but هێزی for هێزەکان)
    if not candidates:
        return best
    if best + "ە" in candidates and lexicon.ezafe_score(best + "ە") > lexicon.ezafe_score(best):
        return best + "ە"
    if best.endswith("ە") and best[:-1] in candidates:
        if lexicon.ezafe_score(best[:-1]) > lexicon.ezafe_score(best):
            return best[:-1]
    return best


# Outer suffixes an unknown word can safely lose: postpositions and -ش never end a name.
# Outer suffixes an unknown word can safely lose, by kind, outermost kind first: copula/ezafe after a
# vowel, then -ش and the postpositions (in either order, each at most once). None ends a name.
# "W": after a vowel other than ی (ئۆبامای is ئۆباما + ی, but بۆماوەیی keeps its adjectival -یی)
# demonstrative یە + ezafe after a vowel (ئەو لێژنەیەی → لێژنە, دزییەی → دزی), but not after ا/ۆ/وو + ی,
# where that ی is a consonant (ئەمدوایی + ە + ی)
_GUESS_COPULA: tuple[tuple[str, str], ...] = (("یەی", "E"), ("یە", "V"), ("ی", "W"))  # ئۆکراینایە، ئۆبامای
_GUESS_ALSO: tuple[tuple[str, str], ...] = (("ش", "V"),)  # also after ی: زێلێنسکیش
_GUESS_POSTPOSITIONS: tuple[tuple[str, str], ...] = (
    ("یەوە", "V"),  # نەتانیاهوو + ی + ەوە
    ("ەوە", "C"),
    ("وە", "V"),
    ("دا", ""),
)


def _cut_one(word: str, kind: tuple[tuple[str, str], ...]) -> str | None:
    for suffix, after in kind:
        if not word.endswith(suffix):
            continue
        rest = word[: -len(suffix)]
        if len(rest) < 3:
            continue
        if not after:
            return rest
        vowel = rest.endswith(_VOWEL_ENDINGS)
        if after == "C":
            if vowel:
                continue
        elif not vowel:  # "V", "W" and "E" all need a vowel before the suffix
            continue
        elif after == "W" and rest[-1] == "ی":
            continue
        elif after == "E" and rest[-1] == "ی" and rest[:-1].endswith(_VOWEL_ENDINGS):
            continue
        return rest
    return None


_GUESS_COPULA_ENDINGS = tuple(suffix for suffix, _ in _GUESS_COPULA)
_GUESS_ALSO_ENDINGS = tuple(suffix for suffix, _ in _GUESS_ALSO)
_GUESS_POSTPOSITION_ENDINGS = tuple(suffix for suffix, _ in _GUESS_POSTPOSITIONS)
_GUESS_OUTER_ENDINGS = (*_GUESS_ALSO_ENDINGS, *_GUESS_POSTPOSITION_ENDINGS)
# every ending guess_terms acts on: a suffix it may cut, or a final ی / ە it may read two ways
_GUESS_ENDINGS = (*(suffix for suffix, _ in _GUESS_COPULA), *_GUESS_OUTER_ENDINGS, "ی", "ە")


@lru_cache(maxsize=100_000)
def guess_terms(word: str) -> tuple[str, ...]:
    """Terms for a word the lexicon has never seen (a new name in the news): drop postpositions, -ش,
    and ezafe/copula after a vowel; keep a final ی or ە after a consonant (names in -ی and -ە are
    common) but add the form without it as a second term, so a search for a bare new name still finds
    it with ezafe or copula: ``guess_terms("زێلێنسکیش") ==
    ("زێلێنسکی", "زێلێنسک")``."""
    if not word.endswith(_GUESS_ENDINGS):
        return (word,)  # nothing to cut, and no final ی or ە
    current = (word.endswith(_GUESS_COPULA_ENDINGS) and _cut_one(word, _GUESS_COPULA)) or word
    # a glide یە (یەوە، یەی) follows only a vowel: the ی before it is the stem's, not an ezafe
    stem_vowel = current != word and word[len(current) :].startswith("یە")
    kinds = [(_GUESS_ALSO, _GUESS_ALSO_ENDINGS), (_GUESS_POSTPOSITIONS, _GUESS_POSTPOSITION_ENDINGS)]
    for _ in range(2):
        if not current.endswith(_GUESS_OUTER_ENDINGS):
            break  # neither kind can cut anything from it
        for kind in kinds:
            if not current.endswith(kind[1]):
                continue
            rest = _cut_one(current, kind[0])
            if rest is not None:
                stem_vowel = current[len(rest) :].startswith("یە")
                current = rest
                kinds.remove(kind)
                break
    if current != word and current.endswith("یی") and len(current) >= 4 and not _ends_in_vowel(current[:-2]):
        current = current[:-1]  # the epenthetic ی before a cut vowel suffix: وردەکاریی + ەوە
        stem_vowel = True
    # a final ی or ە after a consonant may be ezafe/copula or part of the name: index both readings
    if (
        current.endswith(("ی", "ە"))
        and len(current) >= 4
        and not _ends_in_vowel(current[:-1])
        and not stem_vowel
    ):
        return (current, current[:-1])
    return (current,)
