"""Search vectors stored out of line without compression (`STORAGE EXTERNAL`).

Every re-check of a match (the newest-first walk, facet samples, phrases, ranking) reads the article's
stored tsvector. A tsvector of a news article (≈ 4 KB) compresses by only 5–20 %, so PostgreSQL's default
(compress when it pays, pglz) buys little space and costs an unpacking on every read. Measured on the
100,000-article bench corpus, the facet sample of a common word (3,125 articles re-checked): pglz as
loaded 47 ms (15 µs an article), lz4 57 ms (18 µs), uncompressed 36 ms (11.5 µs). Works on every
server. Only vectors written from now on are stored this way; `manage.py reindex` rewrites the older
ones (migration 0008's release marks every article stale).
"""

from django.db import migrations

FORWARD = "ALTER TABLE archive_article ALTER COLUMN search_vector SET STORAGE EXTERNAL;"
BACKWARD = "ALTER TABLE archive_article ALTER COLUMN search_vector SET STORAGE EXTENDED;"


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_mention_published"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
