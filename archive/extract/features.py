"""Features for the CRF tagger: one list of feature strings per token of a sentence.

Word-local features (form, stem, affixes, shape, gazetteer kinds, cue-word flags) are computed once per
distinct word (``WordInfo``), because news vocabulary repeats; a sentence only adds what its neighbours
(±2) contribute, the multi-word gazetteer matches, and the date phrases the dates module finds there. ``sentence_features(["مستەفا", "کازمی", "،", "سەرۆکوەزیرانی", "عێراق"])``
gives five lists; the first contains ``"w=مستەفا"`` and ``"gaz=FAMILY"`` (as UTF-8 bytes: see ``WordInfo``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from archive.extract.dates import date_entity_spans
from archive.extract.gazetteer import load as load_gazetteer
from archive.extract.names import fold_word
from archive.text import stem as text_stem

FEATURES_VERSION = "3"

_PUNCT = set(".,،؛;:!?؟\"'«»()[]{}-–—/\\…")


def _shape(word: str) -> str:
    if not word:
        return "empty"
    if all(ch in _PUNCT for ch in word):
        return "punct"
    if word.isdigit():
        return "digits"
    if any(ch.isdigit() for ch in word):
        return "hasdigit"
    if any("a" <= ch <= "z" for ch in word.lower()):
        return "latin"
    return "word"


@lru_cache(maxsize=100_000)
def stem_of(word: str) -> str:
    """The analyzer's stem of a folded word (empty for punctuation)."""
    result = text_stem(word)
    return fold_word(result) if result else word


@lru_cache(maxsize=100_000)
def word_features(token: str) -> tuple[str, ...]:
    """Features of one token that do not depend on its neighbours."""
    gaz = load_gazetteer()
    w = fold_word(token)
    shape = _shape(w)
    feats = [f"w={w}", f"shape={shape}"]
    if shape == "word":
        s = stem_of(w)
        feats.append(f"stem={s}")
        for k in range(2, 5):
            if len(w) > k:
                feats.append(f"p{k}={w[:k]}")
                feats.append(f"s{k}={w[-k:]}")
        kind = gaz.kind_of(w)
        if kind:
            feats.append(f"gaz={kind}")
        stem_kind = gaz.single.get(s)
        if stem_kind:
            feats.append(f"gazstem={stem_kind}")
    elif shape in ("digits", "hasdigit"):
        digits = "".join(ch for ch in w if ch.isdigit())
        feats.append(f"ndig={min(len(digits), 5)}")
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            feats.append("year")
        if not w.isdigit():
            feats.append(f"s1={w[-1]}")
    if w in gaz.titles:
        feats.append("title")
    if w in gaz.speech_verbs:
        feats.append("speech")
    if w in gaz.date_cues:
        feats.append("datecue")
    if w in gaz.org_heads:
        feats.append("orghead")
    return tuple(feats)


_NEIGHBOUR_PREFIXES = ("w=", "gaz=")
_NEIGHBOUR_FLAGS = frozenset({"title", "speech", "datecue", "orghead", "year"})
WINDOW = (-2, -1, 1, 2)


@lru_cache(maxsize=100_000)
def context_signature(token: str) -> tuple[str, ...]:
    """The part of a token's features its neighbours see."""
    return tuple(
        f for f in word_features(token) if f.startswith(_NEIGHBOUR_PREFIXES) or f in _NEIGHBOUR_FLAGS
    )


@dataclass(frozen=True, slots=True)
class WordInfo:
    """Everything the tagger needs from one token, computed once per distinct token.

    Features are UTF-8 bytes because crfsuite stores attribute names as bytes: handing it ``str``
    makes it encode every feature of every token again (about a third of its time).
    """

    folded: str
    local: tuple[bytes, ...]  # "bias" and the word's own features
    # What the token contributes to the tokens 2 after, 1 after, 1 before and 2 before it.
    views: tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]
    title: bool
    long_org: bool  # eight letters or more and an organisation in the gazetteer (نەتەوەیەکگرتووەکان)


def word_info(token: str) -> WordInfo:
    """``WordInfo`` of one token as written (not cached here: ``ner.model_word`` caches it pruned)."""
    own = word_features(token)
    seen = context_signature(token)
    views = tuple(tuple(f"{-off}:{f}".encode() for f in seen) for off in (2, 1, -1, -2))
    folded = fold_word(token)
    return WordInfo(
        folded=folded,
        local=(b"bias", *(f.encode() for f in own)),
        views=views,  # type: ignore[arg-type]  # four views, by construction
        title="title" in own,
        long_org=len(folded) >= 8 and load_gazetteer().kind_of(folded) == "ORG",
    )


def pruned(info: WordInfo, known: frozenset[bytes]) -> WordInfo:
    """``info`` without the features a model has no weight for: they cannot change its tags, and
    crfsuite would still convert and look up each of them (about a third of all features)."""
    return WordInfo(
        folded=info.folded,
        local=tuple(filter(known.__contains__, info.local)),
        views=tuple(tuple(filter(known.__contains__, view)) for view in info.views),  # type: ignore[arg-type]
        title=info.title,
        long_org=info.long_org,
    )


_BOS, _EOS, _APPOS = b"BOS", b"EOS", b"appos_title"
# A date phrase found by the dates module: the token's own mark, and what its neighbours see.
_DATE_FEATURES = {
    mark: (f"date={mark}".encode(), f"1:date={mark}".encode(), f"-1:date={mark}".encode())
    for mark in ("B", "I")
}
_COMMAS = frozenset(("،", ","))


@lru_cache(maxsize=64)
def _phrase_features(tag: str) -> tuple[bytes, dict[int, bytes]]:
    return f"gphr={tag}".encode(), {off: f"{off}:gphr={tag}".encode() for off in WINDOW}


def sentence_features(tokens: list[str]) -> list[list[bytes]]:
    """Feature lists for each token of a sentence (tokens as written; folding happens here).

    Token i sees what token i+off contributes at offset off (±2), nothing beyond the sentence edges;
    plus the multi-word gazetteer matches, sentence edges and the apposition cue
    («مستەفا کازمی، سەرۆکوەزیرانی …»: a name, a comma, then a title).
    """
    return features_of(words_of(tokens))


def words_of(tokens: list[str]) -> list[WordInfo]:
    """The cached ``WordInfo`` of each token."""
    return [word_info(t) for t in tokens]


_NO_VIEWS: tuple[tuple[bytes, ...], ...] = ((), (), (), ())


def features_of(infos: list[WordInfo], dates: list[str] | None = None) -> list[list[bytes]]:
    """``sentence_features`` from the tokens' ``WordInfo``; ``dates`` as ``date_marks`` gives them
    (computed from the words when None)."""
    n = len(infos)
    if not n:
        return []
    padded = [_NO_VIEWS, _NO_VIEWS, *(w.views for w in infos), _NO_VIEWS, _NO_VIEWS]
    # padded[i + 2] is token i: token i sees i-2's view 0, i-1's view 1, i+1's view 2, i+2's view 3.
    out = [
        [*w.local, *padded[i][0], *padded[i + 1][1], *padded[i + 3][2], *padded[i + 4][3]]
        for i, w in enumerate(infos)
    ]
    for i, feature in sentence_extras(infos, dates):
        out[i].append(feature)
    return out


def sentence_extras(infos: list[WordInfo], dates: list[str] | None = None) -> list[tuple[int, bytes]]:
    """The features of a sentence's tokens beyond their words' own and their neighbours' views, as
    (token index, feature) in the order ``features_of`` appends them: the sentence's edges, multi-word
    gazetteer matches, the apposition cue and date phrases (``dates`` as in ``features_of``)."""
    n = len(infos)
    if not n:
        return []
    extras = [(0, _BOS), (n - 1, _EOS)]
    add = extras.append
    folded = [w.folded for w in infos]
    gaz = load_gazetteer()
    if not gaz.first_words.isdisjoint(folded):
        for i, j, kind in gaz.phrase_spans(folded):
            for k in range(i, j):
                own, seen = _phrase_features(f"{'B' if k == i else 'I'}-{kind}")
                add((k, own))
                for off in WINDOW:
                    if 0 <= k - off < n:
                        add((k - off, seen[off]))
    for i in [i for i, w in enumerate(infos) if w.title and i >= 2]:
        if folded[i - 1] in _COMMAS:
            add((i - 2, _APPOS))
    marks = date_marks(folded) if dates is None else dates
    if not any(marks):
        return extras
    for i, mark in enumerate(marks):
        if mark:
            own, before, after = _DATE_FEATURES[mark]
            add((i, own))
            if i > 0:
                add((i - 1, before))
            if i + 1 < n:
                add((i + 1, after))
    return extras


def date_marks(words: list[str]) -> list[str]:
    """ "B", "I" or "" for each word: where ``dates.date_entity_spans`` finds a date phrase in the words
    joined by spaces. ``date_marks(["لە", "١٥ی", "ئازار", "گوتی"]) == ["", "B", "I", ""]``."""
    offsets: list[tuple[int, int]] = []
    position = 0
    for w in words:
        offsets.append((position, position + len(w)))
        position += len(w) + 1
    return marks_from_spans(date_entity_spans(" ".join(words)), offsets)


def marks_from_spans(spans: list[tuple[int, int]], tokens: list[tuple[int, int]]) -> list[str]:
    """ "B" for the first token a character span touches, "I" for the others, "" elsewhere.

    ``tokens`` are ``(start, end)`` offsets in text order; spans outside them mark nothing.
    """
    marks = [""] * len(tokens)
    if not spans or not tokens:
        return marks
    first_start, last_end = tokens[0][0], tokens[-1][1]
    spans = [(a, b) for a, b in spans if a < last_end and b > first_start]
    if not spans:  # most sentences of an article: no date phrase in them
        return marks
    starts = [a for a, _ in tokens]
    ends = [b for _, b in tokens]
    for span_start, span_end in spans:
        first = bisect.bisect_right(ends, span_start)
        last = bisect.bisect_left(starts, span_end)
        if first < last:
            marks[first] = "B"
            marks[first + 1 : last] = ["I"] * (last - first - 1)
    return marks
