"""Tagger features: per-word records, date-phrase marks, and pruning that cannot change a tag."""

from __future__ import annotations

from pathlib import Path

import pycrfsuite
import pytest

from archive.extract import named_spans
from archive.extract.dates import date_entity_spans
from archive.extract.features import date_marks, features_of, marks_from_spans, sentence_features, words_of
from archive.extract.names import _covered_tokens, named_span
from archive.extract.ner import MODEL_PATH, model_words, read_conll, tag_sentence, tokenize

VAL = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "agackner" / "val.conll"
needs_model = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model in archive/extract/model")


def test_sentence_features_see_two_neighbours_each_side_and_the_edges() -> None:
    feats = sentence_features(["مستەفا", "کازمی", "،", "سەرۆکوەزیرانی", "عێراق"])
    first, last = feats[0], feats[-1]
    assert b"w=\xd9\x85\xd8\xb3\xd8\xaa\xdb\x95\xd9\x81\xd8\xa7" in first  # w=مستەفا, as crfsuite stores it
    assert any(f.startswith(b"gaz=") for f in first)  # a name in the gazetteer
    assert "1:w=کازمی".encode() in first and "2:w=،".encode() in first
    assert not any(f.startswith(b"3:") or f.startswith(b"-1:") for f in first)
    assert b"BOS" in first and b"EOS" in last
    assert "-2:w=سەرۆکوەزیرانی".encode() not in last and "-1:w=سەرۆکوەزیرانی".encode() in last
    assert b"appos_title" in feats[1]  # a name, a comma, then a title


def test_sentence_features_mark_multi_word_gazetteer_names_for_the_words_around_them() -> None:
    feats = sentence_features(["لە", "هەرێمی", "کوردستان", "گوتی"])
    assert b"gphr=B-LOC" in feats[1] and b"gphr=I-LOC" in feats[2]
    assert b"1:gphr=B-LOC" in feats[0] and b"-1:gphr=I-LOC" in feats[3]


def test_date_marks_cover_the_date_phrase_only() -> None:
    assert date_marks(["لە", "١٥ی", "ئازاری", "٢٠٢٤", "گەیشتە", "هەولێر"]) == ["", "B", "I", "I", "", ""]
    assert date_marks(["کازمی", "گوتی"]) == ["", ""]
    feats = sentence_features(["لە", "١٥ی", "ئازاری", "٢٠٢٤", "گەیشتە"])
    assert b"date=B" in feats[1] and b"1:date=B" in feats[0] and b"-1:date=I" in feats[4]


def test_marks_from_spans_maps_character_spans_to_tokens() -> None:
    tokens = [(0, 5), (6, 11), (12, 17), (18, 23)]
    assert marks_from_spans([(6, 17)], tokens) == ["", "B", "I", ""]
    assert marks_from_spans([(8, 9)], tokens) == ["", "B", "", ""]  # a span inside one token
    assert marks_from_spans([(30, 40), (0, 3)], tokens) == ["B", "", "", ""]  # outside: nothing
    assert marks_from_spans([], tokens) == ["", "", "", ""]
    assert marks_from_spans([(0, 5)], []) == []


def test_article_date_marks_agree_with_the_sentence_ones() -> None:
    text = "کازمی ئەمڕۆ گەیشتە بەغدا.\nلە ١٥ی ئازاری ٢٠٢٤ گوتی"
    spans = date_entity_spans(text)
    for sentence in tokenize(text):
        words = [w.folded for w in words_of([text[a:b] for a, b in sentence])]
        assert marks_from_spans(spans, sentence) == date_marks(words)


@needs_model
def test_pruned_features_tag_exactly_like_all_features() -> None:
    # Features the model has no weight for are dropped before crfsuite sees them; tags must not change.
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    sentences = [
        ["نێچیرڤان", "بارزانی", "،", "سەرۆکی", "هەرێمی", "کوردستان", "لە", "هەولێر", "رایگەیاند", "."],
        ["زێلێنسکیش", "دوێنێ", "لە", "کیێڤ", "گوتی", "کە", "ناتۆ", "یارمەتی", "دەدات", "."],
        ["شتێکی", "نەناسراو", "xyz", "١٢٣", "ـدا", "؟"],
    ]
    if VAL.exists():
        with VAL.open(encoding="utf-8") as fh:
            sentences += [[w for w, _ in s] for s in list(read_conll(fh))[:150]]
    for tokens in sentences:
        full = list(tagger.tag(sentence_features(tokens)))
        assert tag_sentence(tokens) == full, tokens
        assert sum(map(len, features_of(model_words(tokens)))) <= sum(map(len, sentence_features(tokens)))


def test_covered_tokens_marks_every_token_a_span_touches() -> None:
    text = "ماڵی مستەفا کازمی لە بەغدا"
    tokens = [s for sentence in tokenize(text) for s in sentence]
    span = named_span(text, 5, 17, "person")
    assert span is not None
    assert list(_covered_tokens(tokens, [span])) == [0, 1, 1, 0, 0]
    assert list(_covered_tokens(tokens, [])) == [0, 0, 0, 0, 0]


@needs_model
def test_named_spans_use_the_article_date_phrases() -> None:
    # Dates are found once for the whole article; tagging must still work across sentences and lines.
    text = "ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١ مستەفا کازمی گەیشتە هەولێر.\nکازمی گوتی"
    kinds = {(s.kind, s.bare) for s in named_spans(text)}
    assert ("person", "مستەفا کازمی") in kinds
    assert ("place", "هەولێر") in kinds
