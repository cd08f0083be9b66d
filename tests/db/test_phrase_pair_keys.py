"""Phrase-pair keys (migration 0021): PostgreSQL's `hawal_pair_key` and Python's `pair_key` agree, and the
conversion of a stored pair vector gives the keys ingest writes today."""

import importlib
from pathlib import Path

import pytest
from django.db import connection

from archive.search.document import document_fields, document_vectors, pair_key, term_hash
from archive.text import analyze

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "archive" / "demo" / "seed-article.txt"
MIGRATION = importlib.import_module("archive.migrations.0021_phrase_pair_keys")


def _seed_terms() -> list[str]:
    terms = [t for token in analyze(SEED.read_text(encoding="utf-8")) for t in token.terms]
    return [*dict.fromkeys(terms), "it's", "back\\slash", "٢٠٢١", "2021", "ABC", "x" * 700]


def test_sql_and_python_give_every_term_and_pair_the_same_key():
    terms = _seed_terms()
    pairs = list(zip(terms, terms[1:] + terms[:1], strict=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT hawal_term_hash(t) FROM unnest(%s::text[]) AS t", [terms])
        assert [row[0] for row in cursor.fetchall()] == [term_hash(t) for t in terms]
        cursor.execute(
            "SELECT hawal_pair_key(a, b) FROM unnest(%s::text[], %s::text[]) AS p(a, b)",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        )
        assert [row[0] for row in cursor.fetchall()] == [pair_key(a, b) for a, b in pairs]
    assert len(pairs) > 150


def test_a_pair_vector_stored_before_migration_0021_converts_to_todays_keys():
    body = SEED.read_text(encoding="utf-8")
    vector, keys = document_vectors(document_fields("هێرشەکەی بەغدا", body, ["مستەفا کازمی"]))
    with connection.cursor() as cursor:
        cursor.execute(
            MIGRATION.CONVERT.replace("FUNCTION hawal_pair_keys_of", "FUNCTION pg_temp.hawal_pair_keys_of")
        )
        # The old pair vector, «first second» for terms at neighbouring positions of the search vector.
        cursor.execute(
            """
            WITH v AS (SELECT lexeme, unnest(positions) AS p FROM unnest(%s::tsvector))
            SELECT pg_temp.hawal_pair_keys_of(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)))
            FROM v a JOIN v b ON b.p = a.p + 1
            """,
            [vector],
        )
        converted = cursor.fetchone()[0]
    assert set(converted) == {int(key) for key in keys[1:-1].split(",")}
    assert len(converted) == len(set(converted)) > 250
