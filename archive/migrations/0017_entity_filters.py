"""Aliases carry every run of consecutive words of their key, indexed: `person:` looks names up through it.

`person:بارزانی` means any alias whose key holds «بارزانی» as whole words: «مسرور بارزانی», «بارزانی»,
«نێچیرڤان بارزانی». It was `key = … OR key LIKE '… %' OR key LIKE '% …' OR key LIKE '% … %'`: a scan of
every alias (17,496 after 100,000 imported articles), which the planner estimated at 3 rows where 56
matched. From that it judged the person's articles few, read every one of them (16,064) and checked its
stored text vector: 430–550 ms for «نەوت person:بارزانی». `runs @> ARRAY[key]` says the same thing
exactly (a run is the key, a run of its first words, of its last, or of words inside it), reads a GIN
index, and is estimated from the array's element statistics (60 estimated, 60 found). The entity finder
(archive.queries.find_entities) also matches the start of a key, for a name still being typed: a
pattern index serves that part (`key LIKE 'مستەف%'`), whatever the database's collation.

`hawal_mentioned_articles(entities, first, last)`: the articles that mention any of `entities` (within the
dates, when given), for a search that reads its words' matches first and checks each against a hash of
these (archive.search.postgres._split_by_entity_size). The function reads them from the mention index
alone, whatever the calling statement's settings: the capped count (`hawal_match_count`) turns plain and
index-only scans off for the statement, and without this the 21,583 mentions of the people named بارزانی
were read from the table (18,711 pages, 110 ms) instead of the index (6 ms).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models
from django.db.models import F, Func

FUNCTIONS = """
CREATE OR REPLACE FUNCTION hawal_name_runs(key text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT coalesce(array_agg(array_to_string(words[first:last], ' ') ORDER BY first, last), '{}')
    FROM (SELECT string_to_array(key, ' ') AS words) k,
         generate_series(1, coalesce(array_length(words, 1), 0)) first,
         generate_series(first, coalesce(array_length(words, 1), 0)) last
$$;

CREATE OR REPLACE FUNCTION hawal_mentioned_articles(entities bigint[], first date, last date)
RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE
SET enable_indexscan = on
SET enable_indexonlyscan = on
AS $$
    SELECT article_id FROM archive_mention
    WHERE entity_id = ANY (entities) AND NOT rejected
        AND (first IS NULL OR published >= first) AND (last IS NULL OR published <= last)
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS hawal_mentioned_articles(bigint[], date, date);
DROP FUNCTION IF EXISTS hawal_name_runs(text);
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0016_mention_published_when_missing")]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP, elidable=False),
        migrations.AddField(
            model_name="entityalias",
            name="runs",
            field=models.GeneratedField(
                db_persist=True,
                expression=Func(
                    F("key"), function="hawal_name_runs", output_field=ArrayField(models.TextField())
                ),
                output_field=ArrayField(models.TextField()),
            ),
        ),
        migrations.AddIndex(model_name="entityalias", index=GinIndex(fields=["runs"], name="alias_runs")),
        migrations.AddIndex(
            model_name="entityalias",
            index=models.Index(fields=["key"], name="alias_key_prefix", opclasses=["varchar_pattern_ops"]),
        ),
        # The new column's statistics at once (autovacuum may be off, or late): `person:` is planned by them.
        migrations.RunSQL("ANALYZE archive_entityalias", migrations.RunSQL.noop, elidable=False),
    ]
