"""A count of deletions from the article table, so the API's archive version needs no full count.

List and search answers take their ETag from the archive's version (archive.api.caching): it was the
newest `updated` and the number of articles, which also caught a deletion. The count read every row
(45 ms at 100,000 articles, ten times that at a million), once per process every few seconds, holding up
the requests queued behind it. Now the version is the newest `updated` and the highest id (both read from
an index) and this counter, which a statement-level trigger raises on every DELETE or TRUNCATE of
articles. Deletions are rare (editors, in the admin), so the one counter row is never contended; imports
never touch it.
"""

from django.db import migrations

CREATE = """
CREATE TABLE hawal_article_deletions (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    deletions bigint NOT NULL DEFAULT 0
);
INSERT INTO hawal_article_deletions DEFAULT VALUES;
CREATE FUNCTION hawal_count_article_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE hawal_article_deletions SET deletions = deletions + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER article_deletions AFTER DELETE OR TRUNCATE ON archive_article
    FOR EACH STATEMENT EXECUTE FUNCTION hawal_count_article_deletion();
"""

DROP = """
DROP TRIGGER IF EXISTS article_deletions ON archive_article;
DROP FUNCTION IF EXISTS hawal_count_article_deletion();
DROP TABLE IF EXISTS hawal_article_deletions;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0012_facet_sample_indexes")]
    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
