"""Article bodies are compressed with lz4 where the server has it (migration 0022), pglz where it has not
(the embedded server is built without lz4); either way an article reads back exactly as stored."""

import importlib

import pytest
from django.db import DatabaseError, connection, transaction

from archive.ingest.prepare import prepare_article
from archive.ingest.service import store_article
from tests.conftest import SEED_TEXT

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("archive.migrations.0022_lz4_text_compression")


def _server_has_lz4() -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
    except DatabaseError:
        return False
    return True


def test_long_columns_use_lz4_exactly_when_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute"
            " WHERE attrelid = 'archive_article'::regclass AND attname = ANY(%s)",
            [list(MIGRATION.COLUMNS)],
        )
        methods = dict(cursor.fetchall())
    assert set(methods) == set(MIGRATION.COLUMNS)
    expected = "l" if _server_has_lz4() else ""  # "" is the server's default: pglz
    assert set(methods.values()) == {expected}


def test_a_stored_body_is_compressed_with_the_columns_method_and_reads_back_unchanged():
    body = SEED_TEXT.read_text(encoding="utf-8").strip()  # 4 kB: PostgreSQL compresses a row's long values
    article = store_article(prepare_article(body=body, title="هێرشەکەی بەغدا")).article
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(body), body FROM archive_article WHERE id = %s", [article.pk]
        )
        method, stored = cursor.fetchone()
    assert method == ("lz4" if _server_has_lz4() else "pglz")
    assert stored == body
