"""The shipped CRF's tags for many sentences at once, without building feature lists.

crfsuite tags a sentence from lists of feature strings: ``features.features_of`` builds them (each token's
own features plus what its ±2 neighbours show it), crfsuite converts and looks up every string, sums the
weights and runs Viterbi: 1.1–1.4 ms an article, a third of extraction. The features of a token are its
word's own and its neighbours' views, which depend on the words alone, plus a few per sentence (edges,
gazetteer phrases, dates: ``features.sentence_extras``). So the weights are summed once per distinct
word into a *row* of scores (its own and the four views, per label), and a sentence's scores are five
rows added per token plus its extras; the sums and the Viterbi run in C (``_decode.pyx``).

The model is crfsuite's own file, read through ``Tagger.info()``; this is another way to compute the same
tags, not another model. Sums are added in another order than crfsuite's, so a score can differ in its
last bits: tags could then differ only where two labellings tie to ≈ 1e-15. ``tests/unit/extract/
test_decoder.py`` holds both to the same tags on every val sentence and on thousands of news sentences.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from archive.extract.features import WordInfo, sentence_extras

try:
    from archive.extract import _decode
except ImportError:  # not compiled (no C compiler when the venv was made): crfsuite tags instead
    _decode = None

MAX_WORDS = 65_536  # word rows kept (5 × 11 doubles each, ≈ 29 MB); past that the table starts again


def available() -> bool:
    """True when the compiled decoder was built (``make`` builds it; see the Makefile)."""
    return _decode is not None


class Decoder:
    """Tags from a crfsuite model's weights: ``Decoder(tagger).tag(...)`` equals crfsuite's tags."""

    def __init__(self, tagger) -> None:
        info = tagger.info()
        self.labels: list[str] = list(tagger.labels())
        width = len(self.labels)
        index = {label: n for n, label in enumerate(self.labels)}
        self.width = width
        self.transitions = array("d", bytes(8 * width * width))
        for (source, target), weight in info.transitions.items():
            self.transitions[index[source] * width + index[target]] = weight
        weights: dict[bytes, list[float]] = {}
        for (attribute, label), weight in info.state_features.items():
            weights.setdefault(attribute.encode(), [0.0] * width)[index[label]] = weight
        self._weights = weights
        self.attribute_ids = {attribute: n for n, attribute in enumerate(weights)}
        self.attributes = array("d", [w for scores in weights.values() for w in scores])
        self._start_table()

    def _start_table(self) -> None:
        self.table = array("d", bytes(8 * 5 * self.width))  # row 0: no word (beyond a sentence's edge)
        self.rows: dict[str, int] = {}

    def _sum(self, features: Sequence[bytes]) -> list[float]:
        # In the features' order from 0.0, as crfsuite adds a token's weights.
        total = [0.0] * self.width
        weights = self._weights
        for feature in features:
            scores = weights.get(feature)
            if scores is not None:
                total = [a + b for a, b in zip(total, scores, strict=True)]
        return total

    def _row(self, token: str, word: WordInfo) -> int:
        row = self.rows[token] = len(self.table) // (5 * self.width)
        self.table.extend(self._sum(word.local))
        for view in word.views:
            self.table.extend(self._sum(view))
        return row

    def tag(
        self,
        tokens: Sequence[Sequence[str]],
        words: Sequence[list[WordInfo]],
        dates: Sequence[list[str] | None],
    ) -> list[list[str]]:
        """BIO tags of each sentence: its tokens as written, their ``WordInfo`` (pruned or not: unknown
        features weigh nothing) and its date marks (``features.features_of``'s ``dates``)."""
        rows = array("i")
        lengths = array("i")
        extra_at = array("i")
        extra_attribute = array("i")
        if len(self.rows) + sum(map(len, tokens)) > MAX_WORDS:
            self._start_table()  # before, not during: this call's rows must all be in one table
        known, ids = self.rows, self.attribute_ids
        start = 0
        for sentence, infos, marks in zip(tokens, words, dates, strict=True):
            found = list(map(known.get, sentence))
            if None in found:  # words not seen before (row 0 is no word's, so `or` is safe)
                for k, row in enumerate(found):
                    if row is None:
                        found[k] = known.get(sentence[k]) or self._row(sentence[k], infos[k])
            rows.extend(found)
            # In features_of's order: each token's extras add up as crfsuite adds them.
            for i, feature in sentence_extras(infos, marks):
                attribute = ids.get(feature)
                if attribute is not None:
                    extra_at.append(start + i)
                    extra_attribute.append(attribute)
            lengths.append(len(sentence))
            start += len(sentence)
        out = array("i", bytes(4 * start))
        if start:
            _decode.decode(
                self.table,
                rows,
                lengths,
                extra_at,
                extra_attribute,
                self.attributes,
                self.transitions,
                self.width,
                out,
            )
        labels = self.labels
        tags: list[list[str]] = []
        position = 0
        for length in lengths:
            tags.append([labels[label] for label in out[position : position + length]])
            position += length
        return tags
