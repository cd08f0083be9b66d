"""GET /api/search under load: p50/p95/p99 at 8 concurrent clients over 100,000 articles, through gunicorn.

Two steps, run from the repository root:

    .venv/bin/python bench/api_load.py build --articles 100000   # once: fills the database `hawal_bench`
    .venv/bin/python bench/api_load.py run --clients 8 --seconds 60 [--workers N]
    .venv/bin/python bench/api_load.py run --database-url postgres://postgres@127.0.0.1:5432/hawal_bench

`build` uses the embedded PostgreSQL (a separate database, `hawal_bench`, so the development archive is
untouched) and writes synthetic articles (``synthetic=True``) assembled from real Sorani sentences in
../shared/data (FakeKurdNews posts and Interdialect lines, read at run time, never stored in the repo).
Each article is analysed by archive.text exactly as ingest does (same tsvector), but entity extraction
is skipped: text search is what this measures, and the CRF would take hours for 100,000 articles.

`run` starts gunicorn on 127.0.0.1 with the API mounted, lets `--clients` threads send search requests
with keep-alive for `--seconds`, and prints latency percentiles per query kind and overall. The search
rate limit is switched off for the run (HAWAL_API_SEARCH_RATE=off). Client and server share this
machine's cores, so the numbers include the client's own CPU use. `--mix fixed` (the default) repeats the
QUERIES list below, which the server's search cache answers after their first time; `--mix fresh` sends
queries never sent before in the run (bench/query_mix.py); `--search-cache 0` turns the cache off.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

from query_mix import FreshQueries, title_words

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
BENCH_DATABASE = "hawal_bench"
OUTLETS = ["Rudaw", "Kurdistan24", "NRT", "KNN", "Nalia", "Xendan", "Esta", "Sbeiy"]
SEED = 20211129

# What people type: single words (common and rare), inflected forms, phrases, OR, exclusion, prefix,
# filters; some newest-first. Each is (kind, query, sort).
QUERIES: list[tuple[str, str, str]] = [
    ("word", "هەولێر", "relevance"),
    ("word", "بەغدا", "relevance"),
    ("word", "کۆرۆنا", "relevance"),
    ("word", "پەرلەمان", "relevance"),
    ("word", "نەوت", "relevance"),
    ("word", "سلێمانی", "relevance"),
    ("inflected", "هێرشەکە", "relevance"),
    ("inflected", "حکومەتەکەی", "relevance"),
    ("inflected", "لەهەولێر", "relevance"),
    ("two words", "حکومەتی هەرێم", "relevance"),
    ("two words", "بارزانی سەرۆک", "relevance"),
    ("phrase", "«هەرێمی کوردستان»", "relevance"),
    ("or", "هەولێر OR سلێمانی", "relevance"),
    ("not", "کوردستان -عێراق", "relevance"),
    ("prefix", "کۆرۆن*", "relevance"),
    ("filter", "هەولێر date:2021", "relevance"),
    ("filter", "نەوت source:rudaw", "relevance"),
    ("date sort", "کوردستان", "date"),
    ("date sort", "هەولێر", "date"),
    ("rarer", "قوتابخانە", "relevance"),
]


# ------------------------------------------------------------------------------------------- database


def bench_environment(database_url: str | None = None) -> dict[str, str]:
    """Environment for Django processes pointed at `database_url`, or at `hawal_bench` on the embedded server."""
    sys.path.insert(0, str(ROOT))
    if database_url:
        if urllib.parse.urlsplit(database_url).path.strip("/") in {"hawal", "test_hawal"}:
            sys.exit("refusing to use the development or test database")
        url = database_url
    else:
        from config import embedded_db

        data_dir = Path(os.environ.get("HAWAL_DATA_DIR", ROOT / ".data"))
        fields = embedded_db.start(data_dir, database=BENCH_DATABASE)
        url = (
            f"postgresql://{fields['USER']}@localhost:{fields['PORT']}/{fields['NAME']}?host={fields['HOST']}"
        )
    return {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HAWAL_API_SEARCH_RATE": "off",
    }


def sentence_pool() -> list[str]:
    posts_file = SHARED_DATA / "fakekurdnews" / "real-5000.csv"
    lines_file = SHARED_DATA / "interdialect_ckb" / "CKB-KMR_ckb_no_tag.txt"
    if not posts_file.exists() or not lines_file.exists():
        sys.exit(f"needs {posts_file} and {lines_file} (the ../shared data folder)")
    csv.field_size_limit(1 << 30)
    with posts_file.open(encoding="utf-8", newline="") as handle:
        posts = [row["text"].strip() for row in csv.DictReader(handle) if row["text"].strip()]
    lines = [line.strip() for line in lines_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return posts + lines


def synthetic_article(index: int, pool: list[str]) -> tuple[str, str, str, datetime.date]:
    rng = random.Random(SEED * 1_000_003 + index)
    sentences = [rng.choice(pool) for _ in range(rng.randint(5, 12))]
    title = sentences[0][:120]
    body = "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))
    published = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(15 * 365))
    return title, body, rng.choice(OUTLETS), published


_POOL: list[str] = []


def _init_worker(pool: list[str]) -> None:
    global _POOL
    _POOL = pool


def _analysed_row(index: int) -> tuple:
    from archive.search.document import document_fields, tsvector_literal

    title, body, outlet, published = synthetic_article(index, _POOL)
    digest = hashlib.sha256(f"bench:{index}:{body}".encode()).hexdigest()
    return title, body, outlet, published, digest, tsvector_literal(document_fields(title, body))


def build(articles: int, processes: int) -> None:
    os.environ.update(bench_environment())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    import archive.text as text
    from archive.models import Article, Source

    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if have >= articles:
        print(f"{BENCH_DATABASE} already holds {have:,} articles")
        return
    sources = {}
    for name in OUTLETS:
        sources[name] = Source.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0].pk
    pool = sentence_pool()
    started = time.perf_counter()
    # bulk_create fills every column from the model's defaults, so the bench follows model changes.
    with Pool(processes, initializer=_init_worker, initargs=(pool,)) as workers:
        rows = workers.imap(_analysed_row, range(have, articles), chunksize=200)
        batch: list = []
        for done, (title, body, outlet, published, digest, vector) in enumerate(rows, start=1):
            batch.append(
                Article(
                    title=title,
                    body=body,
                    source_id=sources[outlet],
                    published=published,
                    published_precision="day",
                    content_hash=digest,
                    synthetic=True,
                    search_vector=vector,
                    analyzer_version=text.VERSION,
                )
            )
            if len(batch) == 1000:
                Article.objects.bulk_create(batch)
                batch = []
            if done % 10_000 == 0:
                print(f"{have + done:,} articles, {time.perf_counter() - started:.0f} s", flush=True)
        Article.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    print(f"built {articles - have:,} articles in {time.perf_counter() - started:.0f} s")


# ------------------------------------------------------------------------------------------------ run


def _wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/articles?per_page=1")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def _client(port: int, stop_at: float, rng: random.Random, results: dict, errors: list, fresh=None) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < stop_at:
        if fresh is not None:
            query, sort, page = fresh.next()
            kind = "fresh " + sort
            params = {"q": query, "sort": sort, "page": page}
        else:
            kind, query, sort = rng.choice(QUERIES)
            params = {"q": query, "sort": sort, "page": rng.choice([1, 1, 1, 2, 3])}
        path = "/api/search?" + urllib.parse.urlencode(params)
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        except OSError as error:
            errors.append(f"{type(error).__name__}: {error}")
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            time.sleep(0.1)
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            errors.append(f"{response.status} {path}")
            continue
        results[kind].append(elapsed)
        results["_totals"].append(json.loads(body)["total"])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _search_path(query: str, sort: str, page: int) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": query, "sort": sort, "page": page})


def _run_with_wrk(port: int, clients: int, seconds: float, mix: str, search_cache: str, fresh) -> None:
    """The same requests sent by wrk (bench/web_load.py's runner): every path of the fixed mix in turn,
    or fresh queries never sent before; one p50/p95/p99 for the whole mix."""
    from web_load import run_wrk

    if fresh is not None:
        paths = [_search_path(*fresh.next()) for _ in range(20_000)]
    else:
        paths = [_search_path(query, sort, page) for _, query, sort in QUERIES for page in (1, 1, 1, 2, 3)]
    n, errors, p50, p95, p99, mean = run_wrk(port, paths, clients, seconds)
    print(
        f"{clients} connections (wrk), {seconds:.0f} s, query mix {mix}, search cache {search_cache} s,"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    print(f"requests {n:,} ({n / seconds:.0f}/s), errors {errors}")
    print(f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, mean {mean:.1f} ms")
    if fresh is not None and n > len(paths):
        print(f"warning: {n} requests but {len(paths)} fresh queries: some were repeated")


def run(
    clients: int,
    seconds: float,
    workers: int | None,
    threads: int | None,
    port: int,
    database_url: str | None,
    mix: str = "fixed",
    search_cache: str = "300",
    tool: str = "python",
) -> None:
    port = port or free_port()
    env = {
        **os.environ,
        **bench_environment(database_url),
        "PYTHONPATH": str(ROOT),
        "HAWAL_SEARCH_CACHE_SECONDS": search_cache,
    }
    fresh = FreshQueries(title_words(env["DATABASE_URL"]), SEED) if mix == "fresh" else None
    # The production configuration (config/gunicorn.conf.py: one sync process per core), access log off.
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c", "config/gunicorn.conf.py",
        "--bind", f"127.0.0.1:{port}",
        "--access-logfile", "/dev/null",
        "--log-level", "warning",
        "config.wsgi:application",  # the production entry point, as bench/web_load.py
    ]  # fmt: skip
    gunicorn += ["--workers", str(workers)] if workers else []
    gunicorn += ["--threads", str(threads)] if threads else []
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)
    try:
        _wait_until_up(port)
        # Warm-up: every query once (plans cached, pages in PostgreSQL's buffers).
        warm: dict = defaultdict(list)
        _client(port, time.monotonic() + 5, random.Random(1), warm, [], fresh)
        if tool == "wrk":
            _run_with_wrk(port, clients, seconds, mix, search_cache, fresh)
            return
        results: dict = defaultdict(list)
        errors: list = []
        stop_at = time.monotonic() + seconds
        pool = [
            threading.Thread(
                target=_client, args=(port, stop_at, random.Random(SEED + n), results, errors, fresh)
            )
            for n in range(clients)
        ]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = [ms for kind, values in results.items() if kind != "_totals" for ms in values]
    print(
        f"{clients} clients, {seconds:.0f} s, gunicorn {workers or 'configured'} workers x {threads or 1} threads,"
        f" {os.cpu_count()} CPUs,"
        f" query mix {mix}, search cache {search_cache} s, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"requests {len(every):,} ({len(every) / seconds:.0f}/s), errors {len(errors)}")
    print(f"{'kind':<12} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}")
    for kind in sorted(k for k in results if k != "_totals"):
        values = results[kind]
        print(
            f"{kind:<12} {len(values):>6} {percentile(values, 0.5):>7.1f}ms {percentile(values, 0.95):>7.1f}ms {percentile(values, 0.99):>7.1f}ms"
        )
    print(
        f"{'ALL':<12} {len(every):>6} {percentile(every, 0.5):>7.1f}ms {percentile(every, 0.95):>7.1f}ms {percentile(every, 0.99):>7.1f}ms  mean {statistics.mean(every):.1f}ms"
    )
    totals = results["_totals"]
    print(f"matches per query: median {statistics.median(totals):,.0f}, max {max(totals):,}")
    for error in errors[:5]:
        print("error:", error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    build_step = steps.add_parser("build")
    build_step.add_argument("--articles", type=int, default=100_000)
    build_step.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    run_step = steps.add_parser("run")
    run_step.add_argument("--clients", type=int, default=8)
    run_step.add_argument("--seconds", type=float, default=60)
    run_step.add_argument(
        "--workers", type=int, default=None, help="gunicorn processes (default: config/gunicorn.conf.py's)"
    )
    run_step.add_argument("--threads", type=int, default=None, help="threads per process (default: 1, sync)")
    run_step.add_argument("--port", type=int, default=0, help="default: a free port")
    run_step.add_argument(
        "--database-url",
        help="an archive to read instead, e.g. the one bench/corpus.py fills (with mentions)",
    )
    run_step.add_argument(
        "--mix",
        choices=("fixed", "fresh"),
        default="fixed",
        help="fixed: the QUERIES list (repeats, so the search cache answers them after the first time);"
        " fresh: a query never sent before in the run (bench/query_mix.py)",
    )
    run_step.add_argument("--search-cache", default="300", help="the server's HAWAL_SEARCH_CACHE_SECONDS")
    run_step.add_argument(
        "--tool",
        choices=("python", "wrk"),
        default="python",
        help="who sends the requests (wrk: less client CPU)",
    )
    args = parser.parse_args()
    if args.step == "build":
        build(args.articles, args.processes)
    else:
        run(
            args.clients,
            args.seconds,
            args.workers,
            args.threads,
            args.port,
            args.database_url,
            args.mix,
            args.search_cache,
            args.tool,
        )


if __name__ == "__main__":
    main()
