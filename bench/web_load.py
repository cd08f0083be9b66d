"""Browser pages under load: search page and person page p50/p95/p99 at 8 concurrent clients, via gunicorn.

    .venv/bin/python bench/web_load.py --database-url postgres://postgres@127.0.0.1:5432/hawal_bench \\
        --clients 8 --seconds 60 [--workers N]

The database must already hold the archive to measure (bench/corpus.py fills one with 100,000 synthetic
articles and their mentions; bench/api_load.py build fills one without mentions). It is only read. The
databases named hawal and test_hawal are refused. gunicorn runs the production settings (DEBUG off) and
configuration (config/gunicorn.conf.py: one sync process per core) on 127.0.0.1; `--clients` threads
send keep-alive GETs for `--seconds` after a warm-up, each picking a page kind in turn: the search page,
the person page (the 200 most mentioned people and 200 random ones), and, for context, an article page
and a day page. Client and server share this machine's cores, so the numbers include the client's own
CPU use.

Search requests: `--mix fixed` repeats a list of 12 Kurdish queries (relevance and newest first), which the
search cache answers after their first time; `--mix fresh` sends a query never sent before in the run
(bench/query_mix.py), which the cache cannot answer. `--search-cache 0` turns the cache off in the server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

from query_mix import FreshQueries, title_words

ROOT = Path(__file__).resolve().parents[1]
SEED = 20211129

SEARCHES = [
    ("هەولێر", "relevance"),
    ("بەغدا", "relevance"),
    ("کوردستان", "date"),
    ("هەڵبژاردن", "relevance"),
    ("پەرلەمان", "date"),
    ('"هەرێمی کوردستان"', "relevance"),
    ("نەوت OR گاز", "relevance"),
    ("سلێمانی -هەولێر", "date"),
    ("کوردست*", "relevance"),
    ("ئابووری from:2020-01-01 to:2021-12-31", "relevance"),
    ("وەزارەتەکە", "relevance"),
    ("لەهەولێر", "relevance"),
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def sample_paths(database_url: str) -> dict[str, list[str]]:
    """Paths to request, per page kind, read once from the bench database."""
    import psycopg

    rng = random.Random(SEED)
    with psycopg.connect(database_url) as conn:
        top = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM archive_entity WHERE kind = 'person' AND merged_into_id IS NULL"
                " ORDER BY mention_count DESC LIMIT 200"
            )
        ]
        tail = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM archive_entity WHERE kind = 'person' AND mention_count > 0 ORDER BY random() LIMIT 200"
            )
        ]
        articles = [r[0] for r in conn.execute("SELECT id FROM archive_article ORDER BY random() LIMIT 500")]
        days = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT published FROM archive_article WHERE published IS NOT NULL ORDER BY 1 DESC LIMIT 1000"
            )
        ]
    paths = {
        "search": ["/search/?" + urllib.parse.urlencode({"q": q, "sort": sort}) for q, sort in SEARCHES],
        "person": [f"/entities/{pk}/" for pk in top + tail],
        "article": [f"/articles/{pk}/" for pk in articles],
        "day": [f"/dates/{d.year}/{d.month}/{d.day}/" for d in rng.sample(days, min(200, len(days)))],
    }
    return {kind: values for kind, values in paths.items() if values}


def start_server(
    database_url: str, port: int, workers: int | None, timeout: int | None = None, search_cache: str = "300"
) -> subprocess.Popen:
    """The production server (gunicorn with config/gunicorn.conf.py) on `port`, access log off; `workers`
    and `timeout` override the configuration's when given."""
    env = {
        **os.environ,
        "HAWAL_SEARCH_CACHE_SECONDS": search_cache,
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "-c",
        "config/gunicorn.conf.py",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        "--log-level",
        "warning",
    ]
    if workers:
        command += ["--workers", str(workers)]
    if timeout:
        command += ["--timeout", str(timeout)]
    # Production static storage needs the manifest: collect first, as a deployment would.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/dates/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 120 seconds")


def fresh_search_path(fresh: FreshQueries) -> str:
    query, sort, page = fresh.next()
    return "/search/?" + urllib.parse.urlencode({"q": query, "sort": sort, "page": page})


def client_loop(port, paths, stop_at, record_after, results, errors, seed, fresh=None) -> None:
    rng = random.Random(seed)
    kinds = sorted(paths)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    turn = seed
    while time.monotonic() < stop_at:
        kind = kinds[turn % len(kinds)]
        turn += 1
        path = fresh_search_path(fresh) if kind == "search" and fresh else rng.choice(paths[kind])
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        elapsed = (time.perf_counter() - started) * 1000
        if time.monotonic() < record_after:
            continue
        if status == 200:
            results[kind].append(elapsed)
        else:
            errors[kind] += 1


WRK_SCRIPT = """
local paths = {%s}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  thread:set("stride", %d)
  next_id = next_id + 1
end
function init(args)
  turn = id
end
function request()
  local path = paths[(turn %% #paths) + 1]
  turn = turn + stride
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%.3f %%.3f\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.mean / 1000))
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_wrk(
    port: int, paths: list[str], clients: int, seconds: float
) -> tuple[int, int, float, float, float, float]:
    """`clients` keep-alive connections (wrk, 2 threads) sending `paths` in turn, each thread its own
    share of them (no path sent twice while the list lasts): requests, errors, p50, p95, p99, mean (ms)."""
    import tempfile

    threads = 2
    script = WRK_SCRIPT % (", ".join(lua_string(path) for path in paths), threads)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as handle:
        handle.write(script)
        handle.flush()
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{seconds:.0f}s", "--timeout", "30s",
             "-s", handle.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    n, errors, p50, p95, p99, mean = line.split()[1:]
    return int(n), int(errors), float(p50), float(p95), float(p99), float(mean)


def main_wrk(args, paths: dict[str, list[str]], fresh: FreshQueries | None) -> None:
    """Each page kind on its own: `--clients` connections for `--warmup` then `--seconds` (wrk)."""
    print(
        f"{'page':<10}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean ms':>9}{'req/s':>8}"
    )
    for kind in sorted(paths):
        if kind == "search" and fresh is not None:
            # Enough never-sent queries for the warm-up and the run, disjoint.
            warm = [fresh_search_path(fresh) for _ in range(2000)]
            measured = [fresh_search_path(fresh) for _ in range(8000)]
        else:
            warm = measured = paths[kind]
        if args.warmup:
            run_wrk(args.port, warm, args.clients, args.warmup)
        n, errors, p50, p95, p99, mean = run_wrk(args.port, measured, args.clients, args.seconds)
        if kind == "search" and fresh is not None and n > len(measured):
            print(f"warning: {n} requests but {len(measured)} fresh queries: some were repeated")
        print(
            f"{kind:<10}{n:>10}{errors:>8}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{mean:>9.1f}{n / args.seconds:>8.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn processes (default: config/gunicorn.conf.py's)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pages", default="search,person,article,day", help="page kinds, comma-separated")
    parser.add_argument("--timeout", type=int, default=None, help="gunicorn worker timeout, seconds")
    parser.add_argument(
        "--mix", choices=("fixed", "fresh"), default="fixed", help="search queries (see above)"
    )
    parser.add_argument("--search-cache", default="300", help="the server's HAWAL_SEARCH_CACHE_SECONDS")
    parser.add_argument(
        "--tool",
        choices=("python", "wrk"),
        default="python",
        help="python: threads here, page kinds taken in turn; wrk: each page kind on its own, measured by wrk"
        " (C, far less client CPU on the shared cores)",
    )
    args = parser.parse_args(argv)
    name = urllib.parse.urlparse(args.database_url).path.lstrip("/")
    if name in ("hawal", "test_hawal"):
        raise SystemExit(f"refusing to load-test the database {name!r}")

    wanted = {kind.strip() for kind in args.pages.split(",") if kind.strip()}
    paths = {kind: values for kind, values in sample_paths(args.database_url).items() if kind in wanted}
    fresh = FreshQueries(title_words(args.database_url), SEED) if args.mix == "fresh" else None
    server = start_server(args.database_url, args.port, args.workers, args.timeout, args.search_cache)
    print(
        f"{args.clients} clients, {args.workers or 'configured'} gunicorn workers, {args.seconds:.0f} s after {args.warmup:.0f} s warm-up,"
        f" search mix {args.mix}, search cache {args.search_cache} s, tool {args.tool},"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    if args.tool == "wrk":
        try:
            main_wrk(args, paths, fresh)
        finally:
            server.terminate()
            server.wait(timeout=30)
        return 0
    results: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    try:
        now = time.monotonic()
        record_after, stop_at = now + args.warmup, now + args.warmup + args.seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(args.port, paths, stop_at, record_after, results, errors, SEED + index, fresh),
            )
            for index in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"load average after the run {os.getloadavg()[0]:.1f}")
    print(f"{'page':<10}{'requests':>10}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'mean ms':>9}")
    every: list[float] = []
    for kind in sorted(paths):
        values = results[kind]
        every += values
        print(
            f"{kind:<10}{len(values):>10}{errors[kind]:>8}{percentile(values, 0.5):>9.1f}"
            f"{percentile(values, 0.95):>9.1f}{percentile(values, 0.99):>9.1f}"
            f"{statistics.fmean(values) if values else float('nan'):>9.1f}"
        )
    print(
        f"{'all':<10}{len(every):>10}{sum(errors.values()):>8}{percentile(every, 0.5):>9.1f}"
        f"{percentile(every, 0.95):>9.1f}{percentile(every, 0.99):>9.1f}   {len(every) / args.seconds:.1f} req/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
