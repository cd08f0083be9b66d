"""`hawal_match_count` takes the SQL to estimate from, when it is not the counted query's own.

Migration 0004's function explains the counted query itself. For a phrase that estimate is useless (the
planner treats `a <-> b` as two independent words: 27,000 for a phrase in 117,000 of 1,000,000 articles),
so phrases were always counted to the cap and then reported at the estimate — and the results page chose
its plan from that number: a common phrase took the slow path (2.6 s). archive.search.postgres now passes
the same query with each phrase replaced by its pair-vector lexemes, whose statistics are the phrase's
own, and trusts that estimate as it trusts a single word's. `estimate_sql` NULL keeps 0004's behaviour.

`hawal_estimate(sql)`: the planner's row estimate of a query (the articles inside a date range, which
decides whether a search walks that range newest first; archive.search.postgres._common_condition).

The pair vector gets the search vector's larger statistics (0004): with the default target only the
1,000 commonest pairs have their own frequency and every other pair is guessed at 0.5 % of the archive.
"""

import importlib

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION hawal_estimate(sql text) RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || sql INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint;
END
$$;
DROP FUNCTION IF EXISTS hawal_match_count(text, integer, boolean, boolean);
CREATE OR REPLACE FUNCTION hawal_match_count(
    sql text, cap integer, text_search boolean, trust_estimate boolean, estimate_sql text
) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET enable_seqscan FROM CURRENT
SET enable_indexscan FROM CURRENT
AS $$
DECLARE
    counted bigint;
    estimated bigint;
BEGIN
    estimated := hawal_estimate(coalesce(estimate_sql, sql));
    IF trust_estimate AND estimated > 10 * cap THEN
        RETURN estimated;  -- common: the statistics are good and counting would read every match
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
ALTER TABLE archive_article ALTER COLUMN phrase_pairs SET STATISTICS 1000;
"""

# Back to migration 0004's function (its own SQL, run again).
DROP = (
    """
DROP FUNCTION IF EXISTS hawal_match_count(text, integer, boolean, boolean, text);
DROP FUNCTION IF EXISTS hawal_estimate(text);
ALTER TABLE archive_article ALTER COLUMN phrase_pairs SET STATISTICS -1;
"""
    + importlib.import_module("archive.migrations.0004_match_count").CREATE
)


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_phrase_pairs")]
    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
