"""`hawal_match_count` says from how many matches the planner's estimate is trusted without counting.

Migration 0009's function took a flag and trusted an estimate above ten times the cap (20,000): below
that it counted up to the cap (2,001 rows read from the heap, ≈ 3 ms at 100,000 articles) and then, when
there were more, returned the estimate all the same. One word, or words joined by OR, with no filters, is
estimated from the words' own frequencies (0.96–1.23 × the true count for the 90 of 200 never-asked
searches at 100,000 articles that had more than the cap), so counting below 20,000 mostly confirms what the
estimate says: archive.search.postgres passes 2 × cap for those (the answer is the same whenever the true
count is at least half the estimate: past the cap either way), 10 × cap for other text searches, and NULL
where the estimate is no guide (a phrase without a pair vector, filters alone).
"""

import importlib

from django.db import migrations

CREATE = """
DROP FUNCTION IF EXISTS hawal_match_count(text, integer, boolean, boolean, text);
CREATE OR REPLACE FUNCTION hawal_match_count(
    sql text, cap integer, text_search boolean, trust_above bigint, estimate_sql text
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
    IF estimated > trust_above THEN
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
"""

# Back to migration 0009's function (its own SQL, run again; it drops this one's first).
DROP = (
    "DROP FUNCTION IF EXISTS hawal_match_count(text, integer, boolean, bigint, text);\n"
    + importlib.import_module("archive.migrations.0009_match_count_estimate").CREATE
)


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_mention_index_without_rejected")]
    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
