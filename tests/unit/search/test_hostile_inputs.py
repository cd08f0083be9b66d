"""Whatever is typed, parsing never raises and the tsquery is either None or safely quoted."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search import (
    MAX_TERMS,
    And,
    Not,
    Or,
    Phrase,
    Query,
    Term,
    describe,
    parse_query,
    query_terms,
    quote_lexeme,
    to_tsquery,
)
from archive.search.query import iter_leaves
from archive.text import terms

# One tsquery token: a quoted lexeme (quotes doubled, backslash escapes) with an optional :*, or an operator.
_TSQUERY_TOKEN = re.compile(r"\s*(?:(?P<lexeme>'(?:[^'\\]|''|\\.)+')(?::\*)?|(?P<op><->|<\d+>|[&|!()]))")


def tsquery_tokens(tsquery: str) -> list[str]:
    """Split a tsquery into tokens, failing on anything that is not a quoted lexeme or an operator."""
    tokens: list[str] = []
    pos = 0
    while pos < len(tsquery):
        match = _TSQUERY_TOKEN.match(tsquery, pos)
        assert match is not None, f"unquoted text at {pos} in {tsquery!r}"
        tokens.append(match.group("lexeme") or match.group("op"))
        pos = match.end()
    return tokens


def assert_well_formed(tsquery: str) -> None:
    """operand (binary-operator operand)*, with ! prefixes and balanced parentheses."""
    tokens = tsquery_tokens(tsquery)
    pos = 0

    def operand() -> None:
        nonlocal pos
        while pos < len(tokens) and tokens[pos] == "!":
            pos += 1
        assert pos < len(tokens), tsquery
        if tokens[pos] == "(":
            pos += 1
            expression()
            assert pos < len(tokens) and tokens[pos] == ")", tsquery
            pos += 1
        else:
            lexeme = tokens[pos]
            assert lexeme.startswith("'"), tsquery
            inner = lexeme[1:-1].replace("''", "'")
            assert any(ch.isalnum() for ch in inner), tsquery
            pos += 1

    def expression() -> None:
        nonlocal pos
        operand()
        while pos < len(tokens) and tokens[pos] not in ("(", ")", "!") and not tokens[pos].startswith("'"):
            pos += 1
            operand()

    expression()
    assert pos == len(tokens), tsquery


def assert_query_invariants(query: Query) -> None:
    assert isinstance(query, Query)
    leaves = list(iter_leaves(query.tree))
    assert sum(len(leaf.words) if isinstance(leaf, Phrase) else 1 for leaf, _ in leaves) <= MAX_TERMS
    assert any(positive for _, positive in leaves) or query.tree is None
    assert not isinstance(query.tree, Not)
    stack = [query.tree] if query.tree is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, Or):
            assert not any(isinstance(child, Not) for child in node.children)
        if isinstance(node, And | Or):
            assert len(node.children) >= 2
            stack.extend(node.children)
        elif isinstance(node, Not):
            stack.append(node.child)
        elif isinstance(node, Term):
            assert node.text
        else:
            assert node.words
    for value in query.people + query.places + query.orgs + query.sources:
        assert value.strip()
    if query.date_from and query.date_to:
        assert query.date_from <= query.date_to


HOSTILE = [
    "",
    " ",
    ":*",
    "کازمی:*",
    "'کازمی':*",
    "&",
    "|",
    "!",
    "<->",
    "<2>",
    "\\",
    "'",
    "''",
    "\\'",
    "\x00",
    "کازمی\x00بەغدا",
    "a & b | !c <-> d",
    "'a' & 'b'",
    "!(کازمی)",
    "کازمی <-> بەغدا",
    '"',
    '""',
    '"""',
    "«",
    "»",
    "«»",
    "(",
    ")",
    "()",
    ")(",
    "((کازمی",
    "کازمی))",
    "-",
    "--",
    "- -",
    "-()",
    "*",
    "**",
    "OR",
    "AND",
    "NOT",
    "OR OR OR",
    "NOT NOT",
    "| | &",
    "person:",
    "person:person:",
    ":",
    "::",
    "date:",
    "from:x",
    "date:::",
    'person:"',
    "\ud800",
    "\u200f\u200e\u202b",
    "\u200c",
    "ـــ",
    "٠",
    "%s",
    "'; DROP TABLE archive_article; --",
    "$$ ' $$",
    "E'\\x00'",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_inputs_parse_and_compile_safely(text: str) -> None:
    query = parse_query(text)
    assert_query_invariants(query)
    tsquery = to_tsquery(query)
    if tsquery is not None:
        assert_well_formed(tsquery)


def test_hostile_operators_around_a_real_word_keep_only_the_word() -> None:
    for text in ("!کازمی", "کازمی\\", "\\'کازمی'", "&کازمی&", "<->کازمی", "'کازمی'"):
        assert to_tsquery(parse_query(text)) == "'کازمی'", text
    # tsquery's own prefix syntax reads as our prefix: the :* is ours, the word stays quoted.
    for text in ("کازمی:*", "'کازمی':*"):
        assert to_tsquery(parse_query(text)) == "'کازمی':*", text


def test_sql_looking_input_is_only_words() -> None:
    drop, table, archive, article = (quote_lexeme(term) for term in terms("DROP TABLE archive article"))
    expected = f"{drop} & {table} & {archive} <-> {article}"
    assert to_tsquery(parse_query("'; DROP TABLE archive_article; --")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "کازمی " * 2000,
        "(" * 10_000,
        '"' * 10_000,
        "-" * 10_000,
        "NOT " * 2_500,
        "بەغدا OR " * 1_500,
        "person:" * 1_500,
        "x" * 10_000,
        "«" + "ب " * 5_000,
        "-(" * 5_000,
        "\x00" * 10_000,
        "\u200b" * 10_000 + "کازمی",
    ],
)
def test_ten_kilobytes(text: str) -> None:
    query = parse_query(text)
    assert_query_invariants(query)
    tsquery = to_tsquery(query)
    if tsquery is not None:
        assert_well_formed(tsquery)
        assert len(tsquery_tokens(tsquery)) < 8 * MAX_TERMS


def test_a_long_query_is_cut_between_words_with_a_note() -> None:
    query = parse_query("کازمی " * 2000)
    assert query.tree == Term("کازمی")
    assert [m.code for m in query.messages] == ["query_too_long"]


def test_the_well_formedness_checker_rejects_unsafe_strings() -> None:
    for bad in ("kazmi", "'a' 'b'", "'a' &", "('a'", "'a'''b'", "''", "'a' & :*", "'&'"):
        with pytest.raises(AssertionError):
            assert_well_formed(bad)
    assert_well_formed("'a' & !('b' | 'c':*) <-> 'd' <2> ('e' & 'f')")


SYNTAX = "\"'\\:*&|!<->()«»“”„،؛؟-. \t\n\x00\u200b\u200c\u200f"
query_like = st.lists(
    st.one_of(
        st.sampled_from(
            ["OR", "AND", "NOT", "person:", "date:", "from:", "لە:", "کەس:", ":*", "<->", "2021-11-07"]
        ),
        st.text(alphabet="کازمیبەغداهێرشلەوڕۆڵ٢٠١۱۲abZ0" + SYNTAX, max_size=8),
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.text(max_size=60), query_like))
def test_any_text_parses_and_compiles_to_a_safe_tsquery(text: str) -> None:
    query = parse_query(text)
    assert_query_invariants(query)
    tsquery = to_tsquery(query)
    assert tsquery is None or isinstance(tsquery, str)
    if tsquery is not None:
        assert_well_formed(tsquery)
        assert "\x00" not in tsquery
        tsquery.encode("utf-8")  # no lone surrogates reach the database driver
    describe(query).encode("utf-8")
    describe(query, language="ckb")
    assert all(term for term in query_terms(query))
