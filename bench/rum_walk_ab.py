"""A/B of the RUM plan's date-order reading on the bench query sets: RUM_WALK_COST 0 (walk the date index
whenever a query is common enough for newest blocks, as before stop 22) against the shipped value (read
the newest matches from the RUM index until walking is cheaper), interleaved query by query in one
process so the machine's drift hits both alike.

    .venv/bin/python bench/rum_walk_ab.py --database-url postgres://postgres@127.0.0.1:5432/hawal_bench_1m

Prints per query type the p50 and p95 of each (ms, `run_search` as search_bench.py times it, the median
of 5 warm runs per query) and how many queries got faster or slower by more than 10 %.
"""

from __future__ import annotations

import argparse
import statistics
import time

import search_bench as bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--per-type", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench.setup_django(args.database_url)
    from django.db import connection, transaction

    from archive.search import postgres

    with connection.cursor() as cursor:
        _, sets = bench.query_sets(cursor, args.per_type, args.seed)
    postgres.forget_search_plan()
    assert postgres.search_plan() == "rum", "this comparison needs the RUM indexes"
    shipped = postgres.RUM_WALK_COST
    print(f"RUM_WALK_COST 0 (before) against {shipped} (now); ms")
    print(f"  {'type':<20} {'before p50/p95':>16} {'now p50/p95':>16}  faster slower")
    for kind in ("common_relevance", "common_date", "phrase", "or3", "facets"):
        before, now = [], []
        for query in sets[kind]:
            times: dict[int, list[float]] = {0: [], shipped: []}
            for _ in range(args.runs + 1):
                for cost in (0, shipped):
                    postgres.RUM_WALK_COST = cost
                    with transaction.atomic():
                        started = time.perf_counter()
                        postgres.run_search(
                            query.text, sort=query.sort, per_page=bench.PAGE, with_facets=query.with_facets
                        )
                        times[cost].append((time.perf_counter() - started) * 1000)
            before.append(statistics.median(times[0][1:]))
            now.append(statistics.median(times[shipped][1:]))
        postgres.RUM_WALK_COST = shipped
        faster = sum(n < 0.9 * b for b, n in zip(before, now, strict=True))
        slower = sum(n > 1.1 * b for b, n in zip(before, now, strict=True))
        cells = [f"{statistics.median(v):6.1f} / {bench.percentile(v, 0.95):6.1f}" for v in (before, now)]
        print(f"  {kind:<20} {cells[0]:>16} {cells[1]:>16}  {faster:6d} {slower:6d}")


if __name__ == "__main__":
    main()
