"""One definition of an article's live entity ids, and migration 0017's hash function dropped.

- `hawal_live_entity_ids(article)`: the sorted entity ids of the article's mentions that are not
  rejected. Migration 0019's `hawal_refresh_entity_ids` wrote that sub-select twice (for the new value
  and for the test that it changed); it now calls this.
- `hawal_mentioned_articles` (migration 0017) served the words-first branch of an entity search, which
  reads the articles' `entity_ids` since migration 0019: nothing calls it any more.
"""

import importlib

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION hawal_live_entity_ids(article bigint) RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce((
        SELECT array_agg(DISTINCT m.entity_id ORDER BY m.entity_id) FROM archive_mention m
        WHERE m.article_id = article AND NOT m.rejected
    ), '{}')
$$;

CREATE OR REPLACE FUNCTION hawal_refresh_entity_ids(articles bigint[]) RETURNS void
LANGUAGE sql VOLATILE
AS $$
    -- `id = ANY(articles)` reads the articles by primary key (a join with the unnested array was
    -- planned as a hash of the whole table); the ids are computed again only for rows that change.
    UPDATE archive_article a SET entity_ids = hawal_live_entity_ids(a.id)
    WHERE a.id = ANY (articles) AND a.entity_ids IS DISTINCT FROM hawal_live_entity_ids(a.id)
$$;

DROP FUNCTION IF EXISTS hawal_mentioned_articles(bigint[], date, date);
"""

BACKWARD = (
    importlib.import_module("archive.migrations.0017_entity_filters").FUNCTIONS
    + importlib.import_module("archive.migrations.0019_article_entity_ids").REFRESH
    + "DROP FUNCTION IF EXISTS hawal_live_entity_ids(bigint);\n"
)


class Migration(migrations.Migration):
    dependencies = [("archive", "0019_article_entity_ids")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD, elidable=False)]
