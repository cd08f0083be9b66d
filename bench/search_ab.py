"""A/B of one search setting on the bench query sets: each query timed with the setting as it was before
a change and as shipped, alternately, in one process, so the machine's drift hits both alike.

    .venv/bin/python bench/search_ab.py --setting RUM_WALK_COST --before 0 --database-url postgres://postgres@127.0.0.1:5432/hawal_bench_1m
    .venv/bin/python bench/search_ab.py --setting COUNT_SAMPLE --before 0 --types term_date_range,and2,phrase --database-url …

`--setting` names a constant of archive.search.postgres: RUM_WALK_COST 0 walks the date index whenever a
query is common enough for newest blocks (before stop 22); COUNT_SAMPLE 0 counts without asking the
1/16 sample first (before migration 0018); SEARCH_MATCH @@ lets PostgreSQL read bitmaps of matches from
the RUM index (before stop 24). Prints per query type the p50 and p95 of each (ms,
`run_search` as search_bench.py times it, the median of `--runs` warm runs per query) and how many queries
got faster or slower by more than 10 %.
"""

from __future__ import annotations

import argparse
import statistics
import time

import search_bench as bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--setting", required=True, help="a constant of archive.search.postgres")
    parser.add_argument("--before", required=True, help="its value before the change (converted to its type)")
    parser.add_argument("--types", default="common_relevance,common_date,phrase,or3,facets")
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
    shipped = getattr(postgres, args.setting)
    # "0" must mean False for a flag (bool("0") is True): numbers and flags are read as numbers first.
    previous = type(shipped)(int(args.before)) if isinstance(shipped, int) else type(shipped)(args.before)
    print(f"{args.setting} {args.before} (before) against {shipped} (now), {postgres.search_plan()} plan; ms")
    print(f"  {'type':<20} {'before p50/p95':>16} {'now p50/p95':>16}  faster slower")
    for kind in args.types.split(","):
        before, now = [], []
        for query in sets[kind]:
            times: dict[object, list[float]] = {previous: [], shipped: []}
            for _ in range(args.runs + 1):  # the first round warms the caches and is not counted
                for value in (previous, shipped):
                    setattr(postgres, args.setting, value)
                    with transaction.atomic():
                        started = time.perf_counter()
                        postgres.run_search(
                            query.text, sort=query.sort, per_page=bench.PAGE, with_facets=query.with_facets
                        )
                        times[value].append((time.perf_counter() - started) * 1000)
            before.append(statistics.median(times[previous][1:]))
            now.append(statistics.median(times[shipped][1:]))
        setattr(postgres, args.setting, shipped)
        faster = sum(n < 0.9 * b for b, n in zip(before, now, strict=True))
        slower = sum(n > 1.1 * b for b, n in zip(before, now, strict=True))
        cells = [f"{statistics.median(v):6.1f} / {bench.percentile(v, 0.95):6.1f}" for v in (before, now)]
        print(f"  {kind:<20} {cells[0]:>16} {cells[1]:>16}  {faster:6d} {slower:6d}")


if __name__ == "__main__":
    from cpu_reference import stamp

    stamp("start")
    main()
    stamp("end")
