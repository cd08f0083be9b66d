"""Features for the CRF tagger: one list of feature strings per token of a sentence.

Word-local features (form, stem, affixes, shape, gazetteer kinds, cue-word flags) are cached per word,
because news vocabulary repeats; a sentence only adds context features from its neighbours (±2) and the
multi-word gazetteer matches. ``sentence_features(["مستەفا", "کازمی", "،", "سەرۆکوەزیرانی", "عێراق"])``
gives five lists; the first contains ``"w=مستەفا"`` and ``"gaz=GIVEN"``.
"""

from __future__ import annotations

from functools import lru_cache

from archive.extract.gazetteer import load as load_gazetteer
from archive.extract.names import fold_word
from archive.text import stem as text_stem

FEATURES_VERSION = "2"

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


@lru_cache(maxsize=200_000)
def _as_neighbour(token: str, offset: int) -> tuple[str, ...]:
    return tuple(f"{offset}:{f}" for f in context_signature(token))


@lru_cache(maxsize=100_000)
def _local_features(token: str) -> tuple[str, ...]:
    return ("bias", *word_features(token))


def sentence_extras(tokens: list[str]) -> list[tuple[str, ...]]:
    """The features that depend on the sentence rather than on single words: multi-word gazetteer
    matches, sentence edges and the apposition cue."""
    gaz = load_gazetteer()
    n = len(tokens)
    folded = [fold_word(t) for t in tokens]
    extras: list[list[str]] = [[] for _ in range(n)]
    if n:
        extras[0].append("BOS")
        extras[-1].append("EOS")
    for i, j, kind in gaz.phrase_spans(folded):
        for k in range(i, j):
            tag = f"{'B' if k == i else 'I'}-{kind}"
            extras[k].append(f"gphr={tag}")
            for off in WINDOW:
                if 0 <= k - off < n:
                    extras[k - off].append(f"{off}:gphr={tag}")
    for i in range(n - 2):
        # Apposition: «مستەفا کازمی، سەرۆکوەزیرانی …» — a name, a comma, then a title.
        if folded[i + 1] in ("،", ",") and "title" in context_signature(tokens[i + 2]):
            extras[i].append("appos_title")
    return [tuple(e) for e in extras]


def sentence_features(tokens: list[str]) -> list[list[str]]:
    """Feature lists for each token of a sentence (tokens as written; folding happens here)."""
    n = len(tokens)
    views = [_neighbour_views(t) for t in tokens]
    extras = sentence_extras(tokens)
    out: list[list[str]] = []
    for i in range(n):
        feats = [*_local_features(tokens[i]), *extras[i]]
        # Token i sees what token i+off contributes at offset off; nothing beyond the sentence edges.
        if i >= 2:
            feats.extend(views[i - 2][0])
        if i >= 1:
            feats.extend(views[i - 1][1])
        if i + 1 < n:
            feats.extend(views[i + 1][2])
        if i + 2 < n:
            feats.extend(views[i + 2][3])
        out.append(feats)
    return out


@lru_cache(maxsize=100_000)
def _neighbour_views(token: str) -> tuple[tuple[str, ...], ...]:
    """What a token contributes to the tokens 2 after, 1 after, 1 before and 2 before it."""
    return tuple(_as_neighbour(token, -off) for off in (2, 1, -1, -2))
