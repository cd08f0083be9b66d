"""to_tsquery, query_terms, query_prefixes and describe, with expectations from the real analyzer."""

import itertools

from archive.search import (
    And,
    Not,
    Or,
    Phrase,
    Term,
    describe,
    parse_query,
    query_prefixes,
    query_terms,
    quote_lexeme,
    to_tsquery,
)
from archive.text import analyze, normalize, terms


def lexeme(word: str) -> str:
    """The quoted index term of one word, as the analyzer spells it today."""
    found = terms(word)
    assert len(found) == 1, (word, found)
    return quote_lexeme(found[0])


def compiled(text: str) -> str | None:
    return to_tsquery(parse_query(text))


def test_words_are_analysed_like_documents() -> None:
    assert compiled("هێرشەکەی") == lexeme("هێرشەکەی")
    # An attached preposition is split off, as in the index.
    assert compiled("لەبەغدا") == lexeme("لەبەغدا") == lexeme("بەغدا")
    # Arabic spellings meet Kurdish ones.
    assert compiled("كازمي") == compiled("کازمی") == lexeme("کازمی")


def test_and_of_words() -> None:
    assert compiled("لەبەغدا هێرشەکەی") == f"{lexeme('بەغدا')} & {lexeme('هێرشەکەی')}"


def test_or_and_not_with_precedence() -> None:
    kazmi, baghdad, erbil, attack = (lexeme(w) for w in ("کازمی", "بەغدا", "هەولێر", "هێرشەکەی"))
    assert compiled("کازمی بەغدا OR هەولێر -هێرشەکەی") == f"{kazmi} & ({baghdad} | {erbil}) & !{attack}"
    assert compiled("بەغدا OR هەولێر") == f"{baghdad} | {erbil}"
    assert compiled("(کازمی بەغدا) OR هەولێر") == f"({kazmi} & {baghdad}) | {erbil}"
    assert compiled("کازمی -(بەغدا هەولێر)") == f"{kazmi} & !({baghdad} & {erbil})"


def test_exclusions_come_after_the_positive_part() -> None:
    assert compiled("-هێرش کازمی") == f"{lexeme('کازمی')} & !{lexeme('هێرش')}"


def test_phrase_is_a_chain() -> None:
    words = ("سەرۆکی", "هەرێمی", "کوردستان")
    expected = " <-> ".join(lexeme(word) for word in words)
    assert compiled("«سەرۆکی هەرێمی کوردستان»") == expected
    assert compiled('"سەرۆکی هەرێمی کوردستان"') == expected


def test_phrase_under_not_is_parenthesised() -> None:
    assert compiled('کازمی -"مستەفا کازمی"') == (
        f"{lexeme('کازمی')} & !({lexeme('مستەفا')} <-> {lexeme('کازمی')})"
    )


def test_phrase_distances_follow_the_analyzers_positions() -> None:
    text = "«مستەفا کازمی لە بەغدا و هەولێر»"
    tokens = [token for token in analyze(text) if token.terms]
    expected = quote_lexeme(tokens[0].terms[0])
    for previous, token in itertools.pairwise(tokens):
        distance = token.position - previous.position
        expected += (" <-> " if distance == 1 else f" <{distance}> ") + quote_lexeme(token.terms[0])
    assert all(len(token.terms) == 1 for token in tokens)
    assert compiled(text) == expected


def test_stopwords_in_a_phrase_match_the_attached_form() -> None:
    # The index gives «لە بەغدا» and «لەبەغدا» the same positions, so the two phrases must agree.
    assert compiled("«کازمی لە بەغدا»") == compiled("«کازمی لەبەغدا»")


def test_leading_and_trailing_stopwords_of_a_phrase_are_dropped() -> None:
    assert compiled("«لە بەغدا و»") == lexeme("بەغدا")


def test_several_terms_of_one_token() -> None:
    parts = terms("COVID19")
    assert len(parts) == 2
    both = " & ".join(quote_lexeme(part) for part in parts)
    assert compiled("COVID19") == both
    # Inside a phrase they must share the token's position.
    assert compiled("«بەغدا COVID19»") == f"{lexeme('بەغدا')} <-> ({both})"
    assert compiled("کازمی -COVID19") == f"{lexeme('کازمی')} & !({both})"


def test_a_word_split_into_several_tokens_is_a_chain() -> None:
    assert compiled("COVID-19") == " <-> ".join(quote_lexeme(part) for part in terms("COVID-19"))
    assert compiled("it's") == "'it' <-> 's'"


def test_prefix_is_normalised_but_not_stemmed() -> None:
    assert compiled("کوردست*") == "'کوردست':*"
    # Arabic letters, Arabic yeh and a bare initial ر are folded as in index terms.
    assert compiled("رێكخ*") == f"{quote_lexeme(normalize('رێکخ'))}:*" == "'ڕێکخ':*"
    # A suffix-looking ending stays: stemming هێرشەک would change the prefix.
    assert compiled("هێرشەک*") == "'هێرشەک':*"
    assert compiled("Kurd*") == "'kurd':*"


def test_a_stopword_looking_prefix_is_still_searched() -> None:
    assert compiled("بەغ*") == "'بەغ':*"
    assert compiled("لە*") == "'لە':*"


def test_bare_date_matches_iso_and_day_first_spellings() -> None:
    expected = "'2021' <-> '11' <-> '7' | '2021' <-> '11' <-> '07' | '7' <-> '11' <-> '2021' | '07' <-> '11' <-> '2021'"
    assert compiled("2021-11-07") == expected
    assert compiled("٧/١١/٢٠٢١") == expected
    assert compiled("۲۰۲۱/۱۱/۰۷") == expected
    assert compiled("هێرش 2021-11-07") == f"{lexeme('هێرش')} & ({expected})"


def test_not_a_real_date_is_just_numbers() -> None:
    assert compiled("2021-02-30") == "'2021' <-> '02' <-> '30'"
    assert compiled("5-10") == "'5' <-> '10'"


def test_nothing_searchable_is_none() -> None:
    for text in ("", "لە و", "-کازمی", ":* & | !", "person:کازمی", "date:2021"):
        assert compiled(text) is None, text


def test_hand_built_trees_without_a_positive_part_are_none() -> None:
    assert to_tsquery(Not(Term("کازمی"))) is None
    assert to_tsquery(And((Not(Term("کازمی")), Not(Term("بەغدا"))))) is None
    assert to_tsquery(Or((Term("کازمی"), Not(Term("بەغدا"))))) is None
    assert to_tsquery(None) is None
    assert to_tsquery(And((Term("لە"), Not(Term("کازمی"))))) is None
    assert to_tsquery(Phrase(("لە", "و"))) is None


def test_hostile_words_in_hand_built_trees_are_quoted() -> None:
    assert to_tsquery(Term("a'b")) == "'a' <-> 'b'"
    assert to_tsquery(Term("x':*")) == "'x'"
    assert to_tsquery(Term("\\")) is None


def test_quote_lexeme_escapes_quotes_and_backslashes() -> None:
    assert quote_lexeme("کازمی") == "'کازمی'"
    assert quote_lexeme("it's") == "'it''s'"
    assert quote_lexeme("a\\b") == "'a\\\\b'"
    assert quote_lexeme("x' | 'y") == "'x'' | ''y'"


def test_query_terms_for_highlighting() -> None:
    query = parse_query("لەبەغدا «مستەفا کازمی» هێرشەکەی* -هەولێر (درۆنەکە OR ئەمریکا)")
    expected = {*terms("لەبەغدا"), *terms("مستەفا کازمی"), *terms("درۆنەکە"), *terms("ئەمریکا")}
    assert query_terms(query) == expected
    assert "هەولێر" not in query_terms(query)
    assert query_prefixes(query) == {"هێرشەکەی"}
    assert query_terms(parse_query("")) == set()


def test_query_prefixes_are_normalised() -> None:
    assert query_prefixes(parse_query("كوردست* -رێك*")) == {"کوردست"}


def test_describe_in_english_and_sorani() -> None:
    query = parse_query('کازمی "مستەفا کازمی" from:2021-11-01')
    assert describe(query) == "کازمی AND «مستەفا کازمی» from 2021-11-01"
    assert describe(query, language="ckb") == "کازمی و «مستەفا کازمی» لە 2021-11-01"


def test_describe_operators_filters_and_dates() -> None:
    query = parse_query("کازمی بەغدا OR هەولێر -هێرش کوردست* person:«مستەفا کازمی» place:بەغدا date:2021-11")
    assert describe(query) == (
        "کازمی AND (بەغدا OR هەولێر) AND NOT هێرش AND کوردست* person: «مستەفا کازمی» place: بەغدا"
        " from 2021-11-01 to 2021-11-30"
    )
    assert describe(parse_query("هێرش date:٢٠٢١-١١-٠٧")) == "هێرش on 2021-11-07"
    assert describe(parse_query("هێرش date:٢٠٢١-١١-٠٧"), language="ckb") == "هێرش لە ڕێکەوتی 2021-11-07"
    assert describe(parse_query("")) == ""


def test_a_word_with_several_readings_is_estimated_from_its_main_term() -> None:
    from archive.search.tsquery import main_terms

    word = "COVID19"  # one token, two terms («covid», «19»), like a Sorani word with two readings
    main = next(analyze(word)).terms[0]
    assert [t.terms for t in main_terms(f"{word} لەهەولێر")] == [(main,), ("هەولێر",)]
    assert to_tsquery(parse_query(word), analyzer=main_terms) == quote_lexeme(main)
    assert " & " in to_tsquery(parse_query(word))  # the query itself still requires every reading


def test_a_query_that_excludes_what_it_asks_for_is_recognised() -> None:
    from archive.search.tsquery import excludes_itself

    # inflected and attached forms are the same term, so these can match nothing
    assert excludes_itself(parse_query("هەولێر -لەهەولێر"))
    assert excludes_itself(parse_query("پەرلەمانتارێکى -پەرلەمانتاری"))
    assert excludes_itself(parse_query('"مستەفا کازمی" نەوت -"مستەفا کازمی"'))
    assert not excludes_itself(parse_query("هەولێر -بەغدا"))
    assert not excludes_itself(parse_query("هەولێر OR بەغدا -هەولێر"))  # «بەغدا» alone still matches
    assert not excludes_itself(parse_query("هەولێر"))
    assert not excludes_itself(None)


def test_title_only_restricts_every_lexeme_to_the_title_weight() -> None:
    from archive.search.tsquery import title_only

    assert title_only("'a' & !'b' | 'c' <-> 'd' <2> 'e':*") == "'a':A & !'b':A | 'c':A <-> 'd':A <2> 'e':*A"
    # quotes and backslashes inside a lexeme stay part of it
    assert title_only("'it''s' & 'a\\\\b'") == "'it''s':A & 'a\\\\b':A"
    for text in ("هەولێر", '"نرخی نەوت"', "ئابوو* -بەغدا", "٢٠٢١-١١-٢٩", "it's OR COVID-19"):
        query = compiled(text)
        restricted = title_only(query)
        assert restricted.count(":A") + restricted.count(":*A") == query.count("'") // 2 - query.count("''")
