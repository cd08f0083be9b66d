"""parse_query: the tree users' queries turn into, the filters pulled out, and the messages shown."""

import pytest

from archive.search import MAX_TERMS, And, Not, Or, Phrase, Query, Term, parse_query


def codes(query: Query) -> list[str]:
    return [message.code for message in query.messages]


def test_bare_words_are_anded_in_order() -> None:
    assert parse_query("کازمی بەغدا").tree == And((Term("کازمی"), Term("بەغدا")))


def test_one_word_is_a_term_not_an_and() -> None:
    assert parse_query("کازمی").tree == Term("کازمی")


def test_explicit_and_changes_nothing() -> None:
    expected = And((Term("کازمی"), Term("بەغدا")))
    assert parse_query("کازمی AND بەغدا").tree == expected
    assert parse_query("کازمی & بەغدا").tree == expected
    assert parse_query("کازمی && بەغدا").tree == expected


@pytest.mark.parametrize(
    "text",
    ['"مستەفا کازمی"', "«مستەفا کازمی»", "“مستەفا کازمی”", "„مستەفا کازمی“", '“مستەفا کازمی"'],
)
def test_every_quote_style_makes_a_phrase(text: str) -> None:
    query = parse_query(text)
    assert query.tree == Phrase(("مستەفا", "کازمی"))
    assert query.messages == ()


def test_phrase_and_words_mix() -> None:
    assert parse_query('کازمی "مستەفا کازمی" بەغدا').tree == And(
        (Term("کازمی"), Phrase(("مستەفا", "کازمی")), Term("بەغدا"))
    )


def test_a_quote_straight_after_a_word_starts_a_phrase() -> None:
    assert parse_query('کازمی"مستەفا کازمی"').tree == And((Term("کازمی"), Phrase(("مستەفا", "کازمی"))))


def test_or_in_capitals_and_pipe() -> None:
    expected = Or((Term("بەغدا"), Term("هەولێر")))
    assert parse_query("بەغدا OR هەولێر").tree == expected
    assert parse_query("بەغدا | هەولێر").tree == expected
    assert parse_query("بەغدا|هەولێر").tree == expected
    assert parse_query("بەغدا || هەولێر").tree == expected


def test_lower_case_or_and_kurdish_yan_are_words() -> None:
    # «یان» is also an ordinary word and suffix, so it is never an operator; it is a stopword.
    assert parse_query("بەغدا or هەولێر").tree == And((Term("بەغدا"), Term("or"), Term("هەولێر")))
    assert parse_query("بەغدا یان هەولێر").tree == And((Term("بەغدا"), Term("هەولێر")))


def test_or_binds_tighter_than_the_implicit_and() -> None:
    assert parse_query("کازمی بەغدا OR هەولێر").tree == And(
        (Term("کازمی"), Or((Term("بەغدا"), Term("هەولێر"))))
    )


def test_or_chains_flatten() -> None:
    assert parse_query("بەغدا OR هەولێر OR دهۆک").tree == Or((Term("بەغدا"), Term("هەولێر"), Term("دهۆک")))


def test_exclusion_of_words_phrases_and_groups() -> None:
    assert parse_query("کازمی -هێرش").tree == And((Term("کازمی"), Not(Term("هێرش"))))
    assert parse_query('کازمی -"مستەفا کازمی"').tree == And((Term("کازمی"), Not(Phrase(("مستەفا", "کازمی")))))
    assert parse_query("کازمی -(بەغدا OR هەولێر)").tree == And(
        (Term("کازمی"), Not(Or((Term("بەغدا"), Term("هەولێر")))))
    )
    assert parse_query("کازمی NOT هێرش").tree == And((Term("کازمی"), Not(Term("هێرش"))))


def test_double_negation_cancels() -> None:
    assert parse_query("NOT NOT کازمی").tree == Term("کازمی")
    assert parse_query("بەغدا -(-کازمی)").tree == And((Term("بەغدا"), Term("کازمی")))


def test_a_dash_between_words_is_not_an_exclusion() -> None:
    assert parse_query("کازمی - بەغدا").tree == And((Term("کازمی"), Term("بەغدا")))


def test_prefix() -> None:
    assert parse_query("کوردست*").tree == Term("کوردست", prefix=True)
    assert parse_query("کوردست***").tree == Term("کوردست", prefix=True)


def test_one_letter_prefix_is_searched_as_a_word_with_a_note() -> None:
    query = parse_query("ب* کازمی")
    assert query.tree == And((Term("ب"), Term("کازمی")))
    assert "prefix_too_short" in codes(query)


def test_parentheses_group() -> None:
    assert parse_query("(بەغدا OR هەولێر) -هێرش").tree == And(
        (Or((Term("بەغدا"), Term("هەولێر"))), Not(Term("هێرش")))
    )
    assert parse_query("(کازمی بەغدا) OR هەولێر").tree == Or(
        (And((Term("کازمی"), Term("بەغدا"))), Term("هەولێر"))
    )


def test_unbalanced_parentheses_are_fixed_with_a_note() -> None:
    opened = parse_query("(بەغدا OR هەولێر")
    assert opened.tree == Or((Term("بەغدا"), Term("هەولێر")))
    assert codes(opened) == ["unbalanced_paren"]
    closed = parse_query("بەغدا) هەولێر)")
    assert closed.tree == And((Term("بەغدا"), Term("هەولێر")))
    assert codes(closed) == ["extra_paren"]


def test_unbalanced_quote_runs_to_the_end_with_a_note() -> None:
    query = parse_query('کازمی "مستەفا کازمی')
    assert query.tree == And((Term("کازمی"), Phrase(("مستەفا", "کازمی"))))
    assert codes(query) == ["unbalanced_quote"]
    assert "quotation mark" in query.notes[0].en
    assert query.notes[0].ckb


def test_a_closing_quote_without_opener_is_a_separator() -> None:
    assert parse_query("کازمی» بەغدا”").tree == And((Term("کازمی"), Term("بەغدا")))


def test_kurdish_punctuation_separates_words() -> None:
    expected = And((Term("کازمی"), Term("بەغدا"), Term("هەولێر"), Term("دهۆک")))
    assert parse_query("کازمی،بەغدا؛هەولێر؟دهۆک").tree == expected
    assert parse_query("کازمی، بەغدا؛ هەولێر؟ دهۆک۔").tree == expected


def test_control_and_invisible_characters_are_removed() -> None:
    assert parse_query("کاز\u200bمی\x00 \u200fبەغدا\ufeff").tree == And((Term("کازمی"), Term("بەغدا")))
    assert parse_query("کازمی\tبەغدا\nهەولێر").tree == And((Term("کازمی"), Term("بەغدا"), Term("هەولێر")))


def test_zwnj_is_kept_for_the_analyzer() -> None:
    # ه + ZWNJ is the legacy spelling of ە; normalize needs to see it.
    assert parse_query("مه\u200cسرور").tree == Term("مه\u200cسرور")


@pytest.mark.parametrize(
    ("text", "attribute"),
    [
        ("person:کازمی", "people"),
        ("کەس:کازمی", "people"),
        ("place:کازمی", "places"),
        ("شوێن:کازمی", "places"),
        ("org:کازمی", "orgs"),
        ("ڕێکخراو:کازمی", "orgs"),
        ("رێكخراو:کازمی", "orgs"),  # typed without ڕ and with Arabic kaf
        ("source:کازمی", "sources"),
        ("سەرچاوە:کازمی", "sources"),
        ("Person:کازمی", "people"),
    ],
)
def test_entity_filters_and_their_kurdish_aliases(text: str, attribute: str) -> None:
    query = parse_query(text)
    assert getattr(query, attribute) == ("کازمی",)
    assert query.tree is None
    assert query.has_filters and not query.is_empty
    assert query.messages == ()


@pytest.mark.parametrize(
    "text",
    ['person:"مستەفا کازمی"', "person:«مستەفا کازمی»", 'person: "مستەفا کازمی"', "کەس:«مستەفا کازمی»"],
)
def test_quoted_filter_values(text: str) -> None:
    assert parse_query(text).people == ("مستەفا کازمی",)


def test_filter_value_after_a_space() -> None:
    query = parse_query("person: کازمی هێرش")
    assert query.people == ("کازمی",)
    assert query.tree == Term("هێرش")


def test_filters_keep_order_and_drop_duplicates() -> None:
    query = parse_query("person:کازمی هێرش person:سەدر person:کازمی place:بەغدا")
    assert query.people == ("کازمی", "سەدر")
    assert query.places == ("بەغدا",)
    assert query.tree == Term("هێرش")


def test_filter_without_value_is_an_error() -> None:
    query = parse_query("هێرش person:")
    assert query.tree == Term("هێرش")
    assert query.people == ()
    assert codes(query) == ["filter_without_value"]
    assert "person:" in query.errors[0].en and "person:" in query.errors[0].ckb


def test_filter_followed_by_an_operator_has_no_value() -> None:
    query = parse_query("person: OR هێرش")
    assert query.people == ()
    assert "filter_without_value" in codes(query)


def test_excluding_a_filter_is_reported_not_applied() -> None:
    query = parse_query("هێرش -person:کازمی")
    assert query.people == ()
    assert query.tree == Term("هێرش")
    assert codes(query) == ["negated_filter"]


def test_filter_beside_or_is_applied_to_everything_with_a_note() -> None:
    query = parse_query("بەغدا OR person:کازمی")
    assert query.tree == Term("بەغدا")
    assert query.people == ("کازمی",)
    assert codes(query) == ["filter_in_or"]
    assert codes(parse_query("person:کازمی OR بەغدا")) == ["filter_in_or"]


def test_unknown_field_is_searched_as_text() -> None:
    assert parse_query("foo:بەغدا").tree == Term("foo:بەغدا")


def test_dangling_operators_are_ignored_with_a_note() -> None:
    for text in ("OR بەغدا", "بەغدا OR", "بەغدا NOT", "NOT OR بەغدا"):
        query = parse_query(text)
        assert query.tree is not None, text
        assert "dangling_operator" in codes(query), text
    assert parse_query("بەغدا OR OR هەولێر").tree == Or((Term("بەغدا"), Term("هەولێر")))


def test_exclusion_inside_or_is_dropped() -> None:
    query = parse_query("بەغدا OR -هەولێر")
    assert query.tree == Term("بەغدا")
    assert codes(query) == ["exclusion_in_or"]


def test_only_exclusions_give_an_empty_tree_and_a_note() -> None:
    query = parse_query("-هێرش -«مستەفا کازمی»")
    assert query.tree is None
    assert codes(query) == ["only_exclusions"]
    assert query.notes[0].ckb and query.notes[0].en


def test_only_stopwords_give_an_empty_tree_and_a_note() -> None:
    query = parse_query("لە و بۆ")
    assert query.tree is None
    assert codes(query) == ["unsearchable_words", "only_stopwords"]
    assert "«لە»" in query.notes[0].ckb


def test_stopwords_are_dropped_beside_real_words() -> None:
    query = parse_query("کازمی لە بەغدا")
    assert query.tree == And((Term("کازمی"), Term("بەغدا")))
    assert codes(query) == ["unsearchable_words"]


def test_a_phrase_keeps_its_stopwords() -> None:
    # Inside a phrase they matter for word order; the compiler decides what they become.
    assert parse_query("«کازمی لە بەغدا»").tree == Phrase(("کازمی", "لە", "بەغدا"))


def test_number_of_words_is_capped() -> None:
    words = [f"وشە{n}" for n in range(MAX_TERMS + 10)]
    query = parse_query(" ".join(words))
    assert isinstance(query.tree, And)
    assert query.tree.children == tuple(Term(word) for word in words[:MAX_TERMS])
    assert codes(query) == ["too_many_terms"]


def test_a_long_phrase_is_cut_at_the_cap() -> None:
    words = [f"وشە{n}" for n in range(MAX_TERMS + 5)]
    query = parse_query("کازمی «" + " ".join(words) + "»")
    assert query.tree == And((Term("کازمی"), Phrase(tuple(words[: MAX_TERMS - 1]))))
    assert "too_many_terms" in codes(query)


def test_duplicate_words_are_searched_once() -> None:
    assert parse_query("کازمی کازمی بەغدا").tree == And((Term("کازمی"), Term("بەغدا")))


def test_deep_parentheses_are_flattened_with_a_note() -> None:
    query = parse_query("(" * 50 + "کازمی" + ")" * 50)
    assert query.tree == Term("کازمی")
    assert codes(query) == ["too_deep"]


def test_messages_have_both_languages_and_a_readable_str() -> None:
    query = parse_query('"کازمی date:2021-13-40 -x')
    for message in query.messages:
        assert message.ckb and message.en and message.code
        assert message.ckb in str(message) and message.en in str(message)


def test_empty_input() -> None:
    for text in ("", "   ", None, "\x00\u200b"):
        query = parse_query(text)
        assert query.tree is None
        assert query.is_empty
        assert query.messages == ()
