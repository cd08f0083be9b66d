"""Compile a parsed query tree to a raw PostgreSQL tsquery string, every word analysed and quoted.

``to_tsquery(parse_query("لەبەغدا هێرشەکەی").tree) == "'بەغدا' & 'هێرش'"`` — the same terms
``archive.text.analyze`` writes into the index, so inflected and attached forms meet. The string is meant
for ``to_tsquery('simple', %s)`` (and is also a valid ``%s::tsquery`` literal): every lexeme is wrapped in
'…' with quotes doubled and backslashes escaped, so nothing the user typed can act as tsquery syntax.

- a word → its terms; several terms of one token → ``&``; a word the analyzer splits into several
  tokens («it's», «COVID-19») → a ``<->`` chain; a bare full date («2021-11-07», «٧/١١/٢٠٢١») → any of
  the ISO and day-first spellings news uses (``'2021' <-> '11' <-> '07' | … | '7' <-> '11' <-> '2021'``);
- ``word*`` → ``'prefix':*``, the prefix normalised and folded like index terms but not stemmed;
- a phrase → a ``<->``/``<N>`` chain following the analyzer's positions (stopwords take no position of
  their own, so «مستەفا کازمی لە بەغدا» also finds «مستەفا کازمی لەبەغدا»); several terms of one token
  → ``('a' & 'b')``, which PostgreSQL reads as "both at that position";
- Not → ``!``, And → ``&``, Or → ``|``, parenthesised by precedence (``!`` > ``<->`` > ``&`` > ``|``).

None means nothing searchable is left (or only exclusions, which would scan the whole archive).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from archive.search.document import pair_key
from archive.search.query import (
    And,
    Node,
    Not,
    Or,
    Phrase,
    Query,
    Term,
    iter_leaves,
    parse_date_period,
)
from archive.text import Token, analyze, normalize
from archive.text.normalize import fold_term

type Analyzer = Callable[[str], Iterator[Token]]

_DIGITS = str.maketrans(
    {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
)
_DATE_PARTS = re.compile(r"[-/.؍]")

# PostgreSQL rejects words of 2 kB or more in a tsquery; real words are far shorter.
MAX_LEXEME_BYTES = 2000

# Precedence of what a compiled piece ends with: bigger binds tighter.
_OR, _AND, _PHRASE, _NOT, _ATOM = range(5)


def quote_lexeme(lexeme: str) -> str:
    """``quote_lexeme("it's")`` → ``'it''s'``; a backslash is doubled so it escapes nothing."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _usable(lexeme: str) -> bool:
    # Only letters, marks and digits survive PostgreSQL's parser; a lexeme without any would vanish
    # (or, if empty, be a syntax error).
    return (
        any(unicodedata.category(char)[0] in "LN" for char in lexeme)
        and len(lexeme.encode("utf-8", "replace")) <= MAX_LEXEME_BYTES
    )


def prefix_lexeme(surface: str) -> str:
    """A prefix as index terms are spelled, without stemming: ``prefix_lexeme("كوردست") == "کوردست"``."""
    return fold_term(normalize(surface)).casefold()


def _group(terms: Iterable[str]) -> tuple[str, int] | None:
    """The terms of one token: one lexeme, or several that must all be at that position."""
    quoted = list(dict.fromkeys(quote_lexeme(term) for term in terms if _usable(term)))
    if not quoted:
        return None
    if len(quoted) == 1:
        return quoted[0], _ATOM
    return "(" + " & ".join(quoted) + ")", _ATOM


def _chain(tokens: list[Token], *, prefix_last: bool = False) -> tuple[str, int] | None:
    """Tokens of one word or phrase as a chain following their positions."""
    pieces: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if prefix_last and index == len(tokens) - 1:
            lexeme = prefix_lexeme(token.surface)
            group = (quote_lexeme(lexeme) + ":*", _ATOM) if _usable(lexeme) else None
        else:
            group = _group(token.terms)
        if group is not None:
            pieces.append((token.position, group[0]))
    if not pieces:
        return None
    if len(pieces) == 1:
        return pieces[0][1], _ATOM
    out = [pieces[0][1]]
    for (previous, _), (position, piece) in itertools.pairwise(pieces):
        distance = max(position - previous, 0)
        out.append("<->" if distance == 1 else f"<{distance}>")
        out.append(piece)
    return " ".join(out), _PHRASE


def _date_spellings(text: str) -> list[str] | None:
    """A bare full date («2021-11-07», «٧/١١/٢٠٢١») as news writes it: ISO or day first, padded or not.

    Sorani news writes «٧ - ١١ - ٢٠٢١» and «٢٠٢٣/١١/٠٧»; the analyzer keeps each number as a term.
    """
    parts = [part for part in _DATE_PARTS.split(text.translate(_DIGITS)) if part]
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    period = parse_date_period(text)
    if period is None or period.start != period.end:
        return None
    day = period.start
    days = dict.fromkeys((str(day.day), f"{day.day:02d}"))
    months = dict.fromkeys((str(day.month), f"{day.month:02d}"))
    year = str(day.year)
    chains = [f"{year} {m} {d}" for m in months for d in days]
    chains += [f"{d} {m} {year}" for d in days for m in months]
    return chains


def _term(term: Term, analyzer: Analyzer) -> tuple[str, int] | None:
    tokens = list(analyzer(term.text))
    if term.prefix:
        return _chain(tokens, prefix_last=True)
    if (spellings := _date_spellings(term.text)) is not None:
        chains = [_chain([t for t in analyzer(spelling) if t.terms]) for spelling in spellings]
        options = [_wrap(chain, _AND + 1) for chain in chains if chain is not None]
        if options:
            return " | ".join(options), _OR
    with_terms = [token for token in tokens if token.terms]
    if len(with_terms) == 1:
        # One word with several terms: all required, anywhere (looser than the same position).
        quoted = list(dict.fromkeys(quote_lexeme(t) for t in with_terms[0].terms if _usable(t)))
        if not quoted:
            return None
        return (quoted[0], _ATOM) if len(quoted) == 1 else (" & ".join(quoted), _AND)
    return _chain(with_terms)


def _wrap(piece: tuple[str, int], at_least: int) -> str:
    text, precedence = piece
    return text if precedence >= at_least else f"({text})"


def _positive(node: Node) -> bool:
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_positive(child) for child in node.children)
    if isinstance(node, Or):
        return all(_positive(child) for child in node.children)
    return True


def _compile(node: Node, analyzer: Analyzer) -> tuple[str, int] | None:
    if isinstance(node, Term):
        return _term(node, analyzer)
    if isinstance(node, Phrase):
        return _chain([token for token in analyzer(" ".join(node.words)) if token.terms])
    if isinstance(node, Not):
        inner = _compile(node.child, analyzer)
        return None if inner is None else ("!" + _wrap(inner, _NOT), _NOT)
    if isinstance(node, And):
        positives: list[str] = []
        negatives: list[str] = []
        for child in node.children:
            piece = _compile(child, analyzer)
            if piece is not None:
                (positives if _positive(child) else negatives).append(_wrap(piece, _AND))
        if not positives:
            return None  # only exclusions: would match (and scan) nearly the whole archive
        parts = positives + negatives
        return (parts[0], _ATOM) if len(parts) == 1 else (" & ".join(parts), _AND)
    options = []
    for child in node.children:
        if not _positive(child):
            continue  # «a OR -b» would match nearly everything
        piece = _compile(child, analyzer)
        if piece is not None:
            options.append(_wrap(piece, _AND + 1))  # parentheses only for readability
    if not options:
        return None
    return (options[0], _ATOM) if len(options) == 1 else (" | ".join(options), _OR)


def excludes_itself(node: Node | Query | None, *, analyzer: Analyzer = analyze) -> bool:
    """True when the query asks for something and excludes exactly that: «پەرلەمانتارێک -پەرلەمانتاری»
    (both words are one term), which nothing can match; PostgreSQL would still read every article holding
    the word to find that out.

    >>> excludes_itself(And((Term("هەولێر"), Not(Term("لەهەولێر")))))
    True
    """
    if isinstance(node, Query):
        node = node.tree
    if not isinstance(node, And):
        return False
    positives, negatives = set(), set()
    for child in node.children:
        target, inner = (negatives, child.child) if isinstance(child, Not) else (positives, child)
        if (piece := _compile(inner, analyzer)) is not None:
            target.add(piece[0])
    return not positives.isdisjoint(negatives)


def to_tsquery(node: Node | Query | None, *, analyzer: Analyzer = analyze) -> str | None:
    """The raw tsquery for a tree (or a parsed Query), or None when nothing searchable remains.

    >>> to_tsquery(Phrase(("سەرۆکی", "هەرێمی", "کوردستان")))
    "'سەرۆک' <-> 'هەرێم' <-> 'کوردستان'"
    """
    if isinstance(node, Query):
        node = node.tree
    if node is None or not _positive(node):
        return None
    piece = _compile(node, analyzer)
    return None if piece is None else piece[0]


# A quoted lexeme as quote_lexeme writes it (quotes doubled, backslashes doubled), and a prefix mark after it.
_QUOTED_LEXEME = re.compile(r"'(?:[^'\\]|''|\\\\)*'(:\*)?")


def title_only(tsquery: str) -> str:
    """The same tsquery with every lexeme restricted to weight A (the title): ``'x'`` → ``'x':A``,
    ``'x':*`` → ``'x':*A``. ``vector @@ title_only(q)`` is ``ts_filter(vector, '{a}') @@ q`` without
    copying the vector (phrases keep to title positions, ``!x`` means "not in the title").

    >>> title_only("'سەرۆک' <-> 'هەرێم' & 'کورد':*")
    "'سەرۆک':A <-> 'هەرێم':A & 'کورد':*A"
    """
    return _QUOTED_LEXEME.sub(lambda m: m.group() + ("A" if m.group(1) else ":A"), tsquery)


def main_terms(text: str) -> Iterator[Token]:
    """``analyze(text)`` with each token's main term only: what a query's match count is estimated from.

    A word with several readings is compiled to ``'a' & 'b'``, which PostgreSQL estimates as two
    independent words, although every article with the word holds both («هەدەپە»: 1,361 estimated,
    11,530 found in 100,000 articles); the main reading alone gives the word's own frequency.
    """
    for token in analyze(text):
        yield token if len(token.terms) <= 1 else dataclasses.replace(token, terms=token.terms[:1])


def phrase_pairs(node: Node | Query | None, *, analyzer: Analyzer = analyze) -> str | None:
    """The word pairs every match of the query's required phrases holds, as a bigint[] literal of their
    keys (archive.search.document.document_vectors), or None when the query requires no phrase.

    >>> phrase_pairs(Phrase(("سەرۆکی", "هەرێمی", "کوردستان"))) == (
    ...     f"{{{pair_key('سەرۆک', 'هەرێم')},{pair_key('هەرێم', 'کوردستان')}}}"
    ... )
    True

    Only phrases every match must hold count (the whole query, or a part of a top-level AND); pairs are
    taken where two words stand at neighbouring positions, as in the phrase's own `<->` chain.
    """
    if isinstance(node, Query):
        node = node.tree
    pairs: dict[int, None] = {}
    for phrase in _required_phrases(node):
        tokens = [token for token in analyzer(" ".join(phrase.words)) if token.terms]
        for previous, token in itertools.pairwise(tokens):
            if token.position != previous.position + 1:
                continue
            for first in previous.terms:
                for second in token.terms:
                    if _usable(first) and _usable(second):
                        pairs[pair_key(first, second)] = None
    return "{" + ",".join(map(str, pairs)) + "}" if pairs else None


def without_required_phrases(node: Node | None) -> Node | None:
    """The query with its required phrases left out, or None when nothing positive is left.

    A phrase's pairs stand in for it when the planner estimates how many articles match: PostgreSQL
    estimates `a <-> b` as if the words were independent, far from the truth for a phrase, while the
    pair «a b» has statistics of its own (the pair column's most common elements).

    >>> without_required_phrases(And((Phrase(("هەرێمی", "کوردستان")), Term("نەوت"))))
    Term(text='نەوت', prefix=False)
    """
    if isinstance(node, Phrase):
        return None
    if isinstance(node, And):
        rest = tuple(child for child in node.children if not isinstance(child, Phrase))
        if all(isinstance(child, Not) for child in rest):
            return None
        return rest[0] if len(rest) == 1 else And(rest)
    return node


def pairs_decide_phrases(node: Node | Query | None, *, analyzer: Analyzer = analyze) -> bool:
    """True when the pair vector alone decides the query's phrases, so no article's positions need
    checking: every required phrase is two words of one term each, side by side, and the query excludes
    nothing (what is left besides the phrases is positive words, matched on the search vector).

    The key of «a b» is in an article's pairs exactly where `a <-> b` matches its search vector (the same
    analysis and positions write both; keys of different pairs collide with a chance of 2^-63); a longer
    phrase is only narrowed by its pairs.

    >>> pairs_decide_phrases(Phrase(("مستەفا", "کازمی")))
    True
    """
    if isinstance(node, Query):
        node = node.tree
    if isinstance(node, Phrase):
        phrases = [node]
    elif isinstance(node, And) and not _excludes(node):
        phrases = [child for child in node.children if isinstance(child, Phrase)]
    else:
        return False
    for phrase in phrases:
        tokens = [token for token in analyzer(" ".join(phrase.words)) if token.terms]
        if len(tokens) != 2 or tokens[1].position != tokens[0].position + 1:
            return False
        if not all(len(token.terms) == 1 and _usable(token.terms[0]) for token in tokens):
            return False
    return bool(phrases)


def _excludes(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, And | Or):
        return any(_excludes(child) for child in node.children)
    return False


def _required_phrases(node: Node | None) -> Iterator[Phrase]:
    if isinstance(node, Phrase):
        yield node
    elif isinstance(node, And):
        for child in node.children:
            yield from _required_phrases(child)


def query_terms(query: Query | Node | None, *, analyzer: Analyzer = analyze) -> set[str]:
    """Every analysed term of the positive words and phrases, for highlighting: «هێرشەکەی» → {"هێرش"}.

    Prefix words are left out (see :func:`query_prefixes`): their text is not a term.
    """
    tree = query.tree if isinstance(query, Query) else query
    found: set[str] = set()
    for leaf, positive in iter_leaves(tree):
        if not positive or (isinstance(leaf, Term) and leaf.prefix):
            continue
        text = leaf.text if isinstance(leaf, Term) else " ".join(leaf.words)
        for token in analyzer(text):
            found.update(token.terms)
    return found


def query_prefixes(query: Query | Node | None) -> set[str]:
    """The normalised prefixes of positive ``word*`` terms: ``کوردست*`` → {"کوردست"}."""
    tree = query.tree if isinstance(query, Query) else query
    return {
        prefix_lexeme(leaf.text)
        for leaf, positive in iter_leaves(tree)
        if positive and isinstance(leaf, Term) and leaf.prefix
    }


_WORDS = {
    "en": {"and": "AND", "or": "OR", "not": "NOT", "from": "from", "to": "to", "on": "on"},
    "ckb": {"and": "و", "or": "یان", "not": "بەبێ", "from": "لە", "to": "تا", "on": "لە ڕێکەوتی"},
}
_FILTER_WORDS = {
    "en": {"people": "person", "places": "place", "orgs": "org", "sources": "source"},
    "ckb": {"people": "کەس", "places": "شوێن", "orgs": "ڕێکخراو", "sources": "سەرچاوە"},
}


def _describe_node(node: Node, words: dict[str, str]) -> str:
    if isinstance(node, Term):
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return "«" + " ".join(node.words) + "»"
    if isinstance(node, Not):
        inner = _describe_node(node.child, words)
        return f"{words['not']} " + (inner if isinstance(node.child, Term | Phrase) else f"({inner})")
    joiner = f" {words['and' if isinstance(node, And) else 'or']} "
    parts = []
    for child in node.children:
        text = _describe_node(child, words)
        parts.append(f"({text})" if isinstance(child, And | Or) else text)
    return joiner.join(parts)


def _describe_value(value: str) -> str:
    return f"«{value}»" if " " in value else value


def describe(query: Query, *, language: str = "en") -> str:
    """A short rendering for the results page: ``کازمی AND «مستەفا کازمی» from 2021-11-01``.

    ``language="ckb"`` uses Sorani words: ``کازمی و «مستەفا کازمی» لە 2021-11-01``.
    """
    words = _WORDS.get(language, _WORDS["en"])
    filter_words = _FILTER_WORDS.get(language, _FILTER_WORDS["en"])
    parts = [_describe_node(query.tree, words)] if query.tree is not None else []
    for name in ("people", "places", "orgs", "sources"):
        for value in getattr(query, name):
            parts.append(f"{filter_words[name]}: {_describe_value(value)}")
    if query.date_from is not None and query.date_from == query.date_to:
        parts.append(f"{words['on']} {query.date_from.isoformat()}")
    else:
        if query.date_from is not None:
            parts.append(f"{words['from']} {query.date_from.isoformat()}")
        if query.date_to is not None:
            parts.append(f"{words['to']} {query.date_to.isoformat()}")
    return " ".join(parts)
