"""Articles carry the ids of the entities their live mentions name, indexed: words + `person:` AND two indexes.

A search for a common word and a much-mentioned person («دەستگیر person:"گۆران مستەفا"»: the word in
194,780 of 1,000,000 articles, the person in 31,960, both in 6,540) had no way to intersect the two
before reading the table: the text index gives row addresses, the mention index gives article ids, so
every one of the word's 194,780 rows was read to compare its id (≈ 400 ms). With the entity ids on the
article row and a GIN index over them, PostgreSQL ANDs the two indexes' bitmaps and reads only the
6,540 rows that have both.

`entity_ids` is the sorted set of `entity_id` of the article's mentions that are not rejected. The
importer writes it with the article (it knows the mentions before it stores them); statement-level
triggers on archive_mention keep it true for every other write: single uploads, re-extraction, editors'
corrections (rejecting a mention, merging, splitting an alias off), deletions. Each recomputes the
arrays of the articles its statement touched and writes only those that changed, so a batch whose rows
already carry the right ids costs one look-up and no update.

Existing articles are filled here: one UPDATE of every article with mentions. On a large archive that
rewrites each such row (see docs/deploy.md).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

REFRESH = """
CREATE OR REPLACE FUNCTION hawal_refresh_entity_ids(articles bigint[]) RETURNS void
LANGUAGE sql VOLATILE
AS $$
    -- `id = ANY(articles)` reads the articles by primary key (a join with the unnested array was
    -- planned as a hash of the whole table); the sub-select runs again only for rows that change.
    UPDATE archive_article a SET entity_ids = coalesce((
        SELECT array_agg(DISTINCT m.entity_id ORDER BY m.entity_id) FROM archive_mention m
        WHERE m.article_id = a.id AND NOT m.rejected
    ), '{}')
    WHERE a.id = ANY (articles) AND a.entity_ids IS DISTINCT FROM coalesce((
        SELECT array_agg(DISTINCT m.entity_id ORDER BY m.entity_id) FROM archive_mention m
        WHERE m.article_id = a.id AND NOT m.rejected
    ), '{}')
$$;
"""

FUNCTION = (
    REFRESH
    + """
CREATE OR REPLACE FUNCTION hawal_mention_entity_ids() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM hawal_refresh_entity_ids(ARRAY(SELECT DISTINCT article_id FROM new_mentions));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM hawal_refresh_entity_ids(ARRAY(SELECT DISTINCT article_id FROM old_mentions));
    ELSE
        PERFORM hawal_refresh_entity_ids(ARRAY(
            SELECT article_id FROM old_mentions UNION SELECT article_id FROM new_mentions
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER mention_entity_ids_insert AFTER INSERT ON archive_mention
    REFERENCING NEW TABLE AS new_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION hawal_mention_entity_ids();
CREATE TRIGGER mention_entity_ids_update AFTER UPDATE ON archive_mention
    REFERENCING OLD TABLE AS old_mentions NEW TABLE AS new_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION hawal_mention_entity_ids();
CREATE TRIGGER mention_entity_ids_delete AFTER DELETE ON archive_mention
    REFERENCING OLD TABLE AS old_mentions
    FOR EACH STATEMENT EXECUTE FUNCTION hawal_mention_entity_ids();
"""
)

DROP = """
DROP TRIGGER IF EXISTS mention_entity_ids_delete ON archive_mention;
DROP TRIGGER IF EXISTS mention_entity_ids_update ON archive_mention;
DROP TRIGGER IF EXISTS mention_entity_ids_insert ON archive_mention;
DROP FUNCTION IF EXISTS hawal_mention_entity_ids();
DROP FUNCTION IF EXISTS hawal_refresh_entity_ids(bigint[]);
"""

FILL = """
UPDATE archive_article a SET entity_ids = m.ids
FROM (
    SELECT article_id, array_agg(DISTINCT entity_id ORDER BY entity_id) AS ids
    FROM archive_mention WHERE NOT rejected GROUP BY article_id
) m
WHERE m.article_id = a.id;
ANALYZE archive_article;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0018_match_count_sample")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="entity_ids",
            field=ArrayField(
                base_field=models.BigIntegerField(), blank=True, default=list, editable=False, size=None
            ),
        ),
        # Django's default lives in Python: the column needs its own for rows written by SQL.
        migrations.RunSQL(
            "ALTER TABLE archive_article ALTER COLUMN entity_ids SET DEFAULT '{}'",
            migrations.RunSQL.noop,
            elidable=False,
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
        migrations.RunSQL(FUNCTION, DROP, elidable=False),
        migrations.AddIndex(
            model_name="article", index=GinIndex(fields=["entity_ids"], name="article_entity_ids")
        ),
    ]
