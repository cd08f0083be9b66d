"""Stacked-suffix stemmer for Sorani nouns, adjectives and verbal nouns.

Every way to cut the word into a stem and stacked suffixes comes from ``suffixes.cuts`` (copula →
postposition → -یش → ezafe/possessive → definite/indefinite/demonstrative → plural, outside in), and the
derived lexicon picks the one whose stem is a real word:
``stem("هێرشەکەی") == "هێرش"``, ``stem("زانیارییەکان") == "زانیاری"``, ``stem("بارزانی") == "بارزانی"``.
The input is one already normalised and folded word (see ``analyze`` for raw text).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from archive.text import lexicon
from archive.text.stopwords import STOPWORDS
from archive.text.suffixes import (
    DETERMINER_ENDINGS,
    MIN_STEM,
    VOWEL_ENDINGS,
    cuts,
    ends_in_vowel,
    unwind,
)

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
_BARE_PERSON_SUFFIXES = frozenset({"مان", "تان"})


_NOTHING = (0, 0)


_SAFE_OUTER = frozenset({"دا", "ەوە", "وە", "ش"})
_VOWELS_BUT_I = ("ا", "ە", "ۆ", "ێ", "وو")


# forms that show a stem inflected: after a consonant not -ە/-ن/-ان, which end many words of their own
# (پێچەوانە is no پێچەوان + ە); after a vowel the person endings and -ن are unambiguous (نیوەیان، زۆربەمان)
_SIBLING_SUFFIXES = ("ی", "یە", "دا", "ەوە", "وە", "یەوە", "یەی", "ش", "یش", *DETERMINER_ENDINGS)
_SIBLING_SUFFIXES_AFTER_VOWEL = (*_SIBLING_SUFFIXES, "یان", "مان", "تان", "ن")


def _seen_elsewhere(stem: str, forms: tuple[str, ...], entries: dict[str, tuple[int, int]]) -> bool:
    """Does the corpus show ``stem`` with some suffix other than the ones being cut?"""
    siblings = _SIBLING_SUFFIXES_AFTER_VOWEL if ends_in_vowel(stem) else _SIBLING_SUFFIXES
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
    found_cuts = cuts(word)
    if not found_cuts:
        return word
    evident = lexicon.bases(_EVIDENCE_SUFFIXES)
    entries = lexicon.entries()
    best = word
    best_key = (word in evident and (lexicon.is_known(word) or lexicon.support(word) > 0), True, 0, 0)
    candidates: set[str] = set()
    for found, link, is_marked, repaired in found_cuts:
        if found in evident:
            suffixes, forms = unwind(link)
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
        vowel = rest.endswith(VOWEL_ENDINGS)
        if after == "C":
            if vowel:
                continue
        elif not vowel:  # "V", "W" and "E" all need a vowel before the suffix
            continue
        elif after == "W" and rest[-1] == "ی":
            continue
        elif after == "E" and rest[-1] == "ی" and rest[:-1].endswith(VOWEL_ENDINGS):
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
    if current != word and current.endswith("یی") and len(current) >= 4 and not ends_in_vowel(current[:-2]):
        current = current[:-1]  # the epenthetic ی before a cut vowel suffix: وردەکاریی + ەوە
        stem_vowel = True
    # a final ی or ە after a consonant may be ezafe/copula or part of the name: index both readings
    if (
        current.endswith(("ی", "ە"))
        and len(current) >= 4
        and not ends_in_vowel(current[:-1])
        and not stem_vowel
    ):
        return (current, current[:-1])
    return (current,)
