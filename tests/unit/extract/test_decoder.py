"""The compiled decoder tags exactly as crfsuite does with the same model and features."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract import decoder as decoder_module
from archive.extract import ner
from archive.extract.dates import date_entity_spans
from archive.extract.features import marks_from_spans
from archive.extract.ner import MODEL_PATH, model_words, read_conll, tag_sentences, tag_words, tokenize

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "agackner"
SEED = Path(__file__).resolve().parents[3] / "archive" / "demo" / "seed-article.txt"
pytestmark = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model in archive/extract/model")


def _new_decoder() -> decoder_module.Decoder:
    tagger = ner._tagger()
    assert tagger is not None
    return decoder_module.Decoder(tagger)


_decoder = cache(_new_decoder)  # reading the model's weights takes ≈ 0.3 s


def _crfsuite(words, dates) -> list[list[str]]:
    return [tag_words(w, d) for w, d in zip(words, dates, strict=True)]


def _article(text: str) -> tuple[list[list[str]], list, list[list[str]]]:
    spans = date_entity_spans(text)
    sentences = tokenize(text)
    tokens = [[text[a:b] for a, b in sentence] for sentence in sentences]
    return tokens, [model_words(t) for t in tokens], [marks_from_spans(spans, s) for s in sentences]


def test_the_decoder_is_compiled_where_make_set_up_the_archive() -> None:
    assert decoder_module.available(), (
        "archive/extract/_decode.pyx is not compiled: run .venv/bin/python archive/extract/build_decoder.py"
    )


needs_decoder = pytest.mark.skipif(not decoder_module.available(), reason="the decoder is not compiled")


@needs_decoder
def test_the_seed_article_gets_crfsuites_tags_and_entities() -> None:
    tokens, words, dates = _article(SEED.read_text(encoding="utf-8"))
    tags = _decoder().tag(tokens, words, dates)
    assert tags == _crfsuite(words, dates)
    assert sum(tag.startswith("B-PER") for sentence in tags for tag in sentence) >= 4


@needs_decoder
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/agackner is not here")
@pytest.mark.parametrize("split", ["train.conll", "val.conll"])
def test_every_agackner_sentence_gets_crfsuites_tags(split: str) -> None:
    with (SHARED / split).open(encoding="utf-8") as lines:
        sentences = [[token for token, _ in sentence] for sentence in read_conll(lines)]
    words = [model_words(s) for s in sentences]
    no_dates = [None] * len(sentences)  # found in each sentence, as tag_sentence does
    assert len(sentences) > 500
    assert _decoder().tag(sentences, words, no_dates) == _crfsuite(words, no_dates)


_VOCABULARY = sorted(
    {token for sentence in _article(SEED.read_text(encoding="utf-8"))[0] for token in sentence}
    | {"،", "«", "»", "٢٩", "2021", "ئەمڕۆ", "دووشەممە", "تشرینی", "دووەم", "هەولێر", "بارزانی", "x"}
)


@needs_decoder
@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=130), min_size=1, max_size=6))
def test_any_sentences_of_real_words_get_crfsuites_tags(sentences: list[list[str]]) -> None:
    words = [model_words(s) for s in sentences]
    dates = [None] * len(sentences)
    assert _decoder().tag(sentences, words, dates) == _crfsuite(words, dates)


@needs_decoder
def test_a_full_word_table_starts_again_between_calls_and_tags_stay_the_same(monkeypatch) -> None:
    tokens, words, dates = _article(SEED.read_text(encoding="utf-8"))
    monkeypatch.setattr(decoder_module, "MAX_WORDS", 50)
    decoder = _new_decoder()
    expected = _crfsuite(words, dates)
    for _ in range(2):  # each call has more distinct words than the table keeps
        assert decoder.tag(tokens, words, dates) == expected
        assert len(decoder.rows) > 50  # one call's rows are never split over two tables
    assert decoder.tag(tokens[:1], words[:1], dates[:1]) == expected[:1]
    assert len(decoder.rows) <= len(set(tokens[0]))  # started again before that call


@needs_decoder
def test_nothing_to_tag_gives_nothing() -> None:
    decoder = _decoder()
    assert decoder.tag([], [], []) == []
    assert decoder.tag([[]], [[]], [None]) == [[]]


def test_without_the_compiled_decoder_crfsuite_tags_every_sentence(monkeypatch) -> None:
    tokens, words, dates = _article(SEED.read_text(encoding="utf-8"))
    monkeypatch.setattr(ner._local, "decoder", None, raising=False)  # kept when nothing was compiled
    monkeypatch.setattr(decoder_module.Decoder, "tag", lambda *_: pytest.fail("the decoder was used"))
    assert tag_sentences(tokens, words, dates) == _crfsuite(words, dates)
