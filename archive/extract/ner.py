"""The CRF tagger: BIO tags (PER, LOC, ORG, DATE, MISC) for tokenised sentences, and CoNLL reading.

``tag_sentence(["مستەفا", "کازمی", "گوتی"]) == ["B-PER", "I-PER", "O"]`` with the shipped model.
The weights in ``model/ner.crfsuite`` were learned from AgaCKNER (see NOTICE.extract).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pycrfsuite
import regex

from archive.extract.features import FEATURES_VERSION, sentence_features
from archive.extract.names import fold_word
from archive.text import stem as text_stem

MODEL_PATH = Path(__file__).resolve().parent / "model" / "ner.crfsuite"
SENTENCE_END = "."
ENTITY_TYPES = ("PER", "LOC", "ORG", "DATE", "MISC")


@dataclass(frozen=True, slots=True)
class TagSpan:
    """A run of tokens ``[start, end)`` tagged with one entity type."""

    start: int
    end: int
    kind: str


def read_conll(lines: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """Sentences of (token, tag) from CoNLL lines; a blank line or a line `. O` ends a sentence.

    Columns after the first are optional; a missing tag reads as "O". The `. O` token stays in its sentence.
    """
    sentence: list[tuple[str, str]] = []
    for raw in lines:
        line = raw.rstrip("\n\r")
        if not line.strip():
            if sentence:
                yield sentence
                sentence = []
            continue
        cols = line.split()
        token = cols[0]
        tag = cols[-1] if len(cols) > 1 else "O"
        sentence.append((token, tag))
        if token == SENTENCE_END and tag == "O":
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def spans_from_tags(tags: list[str]) -> list[TagSpan]:
    """Entity spans from BIO tags, seqeval-style: an I- after O or another type starts a new span."""
    spans: list[TagSpan] = []
    start = -1
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        continues = prefix == "I" and t == kind and start >= 0
        if start >= 0 and not continues:
            spans.append(TagSpan(start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and not continues:
            start, kind = i, t
    return spans


@cache
def model_version() -> str:
    """A short digest of the model file and feature code version, for the extractor's VERSION."""
    digest = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:10] if MODEL_PATH.exists() else "none"
    return f"crf-{FEATURES_VERSION}-{digest}"


_local = threading.local()


def _tagger() -> pycrfsuite.Tagger | None:
    # A crfsuite Tagger is not safe to share between threads; one per thread.
    tagger = getattr(_local, "tagger", None)
    if tagger is None and MODEL_PATH.exists():
        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL_PATH))
        _local.tagger = tagger
    return tagger


def tag_sentence(tokens: list[str]) -> list[str]:
    """BIO tags for one sentence; all "O" when no model is installed."""
    if not tokens:
        return []
    tagger = _tagger()
    if tagger is None:
        return ["O"] * len(tokens)
    return list(tagger.tag(sentence_features(tokens)))


# A word (letters, marks, digits, tatweel, with format characters allowed inside) or one other character.
_TOKEN_RE = regex.compile(
    r"[\p{L}\p{M}\p{Nd}\u0640]+(?:\p{Cf}+[\p{L}\p{M}\p{Nd}\u0640]+)*|[^\s\p{L}\p{M}\p{Nd}\p{Cf}\u0640]"
)
_SENTENCE_ENDS = frozenset(".!?؟")
_PROCLITICS = ("لەگەڵ", "لە", "بە", "بۆ")
MAX_SENTENCE = 120  # long unpunctuated runs are cut so one sentence never dominates the tagger's time


@lru_cache(maxsize=100_000)
def proclitic_length(word: str) -> int:
    """How many leading characters of ``word`` are an attached preposition: 2 for «لەبەغدا», 0 for «بەرد».

    A split is made only when the analyzer stems the whole word and the remainder to the same term.
    """
    for proclitic in _PROCLITICS:
        rest = word[len(proclitic) :]
        if word.startswith(proclitic) and len(rest) >= 3:
            if fold_word(text_stem(word)) == fold_word(text_stem(rest)):
                return len(proclitic)
    return 0


def tokenize(text: str) -> list[list[tuple[int, int]]]:
    """Sentences of token offsets ``(start, end)`` into ``text``; attached prepositions become tokens.

    ``tokenize("لەبەغدا.")`` gives ``[[(0, 2), (2, 7), (7, 8)]]``.
    """
    sentences: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    last_end = 0
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        if current and ("\n" in text[last_end:start] or len(current) >= MAX_SENTENCE):
            sentences.append(current)
            current = []
        cut = proclitic_length(match.group()) if end - start > 4 else 0
        if cut:
            current.append((start, start + cut))
            current.append((start + cut, end))
        else:
            current.append((start, end))
        last_end = end
        abbreviation = len(current) >= 2 and current[-2][1] - current[-2][0] == 1  # «د. ئەحمەد»
        if end - start == 1 and text[start] in _SENTENCE_ENDS and not abbreviation:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences
