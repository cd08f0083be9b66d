-- Partitioning articles by year: query plans on a flat table and a partitioned copy (docs/deploy.md).
--
--   createdb -h 127.0.0.1 -U postgres hawal_partition_plans
--   psql -h 127.0.0.1 -U postgres -d hawal_partition_plans -v rows=300000 -f bench/partition_plans.sql \
--        > bench/results/partition_plans.txt
--
-- A generated table with the columns and indexes of archive_article that matter here (the search vector's
-- GIN index, the newest-first index, the content hash), `rows` articles over 2000–2025 with more in recent
-- years and 2 % without a date, then the same rows in a table partitioned by year. Every query is run
-- twice; the second (warm) plan is the one to read. Never run against a database that matters: it drops
-- and re-creates its own two tables.
\set ON_ERROR_STOP on
\timing on
SET client_min_messages = warning;
DROP TABLE IF EXISTS art_flat, art_year CASCADE;

CREATE TABLE art_flat (
    id bigint PRIMARY KEY,
    published date,
    source_id integer NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    content_hash text NOT NULL UNIQUE,
    search_vector tsvector NOT NULL
);
-- Words w0…w3999 with a skewed frequency (w1 in most articles, w3000 in few), 60–120 per article.
INSERT INTO art_flat
SELECT g,
       CASE WHEN g % 50 = 0 THEN NULL ELSE date '2026-01-01' - (power(random(), 2) * 9490)::int END,
       1 + g % 12,
       'title ' || g,
       body,
       md5(body || g),
       to_tsvector('simple', body)
FROM generate_series(1, :rows) AS g,
     LATERAL (SELECT string_agg('w' || (power(random(), 3) * 4000)::int, ' ') AS body
              FROM generate_series(1, 60 + (g % 61))) AS words;
CREATE INDEX art_flat_search ON art_flat USING gin (search_vector);
CREATE INDEX art_flat_newest ON art_flat (published DESC NULLS LAST, id DESC);

-- The partitioned copy. The partition key must be in the primary key and be NOT NULL, and `published`
-- may be NULL (unknown date), so the key is a year column: 0 = unknown. A unique index must contain the
-- key too, so content_hash is unique per year only (see the guide: a small hash table keeps it global).
CREATE TABLE art_year (
    id bigint NOT NULL,
    year smallint NOT NULL,
    published date,
    source_id integer NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    content_hash text NOT NULL,
    search_vector tsvector NOT NULL,
    PRIMARY KEY (id, year),
    UNIQUE (content_hash, year)
) PARTITION BY RANGE (year);
CREATE TABLE art_year_unknown PARTITION OF art_year FOR VALUES FROM (0) TO (1);
DO $$
BEGIN
    FOR y IN 2000..2026 LOOP
        EXECUTE format('CREATE TABLE art_year_%s PARTITION OF art_year FOR VALUES FROM (%s) TO (%s)', y, y, y + 1);
    END LOOP;
END $$;
INSERT INTO art_year
SELECT id, coalesce(extract(year FROM published), 0), published, source_id, title, body, content_hash, search_vector
FROM art_flat;
CREATE INDEX art_year_search ON art_year USING gin (search_vector);
CREATE INDEX art_year_newest ON art_year (published DESC NULLS LAST, id DESC);
VACUUM ANALYZE art_flat;
VACUUM ANALYZE art_year;

SELECT count(*) AS articles, count(*) FILTER (WHERE published >= '2021-01-01' AND published < '2022-01-01') AS in_2021,
       (SELECT count(*) FROM art_flat WHERE search_vector @@ to_tsquery('simple', 'w40 & w300')) AS matching_w40_w300
FROM art_flat;
SELECT pg_size_pretty(pg_total_relation_size('art_flat')) AS flat_size,
       (SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits
        WHERE inhparent = 'art_year'::regclass) AS partitioned_size;

\echo '=== Q1 search with a date range (from:2021-01-01 to:2021-12-31), newest first'
\echo '--- flat'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_flat
 WHERE search_vector @@ to_tsquery('simple', 'w40 & w300') AND published >= '2021-01-01' AND published < '2022-01-01'
 ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_flat
 WHERE search_vector @@ to_tsquery('simple', 'w40 & w300') AND published >= '2021-01-01' AND published < '2022-01-01'
 ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
\echo '--- partitioned, date condition only (no pruning: the key is year)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year
 WHERE search_vector @@ to_tsquery('simple', 'w40 & w300') AND published >= '2021-01-01' AND published < '2022-01-01'
 ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year
 WHERE search_vector @@ to_tsquery('simple', 'w40 & w300') AND published >= '2021-01-01' AND published < '2022-01-01'
 ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
\echo '--- partitioned, with year = 2021 added by the query compiler (pruned to one partition)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year
 WHERE search_vector @@ to_tsquery('simple', 'w40 & w300') AND published >= '2021-01-01' AND published < '2022-01-01'
   AND year = 2021
 ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year
 WHERE search_vector @@ to_tsquery('simple', 'w40 & w300') AND published >= '2021-01-01' AND published < '2022-01-01'
   AND year = 2021
 ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;

\echo '=== Q2 search over all years, by relevance'
\echo '--- flat'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_flat WHERE search_vector @@ to_tsquery('simple', 'w40 & w300')
 ORDER BY ts_rank(search_vector, to_tsquery('simple', 'w40 & w300')) DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_flat WHERE search_vector @@ to_tsquery('simple', 'w40 & w300')
 ORDER BY ts_rank(search_vector, to_tsquery('simple', 'w40 & w300')) DESC LIMIT 20;
\echo '--- partitioned'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year WHERE search_vector @@ to_tsquery('simple', 'w40 & w300')
 ORDER BY ts_rank(search_vector, to_tsquery('simple', 'w40 & w300')) DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year WHERE search_vector @@ to_tsquery('simple', 'w40 & w300')
 ORDER BY ts_rank(search_vector, to_tsquery('simple', 'w40 & w300')) DESC LIMIT 20;

\echo '=== Q3 newest 20 articles (home page)'
\echo '--- flat'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_flat ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_flat ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
\echo '--- partitioned (Merge Append over every partition)'
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM art_year ORDER BY published DESC NULLS LAST, id DESC LIMIT 20;

\echo '=== Q4 one article by id (/articles/<id>/)'
\echo '--- flat'
EXPLAIN (ANALYZE, BUFFERS) SELECT title FROM art_flat WHERE id = 123457;
EXPLAIN (ANALYZE, BUFFERS) SELECT title FROM art_flat WHERE id = 123457;
\echo '--- partitioned, id only (every partition''s primary key is probed)'
EXPLAIN (ANALYZE, BUFFERS) SELECT title FROM art_year WHERE id = 123457;
EXPLAIN (ANALYZE, BUFFERS) SELECT title FROM art_year WHERE id = 123457;
\echo '--- partitioned, id and year (one partition)'
EXPLAIN (ANALYZE, BUFFERS) SELECT title FROM art_year WHERE id = 123457 AND year = (SELECT coalesce(extract(year FROM published), 0) FROM art_flat WHERE id = 123457);
EXPLAIN (ANALYZE, BUFFERS) SELECT title FROM art_year WHERE id = 123457 AND year = 2021;

\echo '=== Q5 month histogram of one year (dates pages)'
\echo '--- flat'
EXPLAIN (ANALYZE, BUFFERS) SELECT date_trunc('month', published), count(*) FROM art_flat
 WHERE published >= '2021-01-01' AND published < '2022-01-01' GROUP BY 1;
EXPLAIN (ANALYZE, BUFFERS) SELECT date_trunc('month', published), count(*) FROM art_flat
 WHERE published >= '2021-01-01' AND published < '2022-01-01' GROUP BY 1;
\echo '--- partitioned, with year = 2021'
EXPLAIN (ANALYZE, BUFFERS) SELECT date_trunc('month', published), count(*) FROM art_year
 WHERE year = 2021 GROUP BY 1;
EXPLAIN (ANALYZE, BUFFERS) SELECT date_trunc('month', published), count(*) FROM art_year
 WHERE year = 2021 GROUP BY 1;

\echo '=== Retiring a year: detach (instant) vs delete'
BEGIN;
EXPLAIN (ANALYZE) DELETE FROM art_flat WHERE published >= '2000-01-01' AND published < '2001-01-01';
ROLLBACK;
BEGIN;
ALTER TABLE art_year DETACH PARTITION art_year_2000;
ROLLBACK;
