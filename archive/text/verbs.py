"""Verb forms to the verbal noun (infinitive) a search for the action should find.

- light-verb compounds with کردن: ``verb_terms("ئاشکرایکرد") == ("ئاشکراکردن", "ئاشکرا")``,
  ``verb_terms("سازدەکات") == ("سازکردن", "ساز")``; the verb itself: ``verb_terms("بکەین") == ("کردن",)``;
- a past stem whose infinitive the corpus knows: ``verb_terms("هێنا") == ("هێنان",)``;
- a preverb with a person clitic inside: ``verb_terms("ڕایگەیاند") == ("ڕاگەیاندن",)``.
Returns ``None`` for anything that is not recognisably a verb.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from archive.text import lexicon
from archive.text.stopwords import STOPWORDS

_PAST_ENDINGS = ("", "م", "ت", "ی", "مان", "تان", "یان", "ن", "ین", "ووە", "بوو", "بوون", "ووە", "وون")
_PRESENT_ENDINGS = ("م", "یت", "ێت", "ات", "ا", "ین", "ن")
_TENSE_PREFIXES = ("", "دە", "نا", "نە", "ب", "نەدە")


def _kirdin_forms() -> frozenset[str]:
    """The paradigm of کردن (to do/make), the light verb of most Sorani compound verbs."""
    forms = {"کردن", "کردنی", "کردنە"}
    for prefix, ending in product(("", "نە"), _PAST_ENDINGS):
        forms.add(f"{prefix}کرد{ending}")
    for prefix, ending in product(("دە", "نا", "ب", "نە"), _PRESENT_ENDINGS):
        forms.add(f"{prefix}کە{ending}" if not ending.startswith("ا") else f"{prefix}ک{ending}")
    for prefix, ending in product(_TENSE_PREFIXES, ("ێت", "ێن", "ێ")):
        forms.add(f"{prefix}کر{ending}")
    for prefix, ending in product(("", "نە"), ("ا", "ان", "اوە", "اون", "ابوو", "ابوون", "اوە")):
        forms.add(f"{prefix}کر{ending}")
    forms.discard("کە")  # the relative particle, not a verb form on its own
    forms.discard("ب")
    return frozenset(forms)


KIRDIN_FORMS = _kirdin_forms()
_KIRDIN_BY_LENGTH = sorted(KIRDIN_FORMS, key=len, reverse=True)
_KIRDIN_TUPLE = tuple(_KIRDIN_BY_LENGTH)
_CLITICS = ("یان", "مان", "تان", "ی", "م", "ت", "")
PREVERBS = ("هەڵ", "ڕا", "دا", "دەر", "وەر", "ڕۆ", "تێ", "پێ", "لێ")
_PAST_STEM_ENDINGS = ("ا", "ی", "د", "ت", "وو")
MIN_HOST_EVIDENCE = 3
# Present forms of کردن that no noun ending imitates (unlike دەکەن, which also ends کوردەکەن = کورد + ەکە
# + ن): after one of them the host needs no corpus evidence (سازدەکات، پەسەنددەکرێت)
UNMISTAKABLE_PRESENT = frozenset({"دەکات", "دەکرێت", "ناکات", "ناکرێت"})
MIN_INFINITIVE_EVIDENCE = 3


# The forms of کردن by their last two letters, longest first: only those can end a word with that tail.
_KIRDIN_BY_TAIL: dict[str, tuple[str, ...]] = {}
for _form in _KIRDIN_BY_LENGTH:
    _KIRDIN_BY_TAIL[_form[-2:]] = (*_KIRDIN_BY_TAIL.get(_form[-2:], ()), _form)
assert min(map(len, KIRDIN_FORMS)) >= 2


def _light_verb(word: str) -> tuple[str, ...] | None:
    if word in KIRDIN_FORMS:
        return ("کردن",)
    forms = _KIRDIN_BY_TAIL.get(word[-2:])
    if forms is None or not word.endswith(forms):  # most words are nouns: no form of کردن ends them
        return None
    for form in forms:
        if not word.endswith(form) or len(word) - len(form) < 2:
            continue
        head = word[: -len(form)]
        for clitic in _CLITICS:
            if clitic and not head.endswith(clitic):
                continue
            host = head[: len(head) - len(clitic)] if clitic else head
            # ئاشکرا ends like کرا but is far commoner than ئاش: a word of its own, not a compound
            host_evidence = lexicon.evidence(host)
            if (
                len(host) >= 2
                and host_evidence >= MIN_HOST_EVIDENCE
                and host_evidence > lexicon.evidence(word)
            ) or (not clitic and form in UNMISTAKABLE_PRESENT and len(host) >= 3 and host not in STOPWORDS):
                if host in PREVERBS or host in STOPWORDS:
                    return (host + "کردن",)  # دەرکرد، پێکرا: the compound is the word, دەر/پێ are not
                return (host + "کردن", host)
    return None


_PREVERBS_BY_FIRST_LETTER = {
    letter: tuple(p for p in PREVERBS if p[0] == letter) for letter in {p[0] for p in PREVERBS}
}
_CLITICS_BY_FIRST_LETTER = {
    letter: tuple(c for c in _CLITICS[:-1] if c[0] == letter) for letter in {c[0] for c in _CLITICS[:-1]}
}


def _preverb_with_clitic(word: str) -> tuple[str, ...] | None:
    if not word.startswith(PREVERBS):
        return None
    entries = lexicon.entries()
    for preverb in _PREVERBS_BY_FIRST_LETTER[word[0]]:  # PREVERBS in order, those with word's first letter
        if not word.startswith(preverb):
            continue
        rest = word[len(preverb) :]
        for clitic in _CLITICS_BY_FIRST_LETTER.get(rest[:1], ()):  # _CLITICS[:-1] in order, likewise
            if rest.startswith(clitic) and len(rest) - len(clitic) >= 2:
                verb = preverb + rest[len(clitic) :]
                if verb + "ن" in entries and lexicon.evidence(verb + "ن") >= MIN_INFINITIVE_EVIDENCE:
                    return (verb + "ن",)
    return None


def _is_past_stem(word: str) -> bool:
    """کوشت، هات، کوژرا are past stems of کوشتن، هاتن، کوژران. A word seen with ەکە/ێک is a noun (کورد),
    even if کوردن ("they are Kurds") occurs."""
    if len(word) < 3 or not word.endswith(_PAST_STEM_ENDINGS) or word + "ن" not in lexicon.entries():
        return False  # (without word + ن in the list, the infinitive test below fails anyway)
    if lexicon.marked_count(word) > 0:
        return False
    infinitive = lexicon.evidence(word + "ن")
    if infinitive < MIN_INFINITIVE_EVIDENCE:
        return False
    # after ا and ی too many nouns have an -ن sibling (سەردا/سەردان, دوایی/دوایین): only the passive -را
    return word.endswith(("د", "ت", "وو", "را"))


@lru_cache(maxsize=100_000)
def verb_terms(word: str) -> tuple[str, ...] | None:
    """Terms for a finite verb or compound verbal noun (normalised, folded), or None."""
    # each helper is called only when the word could be its kind (cheap checks first: most words are nouns)
    forms = _KIRDIN_BY_TAIL.get(word[-2:])
    if word in KIRDIN_FORMS or (forms is not None and word.endswith(forms)):
        light = _light_verb(word)
        if light is not None:
            return light
    if word.startswith(PREVERBS):
        preverb = _preverb_with_clitic(word)
        if preverb is not None:
            return preverb
    if word.endswith(_PAST_STEM_ENDINGS) and word + "ن" in lexicon.entries() and _is_past_stem(word):
        return (word + "ن",)
    return None
