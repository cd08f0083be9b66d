"""CoNLL reading, BIO spans, tokenisation with offsets, and the shipped CRF model."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.__main__ import tag_conll
from archive.extract.ner import (
    _TOKEN_RE,
    MODEL_PATH,
    TagSpan,
    _token_spans,
    read_conll,
    spans_from_tags,
    tag_sentence,
    tokenize,
)

VAL = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "agackner" / "val.conll"


def test_read_conll_ends_sentences_at_dot_o_and_blank_lines() -> None:
    lines = ["هەولێر B-LOC\n", ". O\n", "کازمی B-PER\n", "\n", "گوتی\n"]
    assert list(read_conll(lines)) == [
        [("هەولێر", "B-LOC"), (".", "O")],
        [("کازمی", "B-PER")],
        [("گوتی", "O")],
    ]


def test_spans_from_tags_is_seqeval_style() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-PER", "B-DATE", "I-DATE"]
    assert spans_from_tags(tags) == [
        TagSpan(0, 2, "PER"),
        TagSpan(3, 4, "LOC"),
        TagSpan(4, 5, "ORG"),
        TagSpan(5, 6, "PER"),
        TagSpan(6, 8, "DATE"),
    ]


def test_tokenize_keeps_offsets_and_splits_attached_prepositions() -> None:
    text = "کۆنگرەیەکی رۆژنامەوانی لەبەغدا. مستەفا کازمی، سەرۆکوەزیرانی عێراق"
    sentences = tokenize(text)
    words = [[text[a:b] for a, b in s] for s in sentences]
    assert words == [
        ["کۆنگرەیەکی", "رۆژنامەوانی", "لە", "بەغدا", "."],
        ["مستەفا", "کازمی", "،", "سەرۆکوەزیرانی", "عێراق"],
    ]


def test_tokenize_does_not_split_words_that_only_start_like_a_preposition() -> None:
    text = "بەرد و بەهار و لەش"
    assert [text[a:b] for s in tokenize(text) for a, b in s] == ["بەرد", "و", "بەهار", "و", "لەش"]


def test_tokenize_keeps_abbreviated_titles_in_the_sentence() -> None:
    text = "د. ئەحمەد گوتی"
    assert len(tokenize(text)) == 1


def test_tokenize_ends_sentences_at_line_breaks_and_stops_but_not_after_one_letter() -> None:
    text = "هەولێر\nبەغدا. د. ئەحمەد گوتی.\n. کازمی"
    words = [[text[a:b] for a, b in s] for s in tokenize(text)]
    assert words == [["هەولێر"], ["بەغدا", "."], ["د", ".", "ئەحمەد", "گوتی", "."], ["."], ["کازمی"]]


def test_tokenize_cuts_long_runs_without_stops() -> None:
    from archive.extract.ner import MAX_SENTENCE

    sentences = tokenize(" ".join(["وشە"] * (MAX_SENTENCE + 5)))
    assert [len(s) for s in sentences] == [MAX_SENTENCE, 5]


# Letters, marks, digits, format and white-space characters, punctuation, and the separators
# str.split() cuts at but the token pattern's \\s does not (\\x1c–\\x1f).
_TOKEN_ALPHABET = (
    "لەبەغداکازمی١٢3a.،«»!؟-" + "\u064b\u0654\u0640\u200c\u200d\u200f \n\t\xa0\u2028\u3000\x1c\x1f"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TOKEN_ALPHABET), max_size=80) | st.text(max_size=40))
def test_token_spans_are_the_token_patterns_matches(text: str) -> None:
    assert _token_spans(text) == [match.span() for match in _TOKEN_RE.finditer(text)]


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model in archive/extract/model")
def test_model_tags_a_title_and_name_sentence() -> None:
    tokens = ["نێچیرڤان", "بارزانی", "،", "سەرۆکی", "هەرێمی", "کوردستان", "لە", "هەولێر", "رایگەیاند", "."]
    tags = tag_sentence(tokens)
    assert tags[:2] == ["B-PER", "I-PER"]
    assert tags[7] == "B-LOC"
    assert tags[-1] == "O"


def test_tag_sentence_of_nothing_is_nothing() -> None:
    assert tag_sentence([]) == []


def test_tag_conll_keeps_sentence_breaks_and_tokens() -> None:
    source = io.StringIO("کازمی B-PER\nگوتی O\n. O\nهەولێر\n\nبەغدا X B-LOC\n")
    out = io.StringIO()
    tag_conll(source, out)
    lines = out.getvalue().split("\n")
    assert [line.split("\t")[0] for line in lines] == ["کازمی", "گوتی", ".", "هەولێر", "", "بەغدا", ""]
    assert all(line.split("\t")[1][:2] in ("O", "B-", "I-") for line in lines if line)


@pytest.mark.slow
@pytest.mark.skipif(not VAL.exists(), reason="AgaCKNER val split not available in ../shared/data/agackner")
@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained model in archive/extract/model")
def test_val_f1_does_not_regress() -> None:
    # Measured with the shipped model: micro 0.812, PER 0.884 (bench/results/ner.md); the micro
    # target of 0.85 is not reached yet, so this guards against regressions only.
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from ner_eval import evaluate

    result = evaluate(VAL)
    assert result["micro"][2] >= 0.80
    assert result["PER"][2] >= 0.87
