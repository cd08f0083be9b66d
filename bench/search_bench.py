"""Search latency on the synthetic corpus (bench/corpus.py): the product's two plans, and Lucene.

    .venv/bin/python bench/search_bench.py --database-url postgres://postgres@127.0.0.1:5432/hawal_bench

Query sets are drawn (seeded) from the corpus vocabulary by document-frequency band: rare term, common term
by relevance, common term by date, two-term AND, phrase, OR of three, term + date range, person + date
range, facets for a common term, and a common term with a person and no dates (drawn from its own seeded
generator, so the other sets stay those of earlier runs). Each query runs through the product (`run_search`: page of hits + exact
total + snippets, database and Python time together) twice over: with the RUM plan when the `rum`
extension exists (the product's own indexes from archive.search.rum, built here if missing), then with
the RUM indexes hidden (dropped inside a transaction that is rolled back), i.e. the GIN plan every server
without RUM gets. Every query is run twice and the second run is timed (`--cold` times the first). One
EXPLAIN (ANALYZE, BUFFERS) per type and plan is saved in bench/out/. With `--lucene`, the same analysed
terms are exported and timed on Lucene's IndexSearcher (bench/lucene/SearchBench.java) and the ratios printed.
`--types term_person,and2` times only those types (the sets are drawn as for all, so they are the same queries).

`--breakdown` instead splits each query's time, per type and plan: the whole search (median of 3 warm runs),
and PostgreSQL's planning and execution of the statements it sent (EXPLAIN (ANALYZE, SUMMARY, TIMING OFF)
of each, median of 3). The rest is Python: building the SQL, reading rows, snippets.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

TYPES = (
    "rare",
    "common_relevance",
    "common_date",
    "and2",
    "phrase",
    "or3",
    "term_date_range",
    "person_date_range",
    "facets",
    "term_person",
)
# Document-frequency bands as a share of all articles.
RARE = (0.0001, 0.001)
MID = (0.005, 0.05)
COMMON = (0.05, 0.5)
PAGE = 20
TIMED_OUT: dict[str, int] = {}  # queries stopped by --timeout-ms, by type (their time counts as the timeout)
FAR_FUTURE = "2100-01-01"


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    sort: str
    with_facets: bool = False


def setup_django(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DEBUG"] = "0"
    # The search itself is timed, never the results cache (a repeated query would be a cache hit).
    os.environ["HAWAL_SEARCH_CACHE_SECONDS"] = "0"
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


# ---------------------------------------------------------------------------------------------------
# Query sets.


def vocabulary(
    cursor, sample_size: int = 20_000
) -> tuple[int, dict[str, float], dict[str, str], list[tuple[str, str]]]:
    """(articles, term → document share, term → a surface word that analyses to it, adjacent word pairs)."""
    from archive.text.analyze import TOKEN_RE, word_terms

    cursor.execute("SELECT count(*), max(id) FROM archive_article")
    articles, _ = cursor.fetchone()
    cursor.execute(
        f"SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM archive_article WHERE id <= {int(sample_size)}')"
    )
    sampled = min(articles, sample_size)
    share = {word: ndoc / sampled for word, ndoc in cursor.fetchall()}
    cursor.execute("SELECT body FROM archive_article WHERE id <= 3000")
    surfaces: dict[str, Counter] = {}
    pairs: list[tuple[str, str]] = []
    for (body,) in cursor.fetchall():
        previous: tuple[str, tuple[str, ...]] | None = None
        for surface in TOKEN_RE.findall(body):
            found = word_terms(surface)
            if len(found) == 1:
                surfaces.setdefault(found[0], Counter())[surface] += 1
                if previous is not None and len(previous[1]) == 1:
                    pairs.append((previous[0], surface))
            previous = (surface, found) if found else previous
    chosen = {term: counter.most_common(1)[0][0] for term, counter in surfaces.items() if term in share}
    return articles, share, chosen, pairs


def query_sets(cursor, per_type: int, seed: int) -> tuple[int, dict[str, list[BenchQuery]]]:
    from archive.search.query import parse_query
    from archive.search.tsquery import to_tsquery
    from archive.text.analyze import word_terms

    rng = random.Random(seed)
    articles, share, surface_of, pairs = vocabulary(cursor)

    def band(low_high: tuple[float, float]) -> list[str]:
        low, high = low_high
        # Only words the query language turns back into exactly that one term.
        return sorted(
            surface
            for term, surface in surface_of.items()
            if low <= share[term] < high and to_tsquery(parse_query(surface).tree) == f"'{term}'"
        )

    rare, mid, common = band(RARE), band(MID), band(COMMON)

    def picks(words: list[str], k: int) -> list[str]:
        return [rng.choice(words) for _ in range(k)]

    phrase_pairs = [
        (a, b)
        for a, b in pairs
        if a != b and MID[0] <= share.get(word_terms(a)[0], 0) and MID[0] <= share.get(word_terms(b)[0], 0)
    ]
    cursor.execute("SELECT name FROM archive_entity WHERE kind = 'person' ORDER BY mention_count DESC")
    people = [row[0] for row in cursor.fetchall()]
    sets: dict[str, list[BenchQuery]] = {kind: [] for kind in TYPES}
    for _ in range(per_type):
        year = rng.randint(2012, 2025)
        sets["rare"].append(BenchQuery("rare", picks(rare, 1)[0], "relevance"))
        sets["common_relevance"].append(BenchQuery("common_relevance", picks(common, 1)[0], "relevance"))
        sets["common_date"].append(BenchQuery("common_date", picks(common, 1)[0], "date"))
        sets["and2"].append(
            BenchQuery("and2", " ".join([picks(common, 1)[0], picks(mid, 1)[0]]), "relevance")
        )
        a, b = rng.choice(phrase_pairs)
        sets["phrase"].append(BenchQuery("phrase", f'"{a} {b}"', "relevance"))
        sets["or3"].append(BenchQuery("or3", " OR ".join(picks(mid, 3)), "relevance"))
        sets["term_date_range"].append(
            BenchQuery(
                "term_date_range", f"{picks(common, 1)[0]} from:{year}-01-01 to:{year}-12-31", "relevance"
            )
        )
        person = rng.choice(people[: max(3, len(people) // 2)]) if rng.random() < 0.7 else rng.choice(people)
        sets["person_date_range"].append(
            BenchQuery(
                "person_date_range", f'person:"{person}" from:{year}-01-01 to:{year + 1}-12-31', "date"
            )
        )
        sets["facets"].append(BenchQuery("facets", picks(common, 1)[0], "relevance", with_facets=True))
    extra = random.Random(seed + 1)
    for _ in range(per_type):
        person = (
            extra.choice(people[: max(3, len(people) // 2)]) if extra.random() < 0.7 else extra.choice(people)
        )
        sets["term_person"].append(
            BenchQuery("term_person", f'{extra.choice(common)} person:"{person}"', "relevance")
        )
    print(
        f"vocabulary: {len(share):,} terms in the sample; bands rare {len(rare)}, mid {len(mid)}, common {len(common)};"
        f" {len(phrase_pairs):,} phrase pairs; {len(people)} people"
    )
    return articles, sets


# ---------------------------------------------------------------------------------------------------
# Runs.


def time_product(
    sets: dict[str, list[BenchQuery]], cold: bool
) -> tuple[dict[str, list[float]], dict[str, int]]:
    from django.db import OperationalError, transaction

    from archive.search.postgres import run_search

    timings: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for kind, queries in sets.items():
        spent: list[float] = []
        matched = 0
        for query in queries:
            runs = 1 if cold else 2
            for _ in range(runs):
                started = time.perf_counter()
                try:
                    # A savepoint per query: a statement timeout must not abort the surrounding transaction.
                    with transaction.atomic():
                        results = run_search(
                            query.text, sort=query.sort, per_page=PAGE, with_facets=query.with_facets
                        )
                except OperationalError:
                    TIMED_OUT[kind] = TIMED_OUT.get(kind, 0) + 1
                    results = None
                elapsed = (time.perf_counter() - started) * 1000
                if results is None:
                    break
            spent.append(elapsed)
            matched += results.total if results is not None else 0
        timings[kind] = spent
        totals[kind] = matched // max(1, len(queries))
    return timings, totals


def rum_available(cursor) -> bool:
    from archive.search import rum

    return rum.available(cursor)


def ensure_rum(cursor) -> float | None:
    """The product's RUM indexes (archive.search.rum), built if missing; seconds spent, None if present."""
    from archive.search import rum

    if rum.installed(cursor):
        return None
    cursor.execute("SET maintenance_work_mem = '1GB'")
    started = time.perf_counter()
    rum.enable(cursor)
    cursor.execute("ANALYZE archive_article")
    return time.perf_counter() - started


class HiddenIndexes:
    """Drop indexes inside a transaction that is rolled back: the product's plans as without RUM."""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def __enter__(self) -> None:
        from django.db import transaction

        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        from django.db import connection

        with connection.cursor() as cursor:
            for name in self.names:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def __exit__(self, *exc: object) -> None:
        from django.db import transaction

        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)


def explain_product(sets: dict[str, list[BenchQuery]], label: str) -> None:
    from django.db import OperationalError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    from archive.search.postgres import run_search

    OUT.mkdir(parents=True, exist_ok=True)
    for kind, queries in sets.items():
        query = queries[0]
        try:
            with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                run_search(query.text, sort=query.sort, per_page=PAGE, with_facets=query.with_facets)
        except OperationalError as error:
            captured.captured_queries.append({"sql": f"-- stopped: {error}"})
        lines = [f"-- {kind}: {query.text!r} sort={query.sort} facets={query.with_facets}"]
        with connection.cursor() as cursor:
            for executed in captured.captured_queries:
                sql = executed["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                lines.append(sql)
                try:
                    with transaction.atomic():
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                        lines.extend(row[0] for row in cursor.fetchall())
                except OperationalError as error:
                    lines.append(f"-- EXPLAIN stopped: {error}")
                lines.append("")
        (OUT / f"explain_{connection.settings_dict['NAME']}_{label}_{kind}.txt").write_text(
            "\n".join(lines), encoding="utf-8"
        )


def breakdown(sets: dict[str, list[BenchQuery]], label: str) -> None:
    """Per type: median ms of the whole search, of planning and of execution of its statements."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from archive.search.postgres import run_search

    def summary(cursor, sql: str) -> tuple[float, float]:
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY, TIMING OFF, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else plan
        return plan["Planning Time"], plan["Execution Time"]

    print(f"\nwhere the time goes, {label} plan (ms, medians per query, then median and p95 over the type)")
    print(f"  {'type':<20} {'search':>13} {'planning':>13} {'execution':>13} {'rest':>13}")
    for kind, queries in sets.items():
        columns: list[list[float]] = [[], [], [], []]
        for query in queries:
            walls, plans, runs = [], [], []
            for _ in range(3):
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    run_search(query.text, sort=query.sort, per_page=PAGE, with_facets=query.with_facets)
                    walls.append((time.perf_counter() - started) * 1000)
                statements = [
                    q["sql"]
                    for q in captured.captured_queries
                    if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
                ]
                planning = execution = 0.0
                with transaction.atomic(), connection.cursor() as cursor:
                    for sql in statements:
                        spent = summary(cursor, sql)
                        planning += spent[0]
                        execution += spent[1]
                plans.append(planning)
                runs.append(execution)
            wall, planning, execution = (statistics.median(v) for v in (walls, plans, runs))
            for column, value in zip(
                columns, (wall, planning, execution, wall - planning - execution), strict=True
            ):
                column.append(value)
        cells = [f"{statistics.median(c):5.1f} / {percentile(c, 0.95):5.1f}" for c in columns]
        print(f"  {kind:<20} " + " ".join(f"{cell:>13}" for cell in cells))


# ---------------------------------------------------------------------------------------------------
# Lucene.


def run_lucene(
    database_url: str, sets: dict[str, list[BenchQuery]], cold: bool
) -> dict[str, list[float]] | None:
    sys.path.insert(0, str(ROOT / "bench" / "lucene"))
    import lucene_search

    if not lucene_search.available():
        print("lucene: Java or liblucene8-java not available; skipped")
        return None
    return lucene_search.run(database_url, sets, page=PAGE, cold=cold, out=OUT)


# ---------------------------------------------------------------------------------------------------


def table(title: str, rows: dict[str, list[float]], totals: dict[str, int] | None = None) -> None:
    print(f"\n{title}")
    print(
        f"  {'type':<22} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        + ("  avg total" if totals else "")
    )
    for kind, values in rows.items():
        if not values:
            continue
        extra = f"  {totals.get(kind, 0):>9,}" if totals else ""
        print(
            f"  {kind:<22} {len(values):>4} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f}"
            f" {max(values):8.1f}{extra}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--per-type", type=int, default=50)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--cold", action="store_true", help="time the first run of each query, not the second"
    )
    parser.add_argument(
        "--no-rum", action="store_true", help="skip the RUM variant even if the extension exists"
    )
    parser.add_argument("--lucene", action="store_true", help="also time Lucene over the same terms")
    parser.add_argument(
        "--timeout-ms", type=int, default=0, help="statement_timeout for the product's queries"
    )
    parser.add_argument("--lucene-only", action="store_true", help="time only Lucene (same query sets)")
    parser.add_argument(
        "--breakdown", action="store_true", help="planning, execution and Python time per type instead"
    )
    parser.add_argument(
        "--types", help="comma-separated query types to time (default: all); the sets are drawn as for all"
    )
    args = parser.parse_args(argv)
    if urlparse(args.database_url).path.lstrip("/") in {"hawal", "test_hawal"}:
        raise SystemExit("the bench runs on a bench database only (bench/setup_bench_db.sh)")
    setup_django(args.database_url)
    from django.db import connection

    with connection.cursor() as cursor:
        if args.timeout_ms:
            cursor.execute(f"SET statement_timeout = {int(args.timeout_ms)}")
        articles, sets = query_sets(cursor, args.per_type, args.seed)
        if args.types:
            wanted = args.types.split(",")
            unknown = set(wanted) - set(sets)
            if unknown:
                parser.error(f"unknown query types: {', '.join(sorted(unknown))} (known: {', '.join(sets)})")
            sets = {kind: sets[kind] for kind in wanted}
        use_rum = not args.no_rum and not args.lucene_only and rum_available(cursor)
    print(
        f"{articles:,} articles; {args.per_type} queries per type; {'first' if args.cold else 'second'} run timed"
    )
    from archive.search import postgres, rum

    if use_rum:
        with connection.cursor() as cursor:
            built = ensure_rum(cursor)
            if built is not None:
                print(f"  built the RUM column and indexes in {built:.1f} s")
            cursor.execute(
                "SELECT indexname, pg_relation_size(indexname::regclass) FROM pg_indexes"
                " WHERE tablename = 'archive_article' AND indexname = ANY(%s)",
                [["article_search_gin", *rum.INDEXES]],
            )
            for name, size in cursor.fetchall():
                print(f"  {size / 2**20:9.1f} MiB  {name}")
    if args.breakdown:
        if use_rum:
            postgres.forget_search_plan()
            breakdown(sets, "RUM")
        with HiddenIndexes(list(rum.INDEXES) if use_rum else []):
            postgres.forget_search_plan()
            breakdown(sets, "GIN")
        postgres.forget_search_plan()
        return 0
    if args.lucene_only:
        lucene = run_lucene(args.database_url, sets, args.cold)
        if lucene:
            table("Lucene 8.7 IndexSearcher (top 20 + total hits; same terms, WhitespaceAnalyzer)", lucene)
        return 0
    results = {}
    if use_rum:
        postgres.forget_search_plan()
        assert postgres.search_plan() == "rum"
        product, totals = time_product(sets, args.cold)
        explain_product(sets, "rum")
        table(
            "product run_search, RUM plan (page of 20 + total + snippets; facets = + facets + histogram)",
            product,
            totals,
        )
        results["rum"] = product
    TIMED_OUT.clear()
    with HiddenIndexes(list(rum.INDEXES) if use_rum else []):
        postgres.forget_search_plan()
        assert postgres.search_plan() == "gin"
        product, totals = time_product(sets, args.cold)
        explain_product(sets, "gin")
    postgres.forget_search_plan()
    table(
        "product run_search, GIN only (page of 20 + total + snippets; facets = + facets + histogram)",
        product,
        totals,
    )
    if TIMED_OUT:
        print(f"  stopped by the {args.timeout_ms} ms statement timeout (timed as the timeout): {TIMED_OUT}")
    results["gin"] = product
    if args.lucene:
        lucene = run_lucene(args.database_url, sets, args.cold)
        if lucene:
            table("Lucene 8.7 IndexSearcher (top 20 + total hits; same terms, WhitespaceAnalyzer)", lucene)
            print("\nratios (p95 / Lucene p95)")
            for kind, values in lucene.items():
                base = percentile(values, 0.95)
                parts = [
                    f"{label} {percentile(r[kind], 0.95) / base:7.1f}×"
                    for label, r in results.items()
                    if r.get(kind)
                ]
                print(f"  {kind:<22} lucene p95 {base:6.2f} ms  " + "  ".join(parts))
    return 0


if __name__ == "__main__":
    from cpu_reference import stamp

    stamp("start")
    code = main()
    stamp("end")
    raise SystemExit(code)
