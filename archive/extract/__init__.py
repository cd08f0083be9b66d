"""Who, where and when in Sorani news text: people, places, organisations and dates.

``extract(text)`` tags each sentence with the CRF (``ner``), reduces tagged spans to bare names and links
them to canonical entities of the article (``names``), and adds the date mentions and inferred
publication date from ``dates``. Pure Python; no Django.

    >>> result = extract("مستەفا کازمی، سەرۆکوەزیرانی عێراق، گوتی کازمی ...")
    >>> [(e.kind, e.name, e.aliases) for e in result.entities]  # doctest: +SKIP
    [('person', 'مستەفا کازمی', ('مستەفا کازمی', 'کازمی')), ('place', 'عێراق', ('عێراق',))]

Store ``VERSION`` with every article: it changes whenever the output can change.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from archive.extract import dates as _dates
from archive.extract.dates import DateMention, InferredDate
from archive.extract.features import marks_from_spans
from archive.extract.gazetteer import data_version
from archive.extract.gazetteer import load as load_gazetteer
from archive.extract.names import (
    KIND_OF_TAG,
    Entity,
    EntityKind,
    Mention,
    NamedSpan,
    bare_word,
    fold_word,
    is_common_noun,
    link,
    name_key,
    named_span,
    propagate,
)
from archive.extract.ner import model_version, model_words, spans_from_tags, tag_sentences, tokenize
from archive.text import VERSION as TEXT_VERSION

__all__ = [
    "VERSION",
    "DateMention",
    "Entity",
    "EntityKind",
    "Extraction",
    "InferredDate",
    "Mention",
    "extract",
    "name_key",
]

logger = logging.getLogger(__name__)

# Bump when the span, linking or propagation rules change; data files and the model are hashed below.
_OWN_VERSION = "2"
VERSION: str = (
    f"extract-{_OWN_VERSION}+{model_version()}+data-{data_version()}+{_dates.VERSION}+text-{TEXT_VERSION}"
)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    entities: tuple[Entity, ...]
    dates: tuple[DateMention, ...]
    published: InferredDate | None


def named_spans(text: str) -> list[NamedSpan]:
    """Every person, place and organisation span in ``text``, reduced to bare names.

    The tagger's spans, plus places named inside organisations («وەزارەتی دەرەوەی ئەمریکا» also names
    ئەمریکا), plus multi-word gazetteer names the tagger left untagged, plus further occurrences of
    names found elsewhere in the article (``names.propagate``).
    """
    gaz = load_gazetteer()
    found: list[NamedSpan] = []
    all_tokens: list[tuple[int, int]] = []
    all_words: list[str] = []  # the tokens' text, for ``propagate``

    def add(kind: EntityKind, start: int, end: int) -> None:
        named = named_span(text, start, end, kind)
        if named is not None:
            found.append(named)

    # Date phrases of the whole article (the dates module analyses the article once for all its uses).
    date_spans = _dates.date_entity_spans(text)
    sentences = tokenize(text)
    token_lists = [[text[a:b] for a, b in sentence] for sentence in sentences]
    word_lists = [model_words(tokens) for tokens in token_lists]
    tag_lists = tag_sentences(
        token_lists, word_lists, [marks_from_spans(date_spans, sentence) for sentence in sentences]
    )
    for sentence, tokens, words, tags in zip(sentences, token_lists, word_lists, tag_lists, strict=True):
        all_tokens.extend(sentence)
        all_words.extend(tokens)
        folded = [w.folded for w in words]
        taken = [False] * len(tokens)
        for span in spans_from_tags(tags):
            taken[span.start : span.end] = [True] * (span.end - span.start)
            kind = KIND_OF_TAG.get(span.kind)
            if kind is None:
                continue
            add(kind, sentence[span.start][0], sentence[span.end - 1][1])
            if span.kind == "ORG":
                inner = folded[span.start + 1 : span.end]
                nested = gaz.phrase_spans(inner)
                in_phrase = {k for i, j, _ in nested for k in range(i, j)}
                for i, j, gkind in nested:
                    if gkind == "LOC":
                        add("place", sentence[span.start + 1 + i][0], sentence[span.start + j][1])
                for k, word in enumerate(inner):
                    if k not in in_phrase and gaz.kind_of(word) == "LOC":
                        position = span.start + 1 + k
                        add("place", sentence[position][0], sentence[position][1])
        if not gaz.first_words.isdisjoint(folded):
            for i, j, gkind in gaz.phrase_spans(folded):
                if gkind in ("LOC", "ORG") and not any(taken[i:j]):
                    add(KIND_OF_TAG[gkind], sentence[i][0], sentence[j - 1][1])
                    taken[i:j] = [True] * (j - i)
        for i in [i for i, w in enumerate(words) if w.long_org]:
            # Long one-word organisation names (نەتەوەیەکگرتووەکان) are unambiguous enough to trust alone.
            if not taken[i]:
                bare = fold_word(bare_word(tokens[i], "org"))
                if len(bare) >= 8 and gaz.single.get(bare) == "ORG" and not is_common_noun(bare):
                    add("org", sentence[i][0], sentence[i][1])
    found.extend(propagate(text, all_tokens, all_words, found))
    return found


def extract(text: str, published: datetime.date | None = None) -> Extraction:
    """People, places, organisations and dates of one article; never raises on a ``str``.

    ``published`` resolves relative dates (ئەمڕۆ, ٧ی ئەم مانگە); when it is None the publication date
    inferred from the text («ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١») is used instead. ``Extraction.published``
    is always that inference from the text (None when the text does not say), whatever was passed.
    """
    if not isinstance(text, str) or not text.strip():
        return Extraction(entities=(), dates=(), published=None)
    try:
        entities = tuple(link(text, named_spans(text)))
    except Exception:  # extraction runs inside ingest: a bad article must not abort the upload
        logger.exception("entity extraction failed; storing no entities")
        entities = ()
    inferred: InferredDate | None = None
    try:
        inferred = _dates.infer_published(text)
    except Exception:
        logger.exception("publication date inference failed")
    reference = published or (inferred.value if inferred is not None else None)
    try:
        found_dates = tuple(_dates.extract_dates(text, published=reference))
    except Exception:
        logger.exception("date extraction failed; storing no dates")
        found_dates = ()
    return Extraction(entities=entities, dates=found_dates, published=inferred)
