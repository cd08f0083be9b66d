"""Two PostgreSQL costs of a bulk import, each measured against its alternative in the same run.

1. Planning a batch's look-ups (stored duplicates, aliases, entities: `= ANY(array)` of 64–300 values)
   with the arrays' values (`plan_cache_mode = auto`) or without them (`force_generic_plan`, what
   `runner.BULK_SETTINGS` sets), interleaved, on the same batches. Prints the plans of the duplicate
   look-up both ways (they should be the same shape).
2. Article bodies compressed with pglz or lz4: the time to write every stored body twice into a table of
   each kind, to read them all back (decompressing), and the stored size.

Run it on a database an import filled, e.g. after `bench/ingest_bench.py --articles 20000`:

    .venv/bin/python bench/pg_bulk_costs.py --database-url postgres://postgres@127.0.0.1:5432/hawal_ingest_bench
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODES = ("auto", "force_generic_plan")


def lookups(batches: int, seed: int = 1) -> None:
    from django.db import connection, transaction

    from archive.ingest.bulk import _STORED_MATCHES
    from archive.ingest.entities import _ALIASES, _ENTITIES
    from archive.ingest.rows import select_rows

    with connection.cursor() as cursor:
        cursor.execute("SELECT content_hash FROM archive_article ORDER BY random() LIMIT 20000")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT key FROM archive_entityalias ORDER BY random() LIMIT 20000")
        keys = [row[0] for row in cursor.fetchall()]
    if len(stored) < 64 or len(keys) < 300:
        sys.exit("import some articles first (bench/ingest_bench.py --articles 20000)")
    rng = random.Random(seed)
    kinds = ["org", "person", "place"]

    def batch():
        # As a batch of 64 new articles asks: two repeats of stored texts, 62 new hashes, random bands.
        hashes = sorted({*rng.sample(stored, 2), *(format(rng.getrandbits(256), "064x") for _ in range(62))})
        bands = [sorted({rng.getrandbits(16) for _ in range(64)}) for _ in range(4)]
        return hashes, bands, sorted(set(rng.sample(keys, 300)))

    def run(mode, hashes, bands, names):
        started = time.perf_counter()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL plan_cache_mode = {mode}")
            select_rows(_STORED_MATCHES, [hashes, *bands])
            select_rows(_ALIASES, [kinds, names])
            select_rows(_ENTITIES, [[], kinds, names])
        return time.perf_counter() - started

    total = dict.fromkeys(MODES, 0.0)
    for n in range(batches):
        one = batch()
        for mode in MODES if n % 2 else reversed(MODES):
            total[mode] += run(mode, *one)
    print(f"batch look-ups ({batches} batches of 64 articles, interleaved):")
    for mode in MODES:
        print(f"  plan_cache_mode = {mode:18s} {1000 * total[mode] / batches:6.2f} ms a batch")
    hashes, bands, _ = batch()
    with connection.cursor() as cursor:
        for mode in MODES:
            cursor.execute(f"SET plan_cache_mode = {mode}")
            cursor.execute(
                "PREPARE stored_matches AS " + _STORED_MATCHES.replace("%b", "$%d") % (1, 2, 3, 4, 5)
            )
            cursor.execute("EXPLAIN (COSTS OFF) EXECUTE stored_matches(%s, %s, %s, %s, %s)", [hashes, *bands])
            shape = [line for (line,) in cursor.fetchall() if "Cond" not in line]
            print(f"  plan with {mode}: " + " / ".join(s.strip() for s in shape))
            cursor.execute("DEALLOCATE stored_matches")
        cursor.execute("RESET plan_cache_mode")


def compression(rounds: int) -> None:
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL default_toast_compression = 'lz4'")
    except DatabaseError:
        print("bodies: this server has no lz4; nothing to compare")
        return
    timings: dict[str, dict[str, list[float]]] = {m: {"write": [], "read": []} for m in ("pglz", "lz4")}
    with connection.cursor() as cursor:

        def timed(sql):
            started = time.perf_counter()
            cursor.execute(sql)
            return time.perf_counter() - started

        for method in timings:
            cursor.execute(f"DROP TABLE IF EXISTS bench_body_{method}")
            cursor.execute(f"CREATE UNLOGGED TABLE bench_body_{method} (body text COMPRESSION {method})")
        for _ in range(rounds):
            for method in timings:  # `|| ''` makes a fresh value, so it is compressed again
                timings[method]["write"].append(
                    timed(f"INSERT INTO bench_body_{method} SELECT body || '' FROM archive_article")
                )
        for _ in range(rounds):
            for method in timings:  # length() of text decompresses every value
                timings[method]["read"].append(timed(f"SELECT sum(length(body)) FROM bench_body_{method}"))
        cursor.execute("SELECT count(*), avg(octet_length(body)) FROM archive_article")
        count, raw = cursor.fetchone()
        print(f"bodies: {count:,} stored articles, {float(raw):,.0f} bytes of UTF-8 each on average")
        for method, seen in timings.items():
            cursor.execute(f"SELECT avg(pg_column_size(body)) FROM bench_body_{method}")
            size = float(cursor.fetchone()[0])
            writes = ", ".join(f"{1000 * t:,.0f}" for t in seen["write"])
            reads = ", ".join(f"{1000 * t:,.0f}" for t in seen["read"])
            print(
                f"  {method:5s} write {writes} ms; read all ({rounds} copies) {reads} ms; {size:,.0f} bytes each"
            )
            cursor.execute(f"DROP TABLE bench_body_{method}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    lookups(args.batches)
    compression(args.rounds)


if __name__ == "__main__":
    main()
