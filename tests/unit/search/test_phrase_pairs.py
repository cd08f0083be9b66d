"""The pair vector narrows a phrase to its candidates; it must never leave out an article the phrase matches."""

from pathlib import Path

import pytest

from archive.search.document import Field, document_fields, document_vectors, pair_key, term_hash
from archive.search.query import And, Not, Or, Phrase, Term, parse_query
from archive.search.tsquery import pairs_decide_phrases, phrase_pairs, without_required_phrases

SEED = Path(__file__).resolve().parents[3] / "archive" / "demo" / "seed-article.txt"


def _keys(literal: str) -> set[int]:
    assert literal.startswith("{") and literal.endswith("}")
    return {int(key) for key in literal[1:-1].split(",") if key}


def _pairs(*pairs: str) -> set[int]:
    return {pair_key(*pair.split(" ")) for pair in pairs}


def test_neighbouring_terms_pair_within_a_field_only():
    _, pairs = document_vectors([Field("سەرۆکی هەرێم", "A"), Field("کوردستان و عێراق", "C")])
    # «و» takes no position; no pair across fields
    assert _keys(pairs) == _pairs("سەرۆک هەرێم", "کوردستان عێراق")


def test_an_attached_preposition_pairs_like_a_separate_one():
    _, attached = document_vectors(document_fields("", "مستەفا کازمی لەبەغدا"))
    _, separate = document_vectors(document_fields("", "مستەفا کازمی لە بەغدا"))
    assert _keys(attached) == _keys(separate) == _pairs("مستەفا کازمی", "کازمی بەغدا")


def test_only_phrases_every_match_must_hold_give_pairs():
    assert _keys(phrase_pairs(Phrase(("سەرۆکی", "هەرێمی", "کوردستان")))) == _pairs(
        "سەرۆک هەرێم", "هەرێم کوردستان"
    )
    assert _keys(phrase_pairs(And((Term("نەوت"), Phrase(("نرخی", "نەوت")))))) == _pairs("نرخ نەوت")
    assert phrase_pairs(Or((Phrase(("نرخی", "نەوت")), Term("گاز")))) is None
    assert phrase_pairs(And((Term("نەوت"), Not(Phrase(("نرخی", "نەوت")))))) is None
    assert phrase_pairs(parse_query("هەولێر")) is None


def test_pairs_of_words_with_quotes_and_backslashes_are_keys_like_any_other():
    assert _keys(phrase_pairs(Phrase(("it's", "here")))) == _pairs("it s", "s here")
    assert _keys(document_vectors(document_fields("", "it's here"))[1]) == _pairs("it s", "s here")


def test_a_pair_key_depends_on_both_terms_and_their_order():
    assert pair_key("مستەفا", "کازمی") != pair_key("کازمی", "مستەفا")
    assert pair_key("a", "bc") != pair_key("ab", "c")
    assert 0 <= pair_key("مستەفا", "کازمی") < 2**63 and 0 <= term_hash("x") < 2**63
    # The first 63 bits of MD5 ('9dd4e461268c8034' for "x"), as migration 0021's hawal_term_hash.
    assert term_hash("x") == 0x1DD4E461268C8034


def test_keys_of_many_distinct_pairs_do_not_collide():
    words = [f"w{i}" for i in range(400)]
    keys = {pair_key(a, b) for a in words for b in words}
    assert len(keys) == len(words) ** 2


@pytest.mark.parametrize("width", [2, 3, 4])
def test_every_phrase_taken_from_an_article_finds_its_pairs_there(width):
    text = SEED.read_text(encoding="utf-8")
    _, literal = document_vectors(document_fields("", text))
    held = _keys(literal)
    words = text.split()
    checked = 0
    for start in range(len(words) - width + 1):
        query = phrase_pairs(Phrase(tuple(words[start : start + width])))
        if query is None:
            continue
        assert _keys(query) <= held, " ".join(words[start : start + width])
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
