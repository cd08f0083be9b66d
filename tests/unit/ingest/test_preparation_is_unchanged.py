"""The faster preparation gives exactly what the straightforward one gave: the same search and pair
vectors, the same SimHash, and a prepared article or refusal that survives the trip from a worker process
unchanged."""

from __future__ import annotations

import hashlib
import pickle
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest import neardup
from archive.ingest.prepare import IngestError, content_hash, prepare_article, prepare_payload
from archive.search.document import (
    FIELD_GAP,
    MAX_LEXEME_BYTES,
    MAX_POSITION,
    MAX_POSITIONS_PER_LEXEME,
    Field,
    document_fields,
    document_vectors,
    pair_key,
)
from archive.text import analyze, normalize

SEED = Path(__file__).resolve().parents[3] / "archive" / "demo" / "seed-article.txt"
SORANI_ALPHABET = "ئابپتجچحخدرڕزژسشعغفڤقکگلڵمنهەوۆیێكيىةظضذثصط٠١٢٣٤٥٦٧٨٩\u200c \n.،'\\-0123abc"
sorani_text = st.text(alphabet=SORANI_ALPHABET, max_size=300)


def reference_vectors(fields: list[Field]) -> tuple[str, str]:
    """`document_vectors` as first written: every token from `analyze`, every lexeme measured in bytes."""

    def quote(lexeme: str) -> str:
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"

    positions: dict[str, list[str]] = {}
    pairs: dict[int, None] = {}
    last = -FIELD_GAP
    current_position, current, before = -1, (), ()
    for field in fields:
        next_position = min(last + 1 + (0 if field.continues else FIELD_GAP), MAX_POSITION)
        if not field.continues:
            current_position, current, before = -1, (), ()
        for token in analyze(field.text):
            terms = tuple(t for t in token.terms if t and len(t.encode()) <= MAX_LEXEME_BYTES)
            if not terms:
                continue
            position = min(next_position + token.position, MAX_POSITION)
            last = max(last, position)
            for term in terms:
                entries = positions.setdefault(term, [])
                if len(entries) < MAX_POSITIONS_PER_LEXEME:
                    entries.append(f"{position}{field.weight}")
            if position != current_position:
                before = current if position == current_position + 1 else ()
                current_position, current = position, ()
            for first in before:
                for second in terms:
                    pairs[pair_key(first, second)] = None
            current += terms
    vector = " ".join(f"{quote(term)}:{','.join(entries)}" for term, entries in positions.items())
    return vector, "{" + ",".join(str(key) for key in pairs) + "}"


def reference_simhash(text: str) -> int | None:
    """SimHash by its definition: each bit set when more than half of the shingles' hashes have it."""
    words = re.findall(r"\w+", normalize(text))
    if len(words) < 3:
        return None
    shingles = {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    hashes = [int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little") for s in shingles]
    value = sum(1 << bit for bit in range(64) if sum(h >> bit & 1 for h in hashes) > len(shingles) / 2)
    return value - (1 << 64) if value >= 1 << 63 else value


def reference_content_hash(text: str) -> str:
    """The content hash as first written: white space runs collapsed by a regular expression."""
    return hashlib.sha256(re.sub(r"\s+", " ", normalize(text)).strip().encode()).hexdigest()


# Every character str.isspace() accepts, from the ASCII separators to the ideographic space.
UNICODE_SPACES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


def test_content_hashes_collapse_every_kind_of_white_space_as_before():
    assert len(UNICODE_SPACES) >= 25
    text = "کوردستان" + UNICODE_SPACES + "و" + "\u00a0\u2003".join("عێراق بەغدا") + UNICODE_SPACES
    assert content_hash(text) == reference_content_hash(text)
    assert content_hash(text) == content_hash("کوردستان وع ێ ر ا ق ب ە غ د ا")
    # Stored articles keep their hashes: this one was computed by the regular expression's version.
    assert content_hash(SEED.read_text(encoding="utf-8")) == reference_content_hash(
        SEED.read_text(encoding="utf-8")
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=SORANI_ALPHABET + UNICODE_SPACES, max_size=300))
def test_any_text_gives_the_reference_content_hash(text: str) -> None:
    assert content_hash(text) == reference_content_hash(text)


def test_the_seed_article_gives_the_reference_vectors_and_simhash():
    body = SEED.read_text(encoding="utf-8")
    fields = document_fields("هێرشەکەی بەغدا", body, ["مستەفا کازمی", "x" * 700, "ئ" * 1100])
    assert document_vectors(fields) == reference_vectors(fields)
    assert neardup.simhash(body) == reference_simhash(body)


@settings(max_examples=300, deadline=None)
@given(sorani_text, sorani_text, st.lists(sorani_text, max_size=3))
def test_any_text_gives_the_reference_vectors(title: str, body: str, names: list[str]) -> None:
    fields = document_fields(title, body, names)
    assert document_vectors(fields) == reference_vectors(fields)


@settings(max_examples=300, deadline=None)
@given(st.one_of(sorani_text, st.text(alphabet="ab c", max_size=400)))
def test_any_text_gives_the_reference_simhash(text: str) -> None:
    assert neardup.simhash(text) == reference_simhash(text)


def test_a_prepared_article_crosses_the_process_boundary_unchanged():
    body = SEED.read_text(encoding="utf-8")
    prepared = prepare_article(body=body, title="")
    assert prepared.found is not None and prepared.found.entities and prepared.found.dates
    assert pickle.loads(pickle.dumps(prepared)) == prepared


def test_a_refusal_crosses_the_process_boundary_with_its_messages():
    refused = prepare_payload(("   ", "", None))
    assert isinstance(refused, IngestError)
    back = pickle.loads(pickle.dumps(refused))
    assert (back.code, back.message_en, back.message_ckb) == (
        refused.code,
        refused.message_en,
        refused.message_ckb,
    )
