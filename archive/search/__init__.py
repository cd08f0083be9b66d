"""Search: the query language parsed in plain Python, and its translation to a PostgreSQL tsquery.

``parse_query`` builds the tree, ``to_tsquery`` compiles it; nothing here imports Django (the ORM side
lives in ``archive.search.postgres``).
"""

from __future__ import annotations

from archive.search.query import (
    MAX_TERMS,
    And,
    DatePeriod,
    Message,
    Node,
    Not,
    Or,
    Phrase,
    Query,
    Term,
    parse_date_period,
    parse_query,
)
from archive.search.tsquery import describe, query_prefixes, query_terms, quote_lexeme, to_tsquery

__all__ = [
    "MAX_TERMS",
    "And",
    "DatePeriod",
    "Message",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Query",
    "Term",
    "describe",
    "parse_date_period",
    "parse_query",
    "query_prefixes",
    "query_terms",
    "quote_lexeme",
    "to_tsquery",
]
