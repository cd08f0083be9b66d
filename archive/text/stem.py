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


def _strip(
    word: str,
    max_slot: float,
    found: tuple[str, ...],
    marked: bool,
    forms: tuple[str, ...],
    out: list[Analysis],
    determiner_only: bool = False,
) -> None:
    for suffix in _SUFFIXES_BY_LAST_LETTER.get(word[-1:], ()):
        if suffix.slot >= max_slot or not word.endswith(suffix.text):
            continue
        if determiner_only and not suffix.marker:
            continue
        rest = word[: -len(suffix.text)]
        if not _fits(rest, suffix):
            continue
        chain = (*found, suffix.text)
        now_marked = marked or suffix.marker
        now_forms = (*forms, word)
        if _epenthetic(rest, suffix):
            # زانیاریی+ەکان is زانیاری + ەکان: a vowel-initial suffix after a ی-final stem takes a glide
            # ی, so one ی belongs to the stem and the other to the suffix — never a stem in consonant + یی
            rest = rest[:-1]
            out.append(Analysis(rest, chain, now_marked, now_forms))
            _strip(rest, suffix.slot, chain, now_marked, now_forms, out)
            continue
        out.append(Analysis(rest, chain, now_marked, now_forms))
        if rest.endswith("یی"):
            out.append(Analysis(rest[:-1], chain, now_marked, now_forms))  # ئاسایی + ە or ئاسای + ی + ە
        elif suffix.text.startswith("ا") or suffix.text in ("ەکە", "ەکان"):
            out.append(Analysis(rest + "ە", chain, now_marked, now_forms, True))
        _strip(rest, suffix.slot, chain, now_marked, now_forms, out)
    if max_slot <= EZAFE:
        return
    for clitic in PERSON_CLITICS:
        rest = word[: -len(clitic)]
        if word.endswith(clitic) and rest.endswith(_DETERMINER_ENDINGS) and len(rest) > 3:
            _strip(rest, EZAFE, (*found, clitic), marked, (*forms, word), out, determiner_only=True)


def analyses(word: str) -> list[Analysis]:
    """Every way ``word`` can be cut into stem + stacked suffixes (not yet checked against the lexicon)."""
    out: list[Analysis] = []
    _strip(word, COPULA + 1, (), False, (), out)
    return out


_NOTHING = (0, 0)


def _support_elsewhere(stem: str, forms: tuple[str, ...], entries: dict[str, tuple[int, int]]) -> int:
    """lexicon.support, leaving out the very forms being cut (ئاسایش cannot vouch for ئاسای + ش)."""
    total = 0
    for suffix in lexicon.support_suffixes(stem):
        form = stem + suffix
        if form not in forms:
            total += entries.get(form, _NOTHING)[0]
    return total


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


def _safe_outer_cut(analysis: Analysis) -> bool:
    """Only postpositions, -ش, and an ezafe after a vowel other than ی were cut (بارەی → بارە,
    ئەمریکاش → ئەمریکا): none of them ends a name or a lexical word."""
    *outer, innermost = analysis.suffixes
    if not _SAFE_OUTER.issuperset(outer):
        return False
    return innermost in _SAFE_OUTER or (innermost == "ی" and analysis.stem.endswith(_VOWELS_BUT_I))


def _acceptable(analysis: Analysis) -> bool:
    """Is this cut believable? The stem must be a word the corpus knows (or a verbal noun, or an
    unseen stem under an unmistakable determiner), and must not be dwarfed by the longer form it
    was cut from — otherwise that form is a word of its own (بارزانی, کێشە, لایەن, ئاسایش)."""
    stem = analysis.stem
    # a function word is no noun stem: پێش is not پێ + ش, پێکەوە is not پێ + کە + وە
    if len(stem) < MIN_STEM or stem in STOPWORDS:
        return False
    entries = lexicon.entries()
    marked = entries.get(stem, _NOTHING)[1]
    if len(stem) == MIN_STEM and marked < MIN_SHORT_STEM_MARKED:
        return False  # ژنان → ژن, but کۆیە (Koya) is not کۆ + یە and یەکەم is not یە + کە + م
    if analysis.repaired and marked == 0:
        return False  # restore a swallowed ە only for a noun the corpus shows with ەکە/ێک
    # seen alone, or with only ezafe/-ش/-دا elsewhere: دۆسیە is hardly ever bare, but دۆسیەی is common
    free = _support_elsewhere(stem, analysis.forms, entries)
    if free == 0 and marked == 0:
        if INFINITIVE_RE.search(stem):
            return True  # verbal nouns are productive (ئاشکراکردن، وروژاندن): their shape is evidence
        if analysis.suffixes[-1] in ("ان", "یان") and AGENT_NOUN_RE.search(stem):
            return True  # so are agent nouns, which news pluralise: ئەنجامدەران، پاسەوانان، لایەنگران
        if len(stem) >= 3 and _safe_outer_cut(analysis) and _seen_elsewhere(stem, analysis.forms, entries):
            # the cuts an unseen word gets (guess_terms) are no riskier on a seen one, once another
            # form of the stem is seen too: بارەی → بارە (بارەیەوە), but بەغدا is no بەغ + دا
            return True
        # unknown stem: only trust an unmistakable determiner on a stem long enough to be a word
        return analysis.marked and len(stem) >= 3 and not analysis.repaired
    longest = max(entries.get(f, _NOTHING)[0] for f in analysis.forms)
    for form, suffix in zip(analysis.forms, analysis.suffixes, strict=True):
        if suffix == "ن" and entries.get(form, _NOTHING)[1] > 0:
            return False  # a word seen under a determiner is a noun, not a copula: درۆن (درۆنەکە) ≠ درۆ + ن
    if analysis.marked:
        # even under a determiner, a stem nobody writes alone does not beat a frequent whole word:
        # نزیکەی ("about") is not نزی + کە + ی
        # a stem seen under determiners of its own counts too: هێز (هێزەکە، هێزێک) is a noun even if
        # the corpus never shows it bare
        return free + marked >= MARKED_RATIO * longest
    if not _STRICT_SUFFIXES.isdisjoint(analysis.suffixes):
        # -ە, -ن and -ەوە end many words (کێشە، لایەن، زیندان، گەڕانەوە): cut them only off a stem
        # with more evidence than the longer form has (عێراقە → عێراق, هێرشەی → هێرش). A lexical -ەوە
        # takes the ezafe, the postposition does not: گەڕانەوەی vouches for گەڕانەوە.
        lexical_evidence = (entries.get(f + "ی", _NOTHING)[0] for f in analysis.forms if f.endswith("ەوە"))
        return free + marked >= max(longest, 1, *lexical_evidence)
    innermost = analysis.suffixes[-1]
    if innermost in ("ان", "یان") and entries.get(analysis.forms[-1], _NOTHING)[1] >= MIN_SINGULAR_MARKED:
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
    best = word
    best_key = (lexicon.is_known(word) or lexicon.support(word) > 0, True, 0, 0)
    candidates: set[str] = set()
    for analysis in analyses(word):
        if not _acceptable(analysis):
            continue
        # a stem the corpus knows beats a guessed one; then the most suffixes stripped
        key = (
            lexicon.is_known(analysis.stem)
            or lexicon.support(analysis.stem) > 0
            or bool(INFINITIVE_RE.search(analysis.stem) or AGENT_NOUN_RE.search(analysis.stem)),
            not analysis.repaired,
            len(word) - len(analysis.stem),
            lexicon.evidence(analysis.stem),
        )
        if key > best_key:
            best, best_key = analysis.stem, key
            candidates.add(analysis.stem)
        elif key[0]:
            candidates.add(analysis.stem)
    # کێشەکان cuts as کێش + ەکان or کێشە + کان: take the reading whose ezafe the corpus shows
    # (کێشەی, but هێزی for هێزەکان)
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
        rest = word[: -len(suffix)]
        if not word.endswith(suffix) or len(rest) < 3:
            continue
        if (after == "C" and _ends_in_vowel(rest)) or (after == "V" and not _ends_in_vowel(rest)):
            continue
        if after == "W" and (not _ends_in_vowel(rest) or rest.endswith("ی")):
            continue
        if after == "E" and (not _ends_in_vowel(rest) or (rest.endswith("ی") and _ends_in_vowel(rest[:-1]))):
            continue
        return rest
    return None


@lru_cache(maxsize=100_000)
def guess_terms(word: str) -> tuple[str, ...]:
    """Terms for a word the lexicon has never seen (a new name in the news): drop postpositions, -ش,
    and ezafe/copula after a vowel; keep a final ی or ە after a consonant (names in -ی and -ە are
    common) but add the form without it as a second term, so a search for a bare new name still finds
    it with ezafe or copula: ``guess_terms("زێلێنسکیش") ==
    ("زێلێنسکی", "زێلێنسک")``."""
    current = _cut_one(word, _GUESS_COPULA) or word
    # a glide یە (یەوە، یەی) follows only a vowel: the ی before it is the stem's, not an ezafe
    stem_vowel = current != word and word[len(current) :].startswith("یە")
    kinds = [_GUESS_ALSO, _GUESS_POSTPOSITIONS]
    for _ in range(2):
        for kind in kinds:
            rest = _cut_one(current, kind)
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
