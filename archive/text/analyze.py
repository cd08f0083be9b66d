"""From raw text to tokens with offsets into the untouched original, and their index terms.

``[t.terms for t in analyze("لەبەغدا هێرشەکەی")] == [("بەغدا",), ("هێرش",)]``; each token's
``text[start:end] == surface``; stopwords come out with empty ``terms``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

import regex

from archive.text import lexicon
from archive.text.loose import REMOVED_RE, loose, needs_normalizing, term_key, unjudged
from archive.text.normalize import fold_term, fold_words, normalize, normalize_tokens
from archive.text.proclitics import _FIRST_PROCLITICS, split_proclitic
from archive.text.stem import _EVIDENCE_SUFFIXES, guess_terms, stem
from archive.text.stopwords import STOPWORDS
from archive.text.verbs import verb_terms

# A word: letters, marks and digits, with invisible format characters (ZWNJ, RLM, soft hyphen) allowed
# *inside* it so they never split a word.
TOKEN_RE = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:\p{Cf}+[\p{L}\p{M}\p{Nd}]+)*")
_RUNS_RE = regex.compile(r"\d+|[^\d]+")
# Letters or an article only Arabic spelling has; Kurdish typed on an Arabic keyboard has ي ى ك too.
_STRONG_ARABIC_RE = regex.compile("[ظضذثصطة]|^ال")
_ARABIC_SCRIPT_RE = regex.compile(r"\p{Arabic}")
# Suffixes that can follow a number and carry no meaning of their own: ٢٠٢١ی، ٣یەم، ١٠ەمین، ٢٠١٩دا.
_NUMBER_SUFFIXES = frozenset(
    "ی یەم ەم ەمین یەمین مین هەم هەمین دا ەوە وە دە ەکە ەکان کان یش ش یی ە یە ان".split()
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the input: ``text[start:end] == surface``; ``terms`` empty for a stopword, else the
    main term first and alternative readings after it, all at ``position``."""

    start: int
    end: int
    surface: str
    terms: tuple[str, ...]
    position: int


_ARABIC_ONLY = frozenset("كيىةظضذثصطأإؤ")
_KURDISH_ONLY = frozenset("ەێۆڵڕڤچپژگ")
# Letters of the Arabic block that are Arabic script: a word starting with one needs no regex to tell.
_ARABIC_SCRIPT_STARTS = frozenset(c for c in map(chr, range(0x0600, 0x0700)) if _ARABIC_SCRIPT_RE.match(c))


def _looks_arabic(surface: str) -> bool:
    """Arabic spelling (الكاظمي) rather than Kurdish: Arabic-only letters and no Kurdish-only ones."""
    return not _ARABIC_ONLY.isdisjoint(surface) and _KURDISH_ONLY.isdisjoint(surface)


_STOPWORD_SUFFIXES = ("دا", "ەوە", "وە", "ش", "یش", "ی")
# A function word with a postposition, -ش or ezafe is still one: خۆیدا، ئەوەش، ئەوانەی.
_INFLECTED_STOPWORDS = frozenset(
    word + suffix for word in STOPWORDS if len(word) > 1 for suffix in _STOPWORD_SUFFIXES
)


_STOPWORDS_AND_INFLECTED = STOPWORDS | _INFLECTED_STOPWORDS


# A word's terms are cached by surface (_cache), so for the word itself these run once: skip their own
# caches (kept for the other callers: stems of split-off proclitics, stems shared by many words).
_verb_terms_once = verb_terms.__wrapped__
_guess_terms_once = guess_terms.__wrapped__


def _word_terms(word: str, arabic: bool, folded: str | None = None) -> tuple[str, ...]:
    """Terms of one normalised run of letters; ``folded`` is ``fold_term(word)`` when already known."""
    if word[:1] not in _ARABIC_SCRIPT_STARTS and not _ARABIC_SCRIPT_RE.search(word):
        return (word.casefold(),)
    word = fold_term(word) if folded is None else folded
    # Kurdish never starts a word with a bare ا, so a leading ال is the Arabic article.
    if word.startswith("ال") and len(word) >= 5:
        word = word[2:]
        if word.startswith("ر"):
            word = "ڕ" + word[1:]
    if word in _STOPWORDS_AND_INFLECTED:
        return ()
    # a compound verb that starts like a preposition stays whole: لەناوبرا (was destroyed) is no لە + برا
    verb = _verb_terms_once(word)
    if verb is not None:
        return verb
    split = None if arabic or not word.startswith(_FIRST_PROCLITICS) else split_proclitic(word)
    if split is not None:
        word = split[1]
        if word in STOPWORDS:
            return ()
    main = stem(word)
    if split is not None:
        verb = verb_terms(word) or verb_terms(main)
    else:  # verb_terms(word) was None above
        verb = verb_terms(main) if main != word else None
    if verb is not None:
        return verb
    # a word never seen bare may still be seen with its ezafe (گەڕانەوەی): then it is no unseen name
    if main == word and (
        word not in lexicon.bases(_EVIDENCE_SUFFIXES)
        or (not lexicon.is_known(word) and lexicon.support(word) == 0)
    ):
        return _guess_terms_once(word)
    return (main,)


def _terms_of(surface: str, normal: str) -> tuple[str, ...]:
    """Index terms of one token's surface, given ``normalize(surface)``."""
    arabic = _looks_arabic(surface)
    if arabic and surface.endswith("ى") and _STRONG_ARABIC_RE.search(surface):
        # in Arabic spelling a final ى is the vowel ا: مصطفى → مستفا (Kurdish مستەفا: the short ە that
        # Arabic leaves unwritten cannot be restored by rule)
        normal = normal[:-1] + "ا"
    folded = None
    if not arabic:
        folded = fold_term(normal)
        stored = lexicon.stored_terms(folded)
        if stored is not None:
            return stored
    if normal.isalpha():  # letters only (the common case): one run, no digits to split off
        return _word_terms(normal, arabic, folded)
    runs = _RUNS_RE.findall(normal)
    if len(runs) == 1:
        return _word_terms(normal, arabic, folded) if not normal[0].isdigit() else (normal,)
    out: list[str] = []
    after_number = False
    for run in runs:
        if run[0].isdigit():
            out.append(run)
            after_number = True
            continue
        if after_number and run in _NUMBER_SUFFIXES:
            continue
        out.extend(_word_terms(run, arabic))
        after_number = False
    return tuple(out)


# Terms of every token surface seen so far (news vocabulary repeats). Cleared when it grows past
# _CACHE_LIMIT, so memory stays flat over any stream.
_cache: dict[str, tuple[str, ...]] = {}
_CACHE_LIMIT = 300_000


def word_terms(surface: str) -> tuple[str, ...]:
    """Index terms of one token's surface (cached: news vocabulary repeats).

    >>> word_terms("٢٠٢١ی")
    ('2021',)
    """
    found = _cache.get(surface)
    if found is None:
        found = _terms_of(surface, normalize(surface))
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[surface] = found
    return found


def _learn(surfaces: Iterable[str]) -> None:
    """Put every token surface of ``surfaces`` in the cache, normalising the new ones together
    (``normalize_tokens``)."""
    seen = set(surfaces)
    new = seen.difference(_cache)
    if not new:
        return
    if len(_cache) + len(new) > _CACHE_LIMIT:
        _cache.clear()
        new = seen
    batch = list(new)
    normals = normalize_tokens(batch)
    folds = fold_words(normals)
    stored = lexicon.stored_table()
    cache = _cache
    for surface, normal, folded in zip(batch, normals, folds, strict=True):
        # the common case, _terms_of inlined: a word in Kurdish spelling — normalising changed nothing,
        # so it has none of ك ي ى ة أ إ ؤ, and folding changed nothing, so none of ظ ض ذ ث ص ط either
        if surface == normal and folded == normal:
            found = stored.get(folded)
            if found is None:
                found = _word_terms(normal, False, folded) if normal.isalpha() else _terms_of(surface, normal)
        else:
            found = _terms_of(surface, normal)
        cache[surface] = found


# How many tokens analyze() looks ahead to normalise their new surfaces together.
_ANALYZE_BATCH = 512


def analyze(text: str) -> Iterator[Token]:
    """Tokens of raw ``text`` with original offsets; a stopword shares the position of the next word,
    so «لە بەغدا» and «لەبەغدا» put بەغدا at the same place relative to their neighbours."""
    position = 0
    matches = TOKEN_RE.finditer(text)
    while True:
        chunk = list(islice(matches, _ANALYZE_BATCH))
        if not chunk:
            return
        surfaces = [match.group() for match in chunk]
        _learn(surfaces)
        cache = _cache
        for match, surface in zip(chunk, surfaces, strict=True):
            found = cache.get(surface)
            if found is None:  # evicted by a cache reset while this chunk was being analysed
                found = word_terms(surface)
            yield _new_token(match.start(), match.end(), surface, found, position)
            if found:
                position += 1


_set_start, _set_end, _set_surface, _set_terms, _set_position = (
    getattr(Token, field).__set__ for field in ("start", "end", "surface", "terms", "position")
)


def _new_token(start: int, end: int, surface: str, found: tuple[str, ...], position: int) -> Token:
    """``Token(start, end, surface, found, position)`` at half the cost: the frozen dataclass __init__
    goes through object.__setattr__ field by field; this fills the slots directly (a document has one
    token per word)."""
    token = object.__new__(Token)
    _set_start(token, start)
    _set_end(token, end)
    _set_surface(token, surface)
    _set_terms(token, found)
    _set_position(token, position)
    return token


# Punctuation that clings to words (never part of a token): stripped before the letters-only test below.
_CLINGING_PUNCTUATION = ".,،:؛؟!«»()\"'-/[]"


def _surfaces(text: str) -> list[str]:
    """``TOKEN_RE.findall(text)``, faster: whitespace never belongs to a token and a run of letters only
    (``str.isalpha``), or of letters joined by ZWNJ, is one whole token, so most chunks between spaces need
    no regex. (Checked over all of Unicode in tests/unit/text/test_analyze.py and by property tests.)"""
    out: list[str] = []
    add = out.append
    add_all = out.extend
    findall = TOKEN_RE.findall
    for chunk in text.split():
        if chunk.isalpha():
            add(chunk)
            continue
        core = chunk.strip(_CLINGING_PUNCTUATION)
        if core.isalpha() or _joined_letters(core):
            add(core)
        elif core:
            add_all(findall(core))
    return out


def _joined_letters(core: str) -> bool:
    """Letters with ZWNJ between them (legacy «هه‌ولێر»): one token, as TOKEN_RE joins letters across
    format characters."""
    return "\u200c" in core and core[0] != "\u200c" != core[-1] and core.replace("\u200c", "").isalpha()


def terms(text: str) -> list[str]:
    """All index terms of ``text`` in order: ``terms("لە هێرشەکەدا") == ["هێرش"]``."""
    return list(chain.from_iterable(token_terms(text)))


def token_terms(text: str) -> list[tuple[str, ...]]:
    """``[token.terms for token in analyze(text)]``, stopwords' empty tuples included, without building
    tokens or their offsets (what an index needs: a token's position is the number of non-stopwords
    before it). ``token_terms("لە هێرشەکەدا") == [(), ("هێرش",)]``."""
    surfaces = _surfaces(text)
    _learn(surfaces)
    try:
        return list(map(_cache.__getitem__, surfaces))
    except KeyError:  # evicted by a cache reset (another thread) while this text was being analysed
        return list(map(word_terms, surfaces))


def chunk_starts(text: str) -> Iterator[tuple[str, int]]:
    """Each chunk of ``text.split()`` with its offset: a chunk starts at the first place it occurs after
    the previous one, since only white space lies between them. ``list(chunk_starts(" ab  c")) ==
    [("ab", 1), ("c", 5)]``."""
    find = text.find
    position = 0
    for chunk in text.split():
        start = find(chunk, position)
        position = start + len(chunk)
        yield chunk, start


def _surface_starts(text: str) -> list[tuple[str, int]]:
    """``(match.group(), match.start())`` of each ``TOKEN_RE.finditer(text)`` match, found the way
    ``_surfaces`` finds tokens."""
    out: list[tuple[str, int]] = []
    for chunk, start in chunk_starts(text):
        _add_chunk_tokens(out, chunk, start)
    return out


def _add_chunk_tokens(out: list[tuple[str, int]], chunk: str, start: int) -> None:
    """Append the tokens of one chunk of text between white space (at offset `start`) to `out`."""
    if chunk.isalpha():
        out.append((chunk, start))
        return
    core = chunk.strip(_CLINGING_PUNCTUATION)
    if core.isalpha() or _joined_letters(core):
        out.append((core, start + len(chunk) - len(chunk.lstrip(_CLINGING_PUNCTUATION))))
    elif core:
        out.extend((match.group(), start + match.start()) for match in TOKEN_RE.finditer(chunk))


_NON_SPACE = re.compile(r"\S*")  # (``re``'s \s is exactly str.isspace, which str.split splits at)


def _surface_starts_at(text: str, offsets: Iterable[int]) -> list[tuple[str, int]]:
    """``_surface_starts(text)`` of only the chunks (text between white space) holding one of `offsets`,
    in text order: a token never spans white space, so a chunk's tokens are found from the chunk alone."""
    backwards = text[::-1]
    length = len(text)
    chunks: dict[int, int] = {}  # start → end
    for at in offsets:
        end = _NON_SPACE.match(text, at).end()
        if end > at:  # (white space at `at` is in no chunk)
            chunks[length - _NON_SPACE.match(backwards, length - at).end()] = end
    out: list[tuple[str, int]] = []
    for start in sorted(chunks):
        _add_chunk_tokens(out, text[start : chunks[start]], start)
    return out


# A word of text that needs no normalising (archive.text.loose): a run of letters and digits.
_WORD_RE = re.compile(r"\w*")


def highlight(text: str, query_terms: Iterable[str]) -> list[tuple[int, int]]:
    """Original-offset spans of whole tokens whose terms meet ``query_terms`` (inflected and attached
    forms included): ``highlight("لەبەغدا", ["بەغدا"]) == [(0, 7)]``.

    Only a word whose loose form holds a wanted term's ``term_key`` can yield it, so only those words are
    found and analysed (with every word the loose form cannot judge): a passage's other words, many of
    them never met before by this process, cost nothing."""
    wanted: set[str] = set()
    for term in query_terms:
        wanted.add(term)
        wanted.update(word_terms(term) if term else ())
    if not wanted:
        return []
    keys = {term_key(term) for term in wanted}
    odd = unjudged(text)
    if "" in keys or odd:
        return _highlight_tokens(text, wanted, keys, odd)
    # Every character is judged, so a token is a run of \w and each key occurrence lies inside one.
    loose_text = loose(text)  # same offsets as text
    backwards = text[::-1]
    length = len(text)
    found: dict[int, str] = {}  # start → word
    match = _WORD_RE.match
    for key in keys:
        at = loose_text.find(key)
        while at != -1:
            end = match(text, at).end()
            if end < at + len(key):  # not inside a word: no word's term has this key
                at = loose_text.find(key, at + 1)
                continue
            start = length - match(backwards, length - at).end()  # back to the word's first letter
            found[start] = text[start:end]
            at = loose_text.find(key, end)
    marked = _marked(set(found.values()), wanted)
    return sorted((start, start + len(word)) for start, word in found.items() if word in marked)


def _marked(surfaces: set[str], wanted: set[str]) -> set[str]:
    """Those of ``surfaces`` with a term in ``wanted``."""
    if not surfaces:
        return surfaces
    _learn(surfaces)
    try:
        return {surface for surface in surfaces if not wanted.isdisjoint(_cache[surface])}
    except KeyError:  # evicted by a cache reset (another thread) while this text was being analysed
        return {surface for surface in surfaces if not wanted.isdisjoint(word_terms(surface))}


def _highlight_tokens(text: str, wanted: set[str], keys: set[str], odd: list[int]) -> list[tuple[int, int]]:
    """``highlight`` for text with characters the loose form does not judge (ZWNJ, tatweel, marks, other
    scripts): the words holding a key are analysed, and so are those holding such a character (at the
    offsets `odd`), unless it is one normalising removes and the word holds no key without it.

    Only the chunks of text around those offsets are split into tokens: a word is marked for its
    surface, and every other place the same surface stands holds the same key or character at the same
    place in it, so it is among them too. (A passage's every token was found before: a third of a
    snippet's time.)"""
    if "" in keys:  # a term any word might yield
        tokens = _surface_starts(text)
        marked = _marked({surface for surface, _ in tokens}, wanted)
        return [(start, start + len(surface)) for surface, start in tokens if surface in marked]
    loose_text = loose(text)
    hits: list[tuple[int, int]] = []  # (offset, length) of every key in the loose text
    for key in keys:
        at = loose_text.find(key)
        while at != -1:
            hits.append((at, len(key)))
            at = loose_text.find(key, at + 1)
    tokens = _surface_starts_at(text, chain(odd, (at for at, _ in hits)))
    starts = [start for _, start in tokens]

    def token_around(at: int, width: int) -> str | None:
        index = bisect_right(starts, at) - 1
        if index >= 0 and at + width <= starts[index] + len(tokens[index][0]):
            return tokens[index][0]
        return None

    found: set[str | None] = set()
    for surface in {token_around(at, 1) for at in odd} - {None}:
        # ZWNJ, tatweel, harakat: the word holds its terms' keys once they are taken out
        plain = REMOVED_RE.sub("", surface or "")
        if needs_normalizing(plain) or any(key in loose(plain) for key in keys):
            found.add(surface)
    found.update(token_around(at, width) for at, width in hits)
    marked = _marked({surface for surface in found if surface is not None}, wanted)
    return [(start, start + len(surface)) for surface, start in tokens if surface in marked]


def clear_caches() -> None:
    """Forget every per-word result (after the lexicon was rebuilt or swapped)."""
    lexicon.reload()
    _cache.clear()
    stem.cache_clear()
    guess_terms.cache_clear()
    split_proclitic.cache_clear()
    verb_terms.cache_clear()


def analyse_word(word: str) -> tuple[str, ...]:
    """Terms of one normalised, folded Sorani word, computed (never read from the stored table)."""
    return _word_terms(word, arabic=False)
