"""Python's own CPU per search (the part of a search's time that is not PostgreSQL's), by query type, for
this checkout and another one in turn.

    .venv/bin/python bench/search_cpu.py --checkout /path/to/other --rounds 4 \
        --database-url postgres://postgres@127.0.0.1:5432/hawal_bench_1m

Each round runs, in a fresh process per checkout (the order swapped every round), every query of
`search_bench.py`'s sets (same seed) through `run_search` as that bench does (a page of 20, the total,
snippets; facets for the facet type), three times over, and takes the CPU time of its own process
(`time.process_time`: building the SQL, reading the rows, snippets, not the wait for PostgreSQL) of each
search's second run. It prints, per type, the median of each checkout's per-round medians and the
geometric mean of this/other over the rounds, and whether both checkouts sent the same statements and
got the same totals, pages and facets (a digest of all of them per checkout: a change that should only
make Python cheaper must leave it alone). Process CPU is much steadier than wall time on a noisy VM,
but it still moves with the VM's speed, hence the alternation. Without `--checkout`, this checkout alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def measure(checkout: Path, database_url: str, per_type: int, seed: int) -> dict[str, float | str]:
    """Median CPU ms per search of each type, in this process, of `checkout`'s code (the query sets are
    this checkout's), and under "digest" a digest of every statement the searches sent and of their
    totals and pages (the same digest for two trees: they differ in Python only)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import search_bench  # (puts this checkout first on the path)

    sys.path.insert(0, str(checkout))
    search_bench.setup_django(database_url)
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from archive.search.postgres import run_search

    with connection.cursor() as cursor:
        _, sets = search_bench.query_sets(cursor, per_type, seed)
    digest = hashlib.sha256()
    for queries in sets.values():
        for query in queries:
            with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                found = run_search(query.text, sort=query.sort, per_page=20, with_facets=query.with_facets)
            for executed in captured.captured_queries:
                if "SAVEPOINT" not in executed["sql"]:
                    digest.update(executed["sql"].encode())
            digest.update(repr((found.total, [hit.article.pk for hit in found.hits], found.facets)).encode())
    spent: dict[str, list[float]] = {}
    for _ in range(3):
        for kind, queries in sets.items():
            for query in queries:
                for _ in range(2):  # the second run is timed, as in search_bench.py
                    with transaction.atomic():
                        started = time.process_time()
                        run_search(query.text, sort=query.sort, per_page=20, with_facets=query.with_facets)
                        used = time.process_time() - started
                spent.setdefault(kind, []).append(used * 1000)
    return {"digest": digest.hexdigest()[:16]} | {
        kind: statistics.median(values) for kind, values in spent.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--checkout", type=Path, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--per-type", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # measure this checkout, print JSON
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.database_url, args.per_type, args.seed)))
        return
    checkouts = [HERE] + ([args.checkout.resolve()] if args.checkout else [])
    results: dict[Path, list[dict[str, float]]] = {checkout: [] for checkout in checkouts}
    for round_ in range(args.rounds):
        for checkout in checkouts if round_ % 2 == 0 else checkouts[::-1]:
            child = ["--child", str(checkout), "--per-type", str(args.per_type), "--seed", str(args.seed)]
            done = subprocess.run(
                [sys.executable, __file__, *child, "--database-url", args.database_url],
                cwd=checkout,
                capture_output=True,
                text=True,
                check=True,
            )
            results[checkout].append(json.loads(done.stdout.strip().splitlines()[-1]))
    mine = results[HERE]
    print(f"Python CPU ms per search, median over {args.rounds} rounds (this: {HERE})")
    header = f"  {'type':<20} {'this':>7}"
    if args.checkout:
        header += f" {'other':>7} {'this/other':>11}"
    print(header)
    digests = {checkout: {r.pop("digest") for r in rounds} for checkout, rounds in results.items()}
    for checkout, found in digests.items():
        print(f"  statements and results of {checkout}: digest {', '.join(sorted(found))}")
    if args.checkout:
        same = len(set().union(*digests.values())) == 1
        print(f"  the same statements, totals, pages and facets in both: {'yes' if same else 'NO'}")
    for kind in mine[0]:
        line = f"  {kind:<20} {statistics.median(r[kind] for r in mine):7.2f}"
        if args.checkout:
            theirs = results[checkouts[1]]
            ratio = statistics.geometric_mean([a[kind] / b[kind] for a, b in zip(mine, theirs, strict=True)])
            line += f" {statistics.median(r[kind] for r in theirs):7.2f} {ratio:11.3f}"
        print(line)


if __name__ == "__main__":
    if "--child" in sys.argv:
        main()
    else:
        from cpu_reference import stamp

        stamp("start")
        main()
        stamp("end")
