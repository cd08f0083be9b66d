"""The CRF tagger: BIO tags (PER, LOC, ORG, DATE, MISC) for tokenised sentences, and CoNLL reading.

``tag_sentence(["مستەفا", "کازمی", "گوتی"]) == ["B-PER", "I-PER", "O"]`` with the shipped model.
The weights in ``model/ner.crfsuite`` were learned from AgaCKNER (see NOTICE.extract).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pycrfsuite
import regex

from archive.extract.decoder import Decoder
from archive.extract.decoder import available as decoder_available
from archive.extract.features import FEATURES_VERSION, WordInfo, features_of, pruned, word_info
from archive.extract.names import fold_word
from archive.text import stem as text_stem
from archive.text.analyze import chunk_starts

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
    for i, tag in enumerate(tags):
        if tag == "O":  # most tags: close the open span, if any
            if start >= 0:
                spans.append(TagSpan(start, i, kind))
                start, kind = -1, ""
            continue
        prefix, _, t = tag.partition("-")
        if prefix == "I" and t == kind and start >= 0:
            continue
        if start >= 0:
            spans.append(TagSpan(start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I"):
            start, kind = i, t
    if start >= 0:
        spans.append(TagSpan(start, len(tags), kind))
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


@cache
def _model_attributes() -> frozenset[bytes]:
    """The features the shipped model has a weight for (the others cannot change a tag)."""
    tagger = _tagger()
    if tagger is None:
        return frozenset()
    return frozenset(attribute.encode() for attribute, _label in tagger.info().state_features)


@lru_cache(maxsize=100_000)
def model_word(token: str) -> WordInfo:
    """``features.word_info`` of a token, keeping only the features the model knows."""
    return pruned(word_info(token), _model_attributes())


def model_words(tokens: list[str]) -> list[WordInfo]:
    """``model_word`` of each token of a sentence, for ``tag_words``."""
    return list(map(model_word, tokens))


def _decoder() -> Decoder | None:
    # Built from the model once per thread, like the tagger; None when the C part was not compiled.
    if not hasattr(_local, "decoder"):
        tagger = _tagger()
        _local.decoder = Decoder(tagger) if tagger is not None and decoder_available() else None
    return _local.decoder


def tag_sentences(
    tokens: Sequence[Sequence[str]], words: Sequence[list[WordInfo]], dates: Sequence[list[str] | None]
) -> list[list[str]]:
    """``tag_words`` of many sentences (their tokens as written, ``model_words`` and date marks): with
    the compiled decoder when there is one (same tags, ≈ 10× faster), else sentence by sentence."""
    decoder = _decoder()
    if decoder is None:
        return [tag_words(w, d) for w, d in zip(words, dates, strict=True)]
    return decoder.tag(tokens, words, dates)


def tag_sentence(tokens: list[str]) -> list[str]:
    """BIO tags for one sentence; all "O" when no model is installed."""
    return tag_sentences([tokens], [model_words(tokens)], [None])[0]


def tag_words(words: list[WordInfo], dates: list[str] | None = None) -> list[str]:
    """BIO tags for one sentence given its tokens' ``WordInfo`` (``model_words`` or ``features.words_of``).

    ``dates`` marks the tokens inside date phrases ("B", "I" or ""), when the caller already found them
    in the whole article; by default they are looked for in the sentence.
    """
    if not words:
        return []
    tagger = _tagger()
    if tagger is None:
        return ["O"] * len(words)
    return tagger.tag(features_of(words, dates))


# A word (letters, marks, digits, tatweel, with format characters allowed inside) or one other character.
_TOKEN_RE = regex.compile(
    r"[\p{L}\p{M}\p{Nd}\u0640]+(?:\p{Cf}+[\p{L}\p{M}\p{Nd}\u0640]+)*|[^\s\p{L}\p{M}\p{Nd}\p{Cf}\u0640]"
)
_SENTENCE_ENDS = frozenset(".!?؟")
_PROCLITICS = ("لەگەڵ", "لە", "بە", "بۆ")
_PROCLITIC_FIRST = frozenset(p[0] for p in _PROCLITICS)
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


# Python's str.split() also splits at these; _TOKEN_RE's \s does not (they are one-character tokens there).
_SPLIT_ONLY = "\x1c\x1d\x1e\x1f"


def _token_spans(text: str) -> list[tuple[int, int]]:
    """``[match.span() for match in _TOKEN_RE.finditer(text)]``, faster: no token holds white space, and a
    chunk between spaces made only of letters (``str.isalpha``, which every letter _TOKEN_RE joins
    satisfies) is one whole token, so most chunks need no regex (as ``archive.text.analyze._surfaces``)."""
    if any(character in text for character in _SPLIT_ONLY):
        return [match.span() for match in _TOKEN_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    add = spans.append
    for chunk, start in chunk_starts(text):
        if chunk.isalpha():
            add((start, start + len(chunk)))
        else:
            for match in _TOKEN_RE.finditer(chunk):
                a, b = match.span()
                add((start + a, start + b))
    return spans


def tokenize(text: str) -> list[list[tuple[int, int]]]:
    """Sentences of token offsets ``(start, end)`` into ``text``; attached prepositions become tokens.

    ``tokenize("لەبەغدا.")`` gives ``[[(0, 2), (2, 7), (7, 8)]]``.
    """
    sentences: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    append = current.append
    # The first line break after the last token (tokens hold none); past the text's end when there is none.
    no_break = len(text) + 1
    line_break = text.find("\n")
    if line_break < 0:
        line_break = no_break
    previous_one_char = False  # the last token of ``current`` is one character: «د. ئەحمەد»
    for start, end in _token_spans(text):
        if start > line_break or len(current) >= MAX_SENTENCE:
            if start > line_break:
                line_break = text.find("\n", start)
                if line_break < 0:
                    line_break = no_break
            if current:
                sentences.append(current)
                current = []
                append = current.append
                previous_one_char = False
        if end - start == 1:
            append((start, end))
            if text[start] in _SENTENCE_ENDS and not previous_one_char:
                sentences.append(current)
                current = []
                append = current.append
                previous_one_char = False
            else:
                previous_one_char = True
            continue
        previous_one_char = False
        cut = proclitic_length(text[start:end]) if end - start > 4 and text[start] in _PROCLITIC_FIRST else 0
        if cut:
            append((start, start + cut))
            append((start + cut, end))
        else:
            append((start, end))
    if current:
        sentences.append(current)
    return sentences
