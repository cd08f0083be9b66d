"""`hawal_match_count` asks the 1/16 sample before counting a search whose estimate it does not trust.

Below its trust threshold (ten times the cap for words with other words, exclusions, phrases or filters)
migration 0011's function counted up to the cap, reading each candidate's stored vector. With a date
range that is thousands of vectors: «ڕێکخراو» in 2019 at 1,000,000 articles read ≈ 7,000 (28.6 ms) to
find 2,001, and then showed the planner's estimate anyway. When the planner expects at least twice the
cap, the function now first counts the matches among the articles of the first four sample buckets
(`sample_sql`: the same search on `sample_vector`, migration 0012's index; 11.5 ms for that search) and
scales it (`sample_scale`, 16). Twice the cap or more there is an estimate from at least 250 sample
matches (within ≈ 6 %; 1,123 of them estimated 17,968 for that search), so the true count cannot be
within the cap: it is returned without counting. Otherwise the count runs as before, and past the cap
the sample's estimate (not the planner's) is the total.
"""

import importlib

from django.db import migrations

CREATE = """
DROP FUNCTION IF EXISTS hawal_match_count(text, integer, boolean, bigint, text);
CREATE OR REPLACE FUNCTION hawal_match_count(
    sql text, cap integer, text_search boolean, trust_above bigint, estimate_sql text,
    sample_sql text DEFAULT NULL, sample_scale integer DEFAULT 1
) RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET enable_seqscan FROM CURRENT
SET enable_indexscan FROM CURRENT
AS $$
DECLARE
    counted bigint;
    estimated bigint;
    sampled bigint;
BEGIN
    estimated := hawal_estimate(coalesce(estimate_sql, sql));
    IF estimated > trust_above THEN
        RETURN estimated;  -- common: the statistics are good and counting would read every match
    END IF;
    IF sample_sql IS NOT NULL AND estimated >= 2 * cap THEN
        EXECUTE format('SELECT count(*) FROM (%s) sampled', sample_sql) INTO sampled;
        sampled := sampled * sample_scale;
        IF sampled >= 2 * cap THEN
            RETURN sampled;  -- far past the cap: the sample's estimate, without reading every candidate
        END IF;
    END IF;
    IF text_search THEN  -- restored when the function returns (the SET clauses above)
        PERFORM set_config('enable_seqscan', 'off', true);
        PERFORM set_config('enable_indexscan', 'off', true);
    END IF;
    EXECUTE format('SELECT count(*) FROM (%s LIMIT %s) capped', sql, cap + 1) INTO counted;
    IF counted <= cap THEN
        RETURN counted;
    END IF;
    RETURN greatest(counted, coalesce(sampled, estimated));
END
$$;
"""

# Back to migration 0011's function (its own SQL, run again; it drops this one's first).
DROP = (
    "DROP FUNCTION IF EXISTS hawal_match_count(text, integer, boolean, bigint, text, text, integer);\n"
    + importlib.import_module("archive.migrations.0011_match_count_trust_above").CREATE
)


class Migration(migrations.Migration):
    dependencies = [("archive", "0017_entity_filters")]
    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]
