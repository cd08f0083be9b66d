"""`hawal_match_count(sql, cap)`: how many rows a search matches, exact up to `cap`, estimated beyond it.

Counting every match of a common word costs time in proportion to the matches (≈ 1 µs each: 100 ms for a
word in 100,000 articles), so search pages count exactly up to a cap and, past it, ask the planner for its
estimate (EXPLAIN's row count, built from the column's most-common-element statistics, which are good for
exactly the common words that pass the cap). The function runs its count with sequential and plain index
scans off, i.e. as a bitmap scan that stops after `cap` + 1 rows: a `LIMIT` in plain SQL tempts the planner
into a sequential scan that reads every article's vector. Larger statistics for `search_vector` keep the
estimates good for mid-frequency words too.

`sql` is a complete SELECT built by the ORM with its parameters already quoted (archive.search.postgres).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION hawal_match_count(sql text, cap integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off
SET enable_indexscan = off
AS $$
DECLARE
    counted bigint;
    plan json;
BEGIN
    EXECUTE format('SELECT count(*) FROM (%s LIMIT %s) capped', sql, cap + 1) INTO counted;
    IF counted <= cap THEN
        RETURN counted;
    END IF;
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || sql INTO plan;
    RETURN greatest(counted, (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint);
END
$$;
ALTER TABLE archive_article ALTER COLUMN search_vector SET STATISTICS 1000;
"""

DROP = """
DROP FUNCTION IF EXISTS hawal_match_count(text, integer);
ALTER TABLE archive_article ALTER COLUMN search_vector SET STATISTICS -1;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_rum_indexes")]
    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
