"""Names: letter folding, matching keys, and linking one article's mentions to canonical entities.

- ``fold_word`` is a light fold for tagger features and lookups: Arabic-keyboard letters become Sorani
  ones, digits ASCII, marks and invisible characters go, and ڕ folds to ر because news writers use both
  («رۆژی» / «ڕۆژی»). Only keyboard variants fold: ``fold_word("كاظمي") == "کاظمی"``.
- ``name_key`` is aggressive, so Arabic and Kurdish spellings of one name meet: the Arabic emphatic
  letters become the sounds Kurds read (ظ ض ذ → ز, ث ص → س, ط → ت), the article ال and written short
  vowels go, doubled letters collapse: ``name_key("مصطفى الكاظمي") == name_key("مستەفا کازمی")``.
- ``named_span`` reduces a tagged span to a bare name (no title words, clitics peeled from the last
  word); ``link`` groups one article's spans into ``Entity`` objects (surnames join the full name);
  ``propagate`` finds further untagged occurrences of names the tagger found elsewhere in the article.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

from archive.text import lexicon, normalize
from archive.text import stem as text_stem

_INVISIBLE = (
    "\u0640\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\ufeff"
)
_MARKS = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"

_KEYBOARD = {
    "ي": "ی",
    "ى": "ی",
    "ے": "ی",
    "ك": "ک",
    "ڪ": "ک",
    "ة": "ە",
    "ۀ": "ە",
    "ڒ": "ر",
    "ڕ": "ر",
    "ڶ": "ڵ",
    "ۅ": "ۆ",
    "ؤ": "ۆ",
    "ھ": "ه",
    "أ": "ئ",
    "إ": "ئ",
    "آ": "ئا",
    "ٱ": "ا",
}
for _i in range(10):
    _KEYBOARD[chr(0x0660 + _i)] = str(_i)
    _KEYBOARD[chr(0x06F0 + _i)] = str(_i)
for _ch in _INVISIBLE + _MARKS:
    _KEYBOARD[_ch] = ""
_KEYBOARD_TABLE = str.maketrans(_KEYBOARD)

_EMPHATIC_TABLE = str.maketrans({"ظ": "ز", "ض": "ز", "ذ": "ز", "ث": "س", "ص": "س", "ط": "ت", "ء": ""})


def _presentation_forms(text: str) -> str:
    # Old PDFs carry Arabic presentation forms; NFKC only those characters so other text is untouched.
    if not any("\ufb50" <= ch <= "\ufeff" for ch in text):
        return text
    return "".join(unicodedata.normalize("NFKC", ch) if "\ufb50" <= ch <= "\ufefe" else ch for ch in text)


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """Fold keyboard and spelling variants of one word for tagger features.

    ``fold_word("رێبەرى") == "رێبەری"``, ``fold_word("٢٠٢١ی") == "2021ی"``, ``fold_word("مەسرووڕ") == "مەسروور"``.
    Word-final ه (or legacy ه + ZWNJ) becomes ە, because Sorani writes final /e/ as ە.
    """
    word = _presentation_forms(word)
    word = word.replace("ه\u200c", "ە")
    word = word.translate(_KEYBOARD_TABLE)
    if len(word) > 1 and word.endswith("ه"):
        word = word[:-1] + "ە"
    return word.lower()


def fold_name(word: str) -> str:
    """Fold a word hard enough for Arabic and Kurdish spellings of a name to meet.

    ``fold_name("الكاظمي") == "الکازمی"`` (the article is removed by ``names.name_key``, not here).
    """
    return fold_word(word).translate(_EMPHATIC_TABLE)


# Letters Arabic lacks, folded to the letter Arabic writers use for them (نێچیرڤان ↔ نيجيرفان).
_SKELETON_TABLE = str.maketrans(
    {"ێ": "ی", "ۆ": "و", "ڵ": "ل", "ڤ": "ف", "چ": "ج", "پ": "ب", "گ": "ک", "ە": "", "ئ": "", "ء": ""}
)
_KURDISH_SPELLING = frozenset("ەێۆڵڕڤچپژگ")
_NAME_PUNCT = str.maketrans({ch: " " for ch in "«»\"'()[]{}.,،؛;:!?؟-–—_/\\"})


def is_kurdish_spelling(word: str) -> bool:
    """True when a word shows Kurdish orthography (written short vowels, Kurdish-only letters).

    ``is_kurdish_spelling("موقتەدا")`` is True; ``is_kurdish_spelling("مقتدى")`` and the neutral
    ``is_kurdish_spelling("محمود")`` are False: Kurdish spelling writes ە, so a word without it reads Arabic.
    """
    # Kurdish letters win over keyboard variants: «فراکسیۆنى» is Kurdish typed on an Arabic keyboard.
    return any(ch in _KURDISH_SPELLING for ch in word) or "وو" in word


@lru_cache(maxsize=100_000)
def _word_key(word: str) -> str:
    kurdish = is_kurdish_spelling(word)
    if not kurdish and word.endswith("ى"):
        word = word[:-1] + "ا"  # alif maqsura: مصطفى is read «مستەفا»
    folded = fold_name(word)
    if folded.startswith("ال") and len(folded) >= 4:
        folded = folded[2:]  # Kurdish never starts a word with a bare ا: this is the Arabic article
    if folded.startswith(("ئی", "ئو")) and len(folded) > 3:
        folded = folded[2:]  # ئیبراهیم ↔ إبراهيم, ئوسامە ↔ أسامة: the written initial vowel
    if kurdish and len(folded) > 3 and folded[1] == "و" and folded[2] != "و":
        # Kurdish writes the short u of a first syllable (موقتەدا, حوسێن); Arabic leaves it out (مقتدى).
        folded = folded[0] + folded[2:]
    folded = folded.translate(_SKELETON_TABLE)
    out: list[str] = []
    for ch in folded:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def name_key(name: str) -> str:
    """A matching key for a name: Arabic and Kurdish spellings, vowel marks and doubling fold together.

    ``name_key("مستەفا کازمی") == name_key("مصطفى الكاظمي")``; ``name_key("كازمي") == name_key("کازمی")``;
    ``name_key("موقتەدا سەدر") == name_key("مقتدى الصدر")``. Never raises; empty for a name without letters.
    """
    if not isinstance(name, str):
        return ""
    return _name_key(name)


@lru_cache(maxsize=100_000)
def _name_key(name: str) -> str:
    # Cached: the importer keys every spelling of every entity of every article, and names repeat.
    words = name.translate(_NAME_PUNCT).split()
    keys = [k for k in (_word_key(w) for w in words) if k]
    return " ".join(keys)


# ---------------------------------------------------------------------------------------------------
# Linking mentions inside one article to canonical entities.

EntityKind = Literal["person", "place", "org"]
KIND_OF_TAG: dict[str, EntityKind] = {"PER": "person", "LOC": "place", "ORG": "org"}

# Suffix chains whose removal is always safe, even on a name: definite, plural, "also", postpositions.
_MARKED_ENDINGS = ("ەکە", "ەکان", "یەکە", "ەکەی", "ەکانی", "یش", "ەوە", "یەوە", "دا", "ێک", "ێکی")
# Endings names often really have (بارزانی, کازمی, سودانی): only cut from places and organisations.
_AMBIGUOUS_ENDINGS = ("ی", "ە", "یە", "ییە")


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity: ``text[start:end] == surface`` (clitics included, titles not)."""

    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Entity:
    """A person, place or organisation of one article with every way the article names it."""

    kind: EntityKind
    name: str
    key: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class NamedSpan:
    """A tagged span reduced to its bare name: title words dropped, clitics peeled from the last word."""

    kind: EntityKind
    start: int
    end: int
    bare: str
    key: str
    variant: str = ""  # the name as written when only an ezafe/adjective ی was peeled: «ڕەوتی سەدری»

    @property
    def words(self) -> int:
        return len(self.bare.split())


def _prefix_for(word: str, folded_target: str) -> str:
    """The shortest prefix of ``word`` whose folded form is ``folded_target`` ('' when none is)."""
    for cut in range(1, len(word) + 1):
        if fold_word(word[:cut]) == folded_target:
            return word[:cut]
    return ""


def bare_word(word: str, kind: EntityKind) -> str:
    """The last word of a name without clitics: ``bare_word("هەولێری", "place") == "هەولێر"``,
    ``bare_word("کازمییەکە", "person") == "کازمی"``, ``bare_word("بارزانی", "person") == "بارزانی"``."""
    from archive.extract.gazetteer import bare_candidates
    from archive.extract.gazetteer import load as load_gazetteer

    gaz = load_gazetteer()
    folded = fold_word(word)
    if folded in gaz.single:
        return word
    known = [c for c in bare_candidates(word, min_len=3) if c != folded and c in gaz.single]
    if known:  # the least peeled form the gazetteer knows: کازمییەکە → کازمی, not the given name کازم
        return _prefix_for(word, max(known, key=len)) or word
    stemmed = fold_word(text_stem(word))
    if not stemmed or stemmed == folded or not folded.startswith(stemmed) or len(stemmed) < 2:
        return word
    removed = folded[len(stemmed) :]
    if removed.endswith(_MARKED_ENDINGS) or (kind != "person" and removed in _AMBIGUOUS_ENDINGS):
        return _prefix_for(word, stemmed) or word
    return word


_WORD_RE = regex.compile(r"[\p{L}\p{M}\p{Nd}\u0640]+(?:[\p{Cf}.]+[\p{L}\p{M}\p{Nd}\u0640]+)*\.?")


def named_span(text: str, start: int, end: int, kind: EntityKind) -> NamedSpan | None:
    """Reduce ``text[start:end]`` to a bare name; None when nothing name-like is left.

    ``named_span("سەرۆکی هەرێمی کوردستانیش", 0, 24, "place")`` covers «هەرێمی کوردستانیش» with bare
    name «هەرێمی کوردستان»: a title is not part of a name.
    """
    reduced = _reduce(text[start:end], kind)
    if reduced is None:
        return None
    rel_start, rel_end, bare, key, variant = reduced
    return NamedSpan(
        kind=kind, start=start + rel_start, end=start + rel_end, bare=bare, key=key, variant=variant
    )


@lru_cache(maxsize=100_000)
def _reduce(span: str, kind: EntityKind) -> tuple[int, int, str, str, str] | None:
    """``named_span`` on a span's own text, cached: one article names the same people many times."""
    from archive.extract.gazetteer import load as load_gazetteer

    gaz = load_gazetteer()
    words = [m.span() for m in _WORD_RE.finditer(span)]
    while len(words) > 1 and fold_word(span[words[0][0] : words[0][1]]) in gaz.titles:
        words.pop(0)
    if kind == "person" and len(words) > 1 and is_common_noun_ezafe(span[words[0][0] : words[0][1]]):
        words.pop(0)  # «ماڵی کازمی» (Kazimi's house): the head noun is not part of the name
    if kind == "person":
        # «ئاوات محەمەد قائیمقامی سلێمانی»: a role after the name is not part of it either.
        for position in range(1, len(words)):
            if fold_word(span[words[position][0] : words[position][1]]) in gaz.titles:
                del words[position:]
                break
    if not words or not any(ch.isalpha() for ch in span[words[0][0] : words[-1][1]]):
        return None
    names = [_clean(span[a:b]) for a, b in words]
    last = names[-1]
    names[-1] = _clean(bare_word(last, kind))
    if len(names) == 1 and last == names[0] + "ی" and is_mostly_common_noun(names[0]):
        return None  # «لە ڕووداوی هێرشەکە» (in the incident of the attack) is a noun phrase, not a name
    bare = " ".join(names)
    key = name_key(bare)
    if not key:
        return None
    variant = " ".join([*names[:-1], last]) if last == names[-1] + "ی" else ""
    return words[0][0], words[-1][1], bare, key, variant


# Keyboard variants folded for display only (the spelling itself is kept: «مصطفى» stays Arabic-spelled).
_DISPLAY_TABLE = str.maketrans({"ي": "ی", "ے": "ی", "ك": "ک", "ڪ": "ک", "ھ": "ه", "\u0640": None})


def _clean(word: str) -> str:
    """A name word for display: «ھەولێر» → «هەولێر», «ناحیەى» → «ناحیەی»; legacy ه + ZWNJ → ە."""
    word = unicodedata.normalize("NFC", word).replace("ه\u200c", "ە").replace("\u200c", "")
    word = word.translate(_DISPLAY_TABLE)
    if is_kurdish_spelling(word):
        word = word.replace("ى", "ی")  # in Arabic spelling ى is a vowel (مصطفى), in Kurdish a keyboard ی
    return "".join(ch for ch in word if ch.isalnum() or ch in ".-")


def is_common_noun(word: str) -> bool:
    """True for a word the lexicon has seen with a definite suffix (ماڵ → ماڵەکە): names never take one."""
    return lexicon.marked_count(normalize(word)) > 0


def is_mostly_common_noun(word: str) -> bool:
    """True when the lexicon sees ``word`` with a definite suffix often, not just by accident:
    «ڕووداو» (event; also the outlet Rudaw) is, «عێراق» is not."""
    normal = normalize(word)
    marked = lexicon.marked_count(normal)
    # Proper names almost never take -ەکە; a word that does in a fifth of its uses is a common noun.
    return marked >= 5 and 5 * marked >= lexicon.free_count(normal)


def is_common_noun_ezafe(word: str) -> bool:
    """«ماڵی», «شاری»: a common noun carrying the ezafe ی, not a given name (عەلی, مەهدی are names)."""
    from archive.extract.gazetteer import load as load_gazetteer

    folded = fold_word(word)
    if not folded.endswith("ی") or len(folded) < 3 or folded in load_gazetteer().single:
        return False
    return is_common_noun(word[:-1])


def _canonical(names: list[str]) -> str:
    """The most complete Kurdish-spelled form: most words, Kurdish spelling, most frequent, first seen."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    first = {n: i for i, n in reversed(list(enumerate(names)))}

    def rank(n: str) -> tuple[int, int, int, int]:
        kurdish = int(any(is_kurdish_spelling(w) for w in n.split()) or not _looks_arabic(n))
        return (len(n.split()), kurdish, counts[n], -first[n])

    return max(counts, key=rank)


def _looks_arabic(name: str) -> bool:
    return any(ch in "كيىةظضذثصطأإؤ" for ch in name) or any(w.startswith("ال") for w in name.split())


def link(text: str, spans: list[NamedSpan]) -> list[Entity]:
    """Group one article's named spans into entities.

    Same kind and key → one entity; a one-word person mention joins the person whose last (or, failing
    that, first) name has its key — the nearest such person before it, else the first after it — so
    «کازمی» joins «مستەفا کازمی». Entities come out in order of first mention.
    """
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    # One name means one thing within an article: a key tagged with two kinds takes the commoner one.
    votes: dict[str, dict[str, int]] = {}
    for span in ordered:
        counts = votes.setdefault(span.key, {})
        counts[span.kind] = counts.get(span.kind, 0) + 1
    kind_of_key = {key: max(counts, key=counts.__getitem__) for key, counts in votes.items()}
    groups: dict[tuple[str, str], list[NamedSpan]] = {}
    for span in ordered:
        groups.setdefault((kind_of_key[span.key], span.key), []).append(span)

    # «شیاع سودانی» joins «محەمەد شیاع سودانی»: a shorter full name that begins or ends a longer one.
    people = sorted(
        ((key, g) for (kind, key), g in groups.items() if kind == "person" and len(key.split()) > 1),
        key=lambda item: -len(item[0].split()),
    )
    for key, group in people:
        words = key.split()
        longer = [
            g
            for other, g in people
            if len(other.split()) > len(words)
            and (other.split()[: len(words)] == words or other.split()[-len(words) :] == words)
        ]
        if len(longer) == 1 and ("person", key) in groups:
            longer[0].extend(group)
            del groups[("person", key)]

    full_people = [g for (kind, key), g in groups.items() if kind == "person" and len(key.split()) > 1]
    for (kind, key), group in list(groups.items()):
        if kind != "person" or len(key.split()) != 1:
            continue
        target = _surname_target(key, group[0].start, full_people)
        if target is not None:
            target.extend(group)
            del groups[(kind, key)]

    entities: list[Entity] = []
    for (kind, _key), group in groups.items():
        group.sort(key=lambda s: (s.start, s.end))
        names = [s.bare for s in group]
        canonical = _canonical(names)
        variants = [s.variant for s in group if s.variant]
        aliases = list(dict.fromkeys([canonical, *names, *variants]))
        mentions = tuple(dict.fromkeys(Mention(s.start, s.end, text[s.start : s.end]) for s in group))
        entities.append(
            Entity(
                kind=kind,  # type: ignore[arg-type]  # a kind of a span, so one of EntityKind
                name=canonical,
                key=name_key(canonical),
                aliases=tuple(aliases),
                mentions=mentions,
            )
        )
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _surname_target(key: str, at: int, people: list[list[NamedSpan]]) -> list[NamedSpan] | None:
    for position in (-1, 0):  # the surname first, then the given name
        matches = [g for g in people if g[0].key.split()[position] == key]
        if not matches:
            continue
        before = [g for g in matches if g[0].start < at]
        if before:
            return max(before, key=lambda g: max(s.start for s in g if s.start < at))
        return min(matches, key=lambda g: g[0].start)
    return None


@lru_cache(maxsize=100_000)
def _token_keys(token: str) -> tuple[str, str, str]:
    """(key as written, key with clitics peeled as a person's name, … as a place or organisation)."""
    return (name_key(token), name_key(bare_word(token, "person")), name_key(bare_word(token, "place")))


def propagate(
    text: str, tokens: list[tuple[int, int]], token_texts: list[str], spans: list[NamedSpan]
) -> list[NamedSpan]:
    """Find further, untagged occurrences of names the tagger found elsewhere in the article.

    The tagger may tag «مستەفا کازمی» once and miss «ماڵی کازمی» later; a name is a name throughout its
    article. Multi-word names and surnames are searched for; a one-word name only when it is not a
    common noun, so «ئازاد» (free) is not a person everywhere. ``token_texts[i] == text[a:b]`` for
    ``tokens[i] == (a, b)`` (the caller has sliced them already).
    """
    patterns: dict[tuple[str, ...], EntityKind] = {}
    for span in spans:
        words = tuple(span.key.split())
        if len(words) > 1:
            patterns.setdefault(words, span.kind)
        if span.kind == "person" and len(words) > 1:
            surname = span.bare.split()[-1]
            if len(words[-1]) >= 3 and not is_common_noun(surname):
                patterns.setdefault((words[-1],), "person")
        elif len(words) == 1 and len(words[0]) >= 3 and not is_common_noun(span.bare):
            patterns.setdefault(words, span.kind)
    if not patterns:
        return []
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for pattern in sorted(patterns, key=len, reverse=True):
        by_first.setdefault(pattern[0], []).append(pattern)
    taken = _covered_tokens(tokens, spans)
    keys = list(map(_token_keys, token_texts))
    # Only tokens with a key some pattern starts with can start a match.
    starts = [i for i, (k0, k1, k2) in enumerate(keys) if k0 in by_first or k1 in by_first or k2 in by_first]
    added: list[NamedSpan] = []
    n = len(tokens)
    resume = 0  # tokens before this one belong to a name just added
    for i in starts:
        if i < resume or taken[i]:
            continue
        # Multi-word names start with a word as written; a one-word name may carry clitics.
        candidates = [
            *by_first.get(keys[i][0], ()),
            *by_first.get(keys[i][1], ()),
            *by_first.get(keys[i][2], ()),
        ]
        for pattern in candidates:
            length = len(pattern)
            if i + length > n or any(taken[i : i + length]):
                continue
            if any(keys[i + k][0] != pattern[k] for k in range(length - 1)):
                continue
            if pattern[-1] not in keys[i + length - 1]:
                continue
            named = named_span(text, tokens[i][0], tokens[i + length - 1][1], patterns[pattern])
            if named is not None and tuple(named.key.split()) in patterns:
                added.append(named)
                resume = i + length
                break
    return added


def _covered_tokens(tokens: list[tuple[int, int]], spans: list[NamedSpan]) -> bytearray:
    """For each token, whether it overlaps one of ``spans`` (tokens in text order, not overlapping)."""
    taken = bytearray(len(tokens))
    if not spans:
        return taken
    token_starts = [a for a, _ in tokens]
    token_ends = [b for _, b in tokens]
    for span in spans:
        first = bisect.bisect_right(token_ends, span.start)  # the first token ending after the span starts
        last = bisect.bisect_left(token_starts, span.end)  # tokens from here on start at or after its end
        if first < last:
            taken[first:last] = b"\x01" * (last - first)
    return taken
