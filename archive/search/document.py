"""An article's analysed text as a PostgreSQL tsvector literal (pure Python, no Django).

PostgreSQL has no Kurdish configuration, so archive.text analyses the text here and PostgreSQL only stores
the result: positions and weights are ours. Fields are laid out one after another with a gap of
FIELD_GAP positions, so a phrase can never match across the end of the title and the start of the body;
the body's lead (weight B) and the rest (C) are one text, so its positions run on without a gap.
A token that carries several terms (an attached preposition split off) gives them all one position,
which keeps phrase queries on the original word order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from hashlib import md5

from archive.text import VERSION as ANALYZER_VERSION
from archive.text.analyze import token_terms

FIELD_GAP = 16
# What articles record as `analyzer_version`: the analyzer's version and this layout's (2: pair vector).
# `manage.py reindex` rewrites the articles stamped otherwise.
INDEX_VERSION = f"{ANALYZER_VERSION}+doc-2"
MAX_POSITION = 16383  # PostgreSQL's limit; later positions are clamped to it by the server too
MAX_POSITIONS_PER_LEXEME = 256  # PostgreSQL keeps at most this many positions per lexeme
MAX_LEXEME_BYTES = 2046
LEAD_WORDS = 60


@dataclass(frozen=True, slots=True)
class Field:
    text: str
    weight: str  # "A" title, "B" lead and entity names, "C" body, "D" other
    continues: bool = False  # the rest of the previous field's text (the body after its lead): no gap


def split_lead(body: str, lead_words: int = LEAD_WORDS) -> tuple[str, str]:
    """The first paragraph (at most `lead_words` words) and the rest, split on whitespace."""
    paragraph_end = body.find("\n")
    cut = paragraph_end if paragraph_end != -1 else len(body)
    words_seen, index = 0, 0
    for index, char in enumerate(body[:cut]):
        if char.isspace() and index and not body[index - 1].isspace():
            words_seen += 1
            if words_seen >= lead_words:
                cut = index
                break
    return body[:cut], body[cut:]


def _quote(lexeme: str) -> str:
    if "'" not in lexeme and "\\" not in lexeme:  # almost every lexeme: nothing to escape
        return f"'{lexeme}'"
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: Iterable[Field]) -> str:
    """`tsvector_literal([Field("هێرشەکە", "A")]) == "'هێرش':1A"` (the exact term is archive.text's)."""
    return document_vectors(fields)[0]


def document_vectors(fields: Iterable[Field]) -> tuple[str, str]:
    """The search vector (a tsvector literal) and the phrase pairs (a bigint[] literal) of `fields`, in one
    pass over the analysed tokens.

    The pairs are the keys (`pair_key`) of every two terms at neighbouring positions of one text
    (a at p and b at p + 1; every combination when a position holds several terms), without positions.
    A phrase can only match an article holding all of the phrase's pairs, so the pair index narrows a
    phrase of common words to its real candidates before positions are checked (Elasticsearch's
    `index_phrases`). `document_vectors([Field("سەرۆکی هەرێم", "A")])[1] == f"{{{pair_key('سەرۆک', 'هەرێم')}}}"`.
    """
    # Each term's vector entry as a list of strings: "'term':1A" first, then "5C", "9C", …
    positions: dict[str, list[str]] = {}
    pairs: dict[int, None] = {}
    hashes, heads = _term_hashes, _term_heads
    if len(hashes) > _TERM_HASHES_KEPT:
        hashes.clear()
        heads.clear()
    last = -FIELD_GAP  # so the first field starts at position 1
    current_position, current, before = -1, (), ()
    for field in fields:
        next_position = min(last + 1 + (0 if field.continues else FIELD_GAP), MAX_POSITION)
        if not field.continues:
            # Terms at the current position and at the one before it (tokens clamped to MAX_POSITION
            # share one); a continuing field carries them on, so a pair can span the lead and the rest.
            current_position, current, before = -1, (), ()
        offset = -1  # the token's position in its field: stopwords share the next word's
        for found in token_terms(field.text):
            if not found:
                continue
            offset += 1
            terms = found if _short_enough(found) else _within_limit(found)
            if not terms:
                # A stopword takes the position of the word after it: when that word begins the next
                # field (the body after its lead), the position is that field's, not this one's.
                continue
            position = min(next_position + offset, MAX_POSITION)
            if position > last:
                last = position
            label = f"{position}{field.weight}"
            for term in terms:
                entries = positions.get(term)
                if entries is None:  # first seen in this article: its quoted head and hash, cached
                    head = heads.get(term)
                    if head is None:
                        head = heads[term] = f"{_quote(term)}:"
                        hashes[term] = term_hash(term)
                    positions[term] = [head + label]
                elif len(entries) < MAX_POSITIONS_PER_LEXEME:
                    entries.append(label)
            if position != current_position:
                before = current if position == current_position + 1 else ()
                current_position, current = position, ()
            for first in before:  # pair_key, inlined: once per word of every article
                first_hash = hashes[first] * _PAIR_MULTIPLIER
                for second in terms:
                    pairs[(first_hash + hashes[second]) & _KEY_MASK] = None
            current += terms
    return " ".join(map(",".join, positions.values())), "{" + ",".join(map(str, pairs)) + "}"


# A lexeme of at most this many characters is within MAX_LEXEME_BYTES whatever they are (UTF-8: ≤ 4
# bytes each), so only longer ones need encoding to be measured.
_SAFE_CHARS = MAX_LEXEME_BYTES // 4


def _short_enough(terms: tuple[str, ...]) -> bool:
    """True when every term is non-empty and within MAX_LEXEME_BYTES (almost always: no filtering)."""
    for term in terms:
        if not term or (len(term) > _SAFE_CHARS and len(term.encode()) > MAX_LEXEME_BYTES):
            return False
    return True


def _within_limit(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in terms if t and len(t.encode()) <= MAX_LEXEME_BYTES)


# Phrase pairs are stored as 63-bit keys in a bigint[] column, not as «a b» lexemes in a tsvector: GIN builds
# an index of integer keys twice as fast (at 100,000 articles 47 s against 97 s, and the same for short
# hashed lexemes: 92 s; BENCHMARKS.md), and a pair vector has ~40 times more distinct keys than the search
# vector. Two different pairs share a key with a chance of 2^-63 (at 10^9 distinct pairs, about one query
# in 10^10 would then take in an article that doesn't hold the pair).
_KEY_MASK = (1 << 63) - 1
_PAIR_MULTIPLIER = 0x9E3779B97F4A7C15  # odd: the pair key of (a, b) differs from that of (b, a)
_TERM_HASHES_KEPT = 500_000  # the per-process cache of term hashes is cleared past this: memory stays flat
_term_hashes: dict[str, int] = {}
_term_heads: dict[str, str] = {}  # a term's quoted lexeme and colon, as its vector entry starts: "'term':"


def term_hash(term: str) -> int:
    """The first 63 bits of the term's MD5 (in SQL: `hawal_term_hash`, migration 0021)."""
    return int.from_bytes(md5(term.encode(), usedforsecurity=False).digest()[:8], "big") & _KEY_MASK


def pair_key(first: str, second: str) -> int:
    """The phrase-pair key of two neighbouring terms (in SQL: `hawal_pair_key`, migration 0021)."""
    return (term_hash(first) * _PAIR_MULTIPLIER + term_hash(second)) & _KEY_MASK


def document_fields(title: str, body: str, extra_names: Iterable[str] = ()) -> list[Field]:
    lead, rest = split_lead(body)
    fields = [Field(title, "A"), Field(lead, "B"), Field(rest, "C", continues=True)]
    fields.extend(Field(name, "B") for name in extra_names)
    return fields
