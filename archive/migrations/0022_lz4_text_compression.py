"""Compress articles' bodies (and their other long text and array columns) with lz4 instead of pglz.

An article's body is ≈ 3.3 kB of UTF-8, above PostgreSQL's 2 kB threshold, so every insert compresses it
and every read that needs it (snippets, the article page) decompresses it. lz4 does both several times
faster than PostgreSQL's default pglz, for a slightly larger result (BENCHMARKS.md, ingest). The phrase
pairs (random 63-bit keys) do not compress at all: lz4 finds that out faster too.

Only values written from now on are lz4; existing ones stay pglz, and PostgreSQL reads either. A server
built without lz4 (`compression method lz4 not supported`) keeps pglz: the migration then does nothing.
"""

from django.db import migrations

COLUMNS = ("title", "body", "phrase_pairs")


def _alter(method: str) -> str:
    changes = ", ".join(f"ALTER COLUMN {column} SET COMPRESSION {method}" for column in COLUMNS)
    return f"ALTER TABLE archive_article {changes}"


FORWARD = f"""
DO $$
BEGIN
    {_alter("lz4")};
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL server has no lz4: articles stay compressed with pglz';
END
$$;
"""

BACKWARD = _alter("default") + ";"


class Migration(migrations.Migration):
    dependencies = [("archive", "0021_phrase_pair_keys")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
