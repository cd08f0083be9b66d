"""An article's analysed text as a PostgreSQL tsvector literal (pure Python, no Django).

PostgreSQL has no Kurdish configuration, so archive.text analyses the text here and PostgreSQL only stores
the result: positions and weights are ours. Fields are laid out one after another with a gap of
FIELD_GAP positions, so a phrase can never match across the end of the title and the start of the body.
A token that carries several terms (an attached preposition split off) gives them all one position,
which keeps phrase queries on the original word order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archive.text import analyze

FIELD_GAP = 16
MAX_POSITION = 16383  # PostgreSQL's limit; later positions are clamped to it by the server too
MAX_POSITIONS_PER_LEXEME = 256  # PostgreSQL keeps at most this many positions per lexeme
MAX_LEXEME_BYTES = 2046
LEAD_WORDS = 60


@dataclass(frozen=True, slots=True)
class Field:
    text: str
    weight: str  # "A" title, "B" lead and entity names, "C" body, "D" other


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
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(fields: Iterable[Field]) -> str:
    """`tsvector_literal([Field("هێرشەکە", "A")]) == "'هێرش':1A"` (the exact term is archive.text's)."""
    positions: dict[str, list[str]] = {}
    next_position = 1
    for field in fields:
        last = next_position - 1
        for token in analyze(field.text):
            position = min(next_position + token.position, MAX_POSITION)
            last = max(last, position)
            for term in token.terms:
                if not term or len(term.encode()) > MAX_LEXEME_BYTES:
                    continue
                entries = positions.setdefault(term, [])
                if len(entries) < MAX_POSITIONS_PER_LEXEME:
                    entries.append(f"{position}{field.weight}")
        next_position = min(last + 1 + FIELD_GAP, MAX_POSITION)
    return " ".join(f"{_quote(term)}:{','.join(entries)}" for term, entries in positions.items())


def document_fields(title: str, body: str, extra_names: Iterable[str] = ()) -> list[Field]:
    lead, rest = split_lead(body)
    fields = [Field(title, "A"), Field(lead, "B"), Field(rest, "C")]
    fields.extend(Field(name, "B") for name in extra_names)
    return fields
