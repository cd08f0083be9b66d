"""Fill the phrase-pair vector of a bench database built before it existed (bench only, never the product).

    .venv/bin/python bench/backfill_pairs.py --database-url postgres://postgres@127.0.0.1:5432/hawal_bench

The product's way is `manage.py reindex`, one article per transaction (every writer stores both vectors
from then on). For a 100,000-article bench corpus that is slow, so this script computes the same vectors
with the product's own `document_vectors` (title, body and the article's entity names, as ingest does)
in worker processes, loads them with COPY and updates the articles in one statement. The RUM indexes are
dropped first and rebuilt after (updating them row by row took half an hour at 100,000 articles).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]


def _vectors(row: tuple) -> tuple[int, str, str]:
    from archive.search.document import document_fields, document_vectors

    pk, title, body, names = row
    vector, pairs = document_vectors(document_fields(title, body, sorted(names or ())))
    return pk, vector, pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args(argv)
    if urlparse(args.database_url).path.lstrip("/") in {"hawal", "test_hawal"}:
        raise SystemExit("bench databases only")
    sys.path.insert(0, str(ROOT))
    import psycopg

    from archive.search.document import INDEX_VERSION

    started = time.monotonic()
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute("DROP INDEX IF EXISTS article_search_rum, article_search_rum_date")
        conn.execute("CREATE TEMP TABLE vectors (id bigint PRIMARY KEY, v tsvector, p bigint[])")
        # Read on a second connection: the first one is busy with the COPY while rows stream in.
        with psycopg.connect(args.database_url) as reader, reader.cursor(name="articles") as rows:
            rows.itersize = 2000
            rows.execute(
                "SELECT a.id, a.title, a.body, (SELECT array_agg(DISTINCT e.name) FROM archive_mention m"
                " JOIN archive_entity e ON e.id = m.entity_id WHERE m.article_id = a.id AND NOT m.rejected)"
                " FROM archive_article a ORDER BY a.id"
            )
            with (
                conn.cursor().copy("COPY vectors (id, v, p) FROM STDIN") as copy,
                Pool(args.processes) as pool,
            ):
                for n, record in enumerate(pool.imap(_vectors, rows, chunksize=200), 1):
                    copy.write_row(record)
                    if n % 20000 == 0:
                        print(f"{n:>9,} articles analysed  {time.monotonic() - started:7.1f} s", flush=True)
        updated = conn.execute(
            "UPDATE archive_article a SET search_vector = t.v, phrase_pairs = t.p, analyzer_version = %s"
            " FROM vectors t WHERE a.id = t.id",
            (INDEX_VERSION,),
        ).rowcount
        print(f"{updated:,} articles updated  {time.monotonic() - started:7.1f} s", flush=True)
        conn.execute("VACUUM (FULL, ANALYZE) archive_article")
        print(f"vacuumed  {time.monotonic() - started:7.1f} s", flush=True)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
    }
    import subprocess

    subprocess.run([sys.executable, "manage.py", "search_indexes", "--rum"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "search_indexes", "--status"], cwd=ROOT, env=env, check=True)
    with psycopg.connect(args.database_url) as conn:
        size = conn.execute("SELECT pg_size_pretty(pg_relation_size('article_phrase_pairs'))").fetchone()[0]
    print(f"done in {time.monotonic() - started:.0f} s; pair index {size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
