"""The pair vector narrows a phrase to its candidates; it must never leave out an article the phrase matches."""

import re
from pathlib import Path

import pytest

from archive.search.document import Field, document_fields, document_vectors
from archive.search.query import And, Not, Or, Phrase, Term, parse_query
from archive.search.tsquery import pairs_decide_phrases, phrase_pairs, without_required_phrases

SEED = Path(__file__).resolve().parents[3] / "archive" / "demo" / "seed-article.txt"


def _pairs(literal: str) -> set[str]:
    return set(re.findall(r"'((?:[^']|'')*)'", literal))


def test_neighbouring_terms_pair_within_a_field_only():
    _, pairs = document_vectors([Field("سەرۆکی هەرێم", "A"), Field("کوردستان و عێراق", "C")])
    assert _pairs(pairs) == {"سەرۆک هەرێم", "کوردستان عێراق"}  # «و» takes no position; no pair across fields


def test_an_attached_preposition_pairs_like_a_separate_one():
    _, attached = document_vectors(document_fields("", "مستەفا کازمی لەبەغدا"))
    _, separate = document_vectors(document_fields("", "مستەفا کازمی لە بەغدا"))
    assert _pairs(attached) == _pairs(separate) == {"مستەفا کازمی", "کازمی بەغدا"}


def test_only_phrases_every_match_must_hold_give_pairs():
    assert phrase_pairs(Phrase(("سەرۆکی", "هەرێمی", "کوردستان"))) == "'سەرۆک هەرێم' & 'هەرێم کوردستان'"
    assert phrase_pairs(And((Term("نەوت"), Phrase(("نرخی", "نەوت"))))) == "'نرخ نەوت'"
    assert phrase_pairs(Or((Phrase(("نرخی", "نەوت")), Term("گاز")))) is None
    assert phrase_pairs(And((Term("نەوت"), Not(Phrase(("نرخی", "نەوت")))))) is None
    assert phrase_pairs(parse_query("هەولێر")) is None


def test_quotes_and_backslashes_in_pairs_are_escaped():
    assert phrase_pairs(Phrase(("it's", "here"))) == "'it s' & 's here'"


@pytest.mark.parametrize("width", [2, 3, 4])
def test_every_phrase_taken_from_an_article_finds_its_pairs_there(width):
    text = SEED.read_text(encoding="utf-8")
    _, literal = document_vectors(document_fields("", text))
    held = _pairs(literal)
    words = text.split()
    checked = 0
    for start in range(len(words) - width + 1):
        query = phrase_pairs(Phrase(tuple(words[start : start + width])))
        if query is None:
            continue
        wanted = {pair.replace("''", "'") for pair in _pairs(query)}
        assert wanted <= held, " ".join(words[start : start + width])
        checked += 1
    assert checked > len(words) // 2


def test_the_pairs_decide_two_word_phrases_without_exclusions_only():
    assert pairs_decide_phrases(parse_query('"مستەفا کازمی"'))
    assert pairs_decide_phrases(parse_query('"مستەفا کازمی" بەغدا'))
    assert pairs_decide_phrases(parse_query('"لە بەغدا"')) is False  # one word after the stopword
    assert not pairs_decide_phrases(parse_query('"سەرۆکی هەرێمی کوردستان"'))  # pairs only narrow three words
    assert not pairs_decide_phrases(parse_query('"مستەفا کازمی" -بەغدا'))
    assert not pairs_decide_phrases(parse_query('"مستەفا کازمی" OR بەغدا'))
    assert not pairs_decide_phrases(parse_query("مستەفا کازمی"))


def test_estimating_a_phrase_leaves_out_the_phrase_and_keeps_the_words():
    query = parse_query('"مستەفا کازمی" بەغدا -هەولێر')
    rest = without_required_phrases(query.tree)
    assert isinstance(rest, And) and Term("بەغدا") in rest.children
    assert not any(isinstance(child, Phrase) for child in rest.children)
    assert without_required_phrases(parse_query('"مستەفا کازمی"').tree) is None
    assert without_required_phrases(parse_query('"مستەفا کازمی" -هەولێر').tree) is None
    assert without_required_phrases(parse_query("بەغدا").tree) == Term("بەغدا")
