"""`hawal_match_count(sql, cap)`: how many rows a search matches, exact up to `cap`, estimated beyond it.

Counting every match of a common word costs time in proportion to the matches (≈ 1 µs each: 100 ms for a
word in 100,000 articles), so search pages count exactly up to a cap and, past it, ask the planner for its
estimate (EXPLAIN's row count, built from the column's most-common-element statistics, which are good for
exactly the common words that pass the cap). When that estimate is already ten times the cap, the count is
skipped (`trust_estimate`): even a capped count first reads the whole posting list into a bitmap. Phrase
searches are always counted: the planner estimates a phrase as if it were an AND, far too high. For a text search the function runs its count with sequential
and plain index scans off, i.e. as a bitmap scan of the text index that stops after `cap` + 1 rows: a
`LIMIT` in plain SQL tempts the planner into a sequential scan that reads every article's vector. Searches
by filters alone (person, outlet, dates) keep the planner's own choice. Larger statistics for `search_vector` keep the
estimates good for mid-frequency words too.

`sql` is a complete SELECT built by the ORM with its parameters already quoted (archive.search.postgres).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION hawal_match_count(
    sql text, cap integer, text_search boolean, trust_estimate boolean
) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET enable_seqscan FROM CURRENT
SET enable_indexscan FROM CURRENT
AS $$
DECLARE
    counted bigint;
    estimated bigint;
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || sql INTO plan;
    estimated := (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint;
    IF trust_estimate AND estimated > 10 * cap THEN
        RETURN estimated;  -- a common word: its statistics are good and counting would read every match
    END IF;
    IF text_search THEN  -- restored when the function returns (the SET clauses above)
        PERFORM set_config('enable_seqscan', 'off', true);
        PERFORM set_config('enable_indexscan', 'off', true);
    END IF;
    EXECUTE format('SELECT count(*) FROM (%s LIMIT %s) capped', sql, cap + 1) INTO counted;
    IF counted <= cap THEN
        RETURN counted;
    END IF;
    RETURN greatest(counted, estimated);
END
$$;
ALTER TABLE archive_article ALTER COLUMN search_vector SET STATISTICS 1000;
"""

DROP = """
DROP FUNCTION IF EXISTS hawal_match_count(text, integer, boolean, boolean);
ALTER TABLE archive_article ALTER COLUMN search_vector SET STATISTICS -1;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_rum_indexes")]
    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
