"""Scale-out on one machine: search with and without a streaming replica, ingest with 1 and 2 workers.

    .venv/bin/python bench/replica_bench.py --articles 20000 --ingest 300 --seconds 10 --rounds 3

Starts its own primary and replica (tests/replica/cluster.py, fsync on) in a temporary folder, fills the
primary with `bench/corpus.py` (synthetic articles from real Sorani sentences; needs ../shared/data), takes
the replica, then:

- search: two gunicorns (config/gunicorn.conf.py, production settings) side by side, one with DATABASE_URL
  only, one with DATABASE_REPLICA_URLS too (every search then runs on the replica); closed loops of 1, 2,
  4, 8 clients over /api/search and the /search/ page, each level in alternating rounds; the throughput
  that keeps p95 ≤ 150 ms is the best level that met it.
- ingest: real posts (../shared/data/fakekurdnews) as one CSV upload per run, processed by 1, 2, 2, then
  1 `manage.py worker` processes (HAWAL_TASKS_PER_UPLOAD = workers), timed from enqueue to the upload's
  `done`.

Server, replica, workers and load generator all share this machine's cores: on 2 cores a replica adds no
CPU, so the search ratio shows the routing's overhead, not the gain a replica on its own machine brings.
Results go to stdout and to --output (markdown).
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import os
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.web_load import SEARCHES, percentile  # noqa: E402
from tests.replica.cluster import Cluster, django_env, manage, pg_bin  # noqa: E402
from tests.replica.conftest import gunicorn  # noqa: E402

P95_TARGET_MS = 150.0
FAKEKURDNEWS = ROOT.parent / "shared" / "data" / "fakekurdnews" / "real-5000.csv"
ENQUEUE = """
import os
from archive.ingest.runner import create_upload
from archive.tasks import process_upload_task
with open(os.environ["BATCH_CSV"], "rb") as batch:
    upload = create_upload([("batch.csv", batch.read())], origin="command", label="bench")
process_upload_task.enqueue(upload.pk)
print(upload.pk)
"""


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def production_env(cluster: Cluster, replicas: bool, **extra: str) -> dict[str, str]:
    env = django_env(cluster.primary, cluster.replicas if replicas else [], **extra)
    env.update(DJANGO_SETTINGS_MODULE="config.settings", CONN_MAX_AGE="600", LOG_LEVEL="ERROR")
    return env


def search_paths(kind: str) -> list[str]:
    prefix = "/api/search?" if kind == "api" else "/search/?"
    return [prefix + urllib.parse.urlencode({"q": q, "sort": sort}) for q, sort in SEARCHES]


def closed_loop(base: str, kind: str, clients: int, seconds: float, warmup: float) -> tuple[list[float], int]:
    """(latencies in ms, errors) of `clients` keep-alive loops over the search paths for `seconds`."""
    host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port
    paths = search_paths(kind)
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()
    now = time.monotonic()
    record_after, stop_at = now + warmup, now + warmup + seconds

    def loop(offset: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        turn = offset
        while time.monotonic() < stop_at:
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            if time.monotonic() >= record_after:
                with lock:
                    if ok:
                        timings.append(elapsed)
                    else:
                        errors[0] += 1

    threads = [threading.Thread(target=loop, args=(index * 5,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors[0]


Row = tuple[int, float, float, int, str]  # clients, req/s, p95 ms, errors, load average
SETUPS = ("primary only", "primary + replica")


def search_runs(cluster: Cluster, args, work: Path) -> dict[tuple[str, str], list[Row]]:
    """Both servers run side by side; each level measures them in `rounds` short turns, alternating which
    goes first, so neither setup always gets the warmer caches or the quieter minute."""
    results: dict[tuple[str, str], list[Row]] = {}
    with ExitStack() as stack:
        bases = {}
        for label in SETUPS:
            env = production_env(
                cluster,
                label != "primary only",
                WEB_CONCURRENCY=str(args.web_workers),
                GUNICORN_THREADS=str(args.threads),
                HAWAL_API_SEARCH_RATE="off",
            )
            manage(env, "collectstatic", "--no-input", "--verbosity", "0")
            log = work / f"gunicorn-{len(bases)}.log"
            bases[label] = stack.enter_context(gunicorn(env, log))
        for kind in args.kinds:
            for clients in args.clients:
                timings: dict[str, list[float]] = {label: [] for label in SETUPS}
                errors = dict.fromkeys(SETUPS, 0)
                for round_ in range(args.rounds):
                    for label in SETUPS if round_ % 2 == 0 else SETUPS[::-1]:
                        values, failed = closed_loop(bases[label], kind, clients, args.seconds, args.warmup)
                        timings[label] += values
                        errors[label] += failed
                for label in SETUPS:
                    rps = len(timings[label]) / (args.seconds * args.rounds)
                    p95 = percentile(timings[label], 0.95)
                    results.setdefault((kind, label), []).append(
                        (clients, rps, p95, errors[label], load_average())
                    )
                    print(f"{kind:<5}{label:<18} {clients:>2} clients: {rps:6.1f} req/s, p95 {p95:6.1f} ms, "
                          f"{errors[label]} errors, load {load_average()}", flush=True)  # fmt: skip
    return results


def ingest_csv(offset: int, count: int) -> bytes:
    rows = []
    with FAKEKURDNEWS.open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            if len(row["text"]) >= 120:
                rows.append(row)
    chosen = rows[offset : offset + count]
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} posts of 120+ characters from offset {offset}")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["Body", "Published", "URL", "Source"])
    writer.writeheader()
    for row in chosen:
        writer.writerow(
            {"Body": row["text"], "Published": row["time"][:10], "URL": row["post_url"], "Source": "FKN"}
        )
    return buffer.getvalue().encode()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(datadir: Path) -> list[int]:
    """The postmaster and its children (backends, walsender, background processes)."""
    postmaster = int((datadir / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return [postmaster, *children]


IngestRun = tuple[float, dict[str, int], float, float]  # seconds, outcomes, worker CPU s, database CPU s


def ingest_run(cluster: Cluster, workers: int, offset: int, count: int, work: Path, run: int) -> IngestRun:
    batch = work / f"ingest-{run}.csv"
    batch.write_bytes(ingest_csv(offset, count))
    env = production_env(
        cluster,
        False,
        BATCH_CSV=str(batch),
        HAWAL_TASKS_PER_UPLOAD=str(workers),
        HAWAL_TASK_REQUEUE_AFTER="60",
    )
    command = [
        sys.executable,
        "manage.py",
        "worker",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0.2",
    ]
    logs = [(work / f"worker-{run}-{n}.log").open("w") for n in range(workers)]
    processes = [
        subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT) for log in logs
    ]
    try:
        time.sleep(8)  # let the workers import Django and the extractor before the clock starts
        started = time.monotonic()
        worker_cpu = -cpu_seconds([p.pid for p in processes])
        database_cpu = -cpu_seconds(server_pids(cluster.primary.datadir))
        upload = int(manage(env, "shell", "-c", ENQUEUE).strip().splitlines()[-1])
        while cluster.primary.value("SELECT status FROM archive_upload WHERE id = %s", (upload,)) != "done":
            time.sleep(0.1)
        elapsed = time.monotonic() - started
        worker_cpu += cpu_seconds([p.pid for p in processes])
        database_cpu += cpu_seconds(server_pids(cluster.primary.datadir))  # new backends count from 0
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=60)
        for log in logs:
            log.close()
    outcomes = dict(
        cluster.primary.query(
            "SELECT outcome, count(*) FROM archive_uploaditem WHERE upload_id = %s GROUP BY 1", (upload,)
        )
    )
    return elapsed, outcomes, worker_cpu, database_cpu


def best_under_target(rows: list[Row]) -> tuple[int, float] | None:
    passing = [(rps, clients) for clients, rps, p95, errors, _ in rows if p95 <= P95_TARGET_MS and not errors]
    if not passing:
        return None
    rps, clients = max(passing)
    return clients, rps


def search_section(args, search: dict[tuple[str, str], list[Row]]) -> list[str]:
    lines = [
        "## Search throughput (p95 ≤ 150 ms)",
        "",
        f"gunicorn: {args.web_workers} processes × {args.threads} threads per setup, both running side by side;"
        f" {args.articles} articles; closed-loop clients over {len(SEARCHES)} queries (`api`: /api/search,"
        f" `page`: the /search/ page with facets and histogram); {args.seconds:g} s per level after"
        f" {args.warmup:g} s warm-up; per level {args.rounds} rounds, alternating which setup goes first; req/s and"
        " p95 over all rounds.",
        "",
        "| kind | setup | clients | req/s | p95 ms | errors | load avg (1, 5, 15 min) |",
        "|---|---|---|---|---|---|---|",
    ]
    for (kind, label), rows in search.items():
        for clients, rps, p95, errors, load in rows:
            lines.append(f"| {kind} | {label} | {clients} | {rps:.1f} | {p95:.0f} | {errors} | {load} |")
    lines += ["", "| kind | setup | best req/s with p95 ≤ 150 ms |", "|---|---|---|"]
    for kind in args.kinds:
        best = {label: best_under_target(search[(kind, label)]) for label in SETUPS}
        for label, value in best.items():
            shown = f"{value[1]:.1f} ({value[0]} clients)" if value else "none met the target"
            lines.append(f"| {kind} | {label} | {shown} |")
        if all(best.values()):
            ratio = best["primary + replica"][1] / best["primary only"][1]
            lines.append(f"| {kind} | **ratio replica / primary only** | **{ratio:.2f}** |")
    return [*lines, ""]


def ingest_section(args, ingest: list[tuple[int, float, dict[str, int], float, float]]) -> list[str]:
    lines = [
        "## Ingest throughput",
        "",
        f"{args.ingest} real posts (FakeKurdNews, 120+ characters) per run, one CSV upload, different posts per run,"
        " runs in the order shown; timed from enqueue to the upload's `done`, workers already started; CPU is"
        " user + system time of the worker processes and of the primary's server processes during the run.",
        "",
        "| workers | seconds | articles/s | worker CPU s | database CPU s | outcomes |",
        "|---|---|---|---|---|---|",
    ]
    for workers, elapsed, outcomes, worker_cpu, database_cpu in ingest:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        lines.append(
            f"| {workers} | {elapsed:.1f} | {args.ingest / elapsed:.1f} | {worker_cpu:.1f} | {database_cpu:.1f}"
            f" | {shown} |"
        )
    rates = {w: [args.ingest / run[1] for run in ingest if run[0] == w] for w in (1, 2)}
    if rates[1] and rates[2]:
        one, two = (sum(rates[w]) / len(rates[w]) for w in (1, 2))
        lines += [
            "",
            f"Mean {one:.1f} vs {two:.1f} articles/s: ratio 2 workers / 1 worker **{two / one:.2f}**.",
        ]
    return [*lines, ""]


def report(args, search, ingest, started_load: str) -> str:
    lines = [
        "# Replicas and parallel workers on one machine (`bench/replica_bench.py`)",
        "",
        f"Command: `.venv/bin/python bench/replica_bench.py --articles {args.articles} --ingest {args.ingest}"
        f" --seconds {args.seconds:g} --rounds {args.rounds}`; {os.cpu_count()} cores shared by everything;"
        f" load average at start {started_load}, at end {load_average()}.",
        "",
    ]
    if search:
        lines += search_section(args, search)
    if ingest:
        lines += ingest_section(args, ingest)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20000, help="search corpus size (bench/corpus.py)")
    parser.add_argument("--ingest", type=int, default=400, help="posts per ingest run")
    parser.add_argument("--seconds", type=float, default=10, help="per turn; each level has 2 × rounds turns")
    parser.add_argument("--warmup", type=float, default=3, help="per turn, not counted")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=lambda s: [int(c) for c in s.split(",")], default=[1, 2, 4, 8])
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per process")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "replicas.md")
    parser.add_argument(
        "--ingest-rounds", type=int, default=2, choices=(1, 2), help="1: 1,2 workers; 2: 1,2,2,1"
    )
    parser.add_argument("--kinds", type=lambda s: s.split(","), default=["api", "page"])
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args(argv)
    bindir = pg_bin()
    if bindir is None:
        raise SystemExit("PostgreSQL server binaries not found (set HAWAL_PG_BIN)")
    started_load = load_average()
    cluster = Cluster(bindir, fast=False)
    try:
        primary = cluster.start_primary()
        manage(django_env(primary), "migrate", "--no-input", timeout=600)
        print(f"primary on {primary.port}; filling {args.articles} articles", flush=True)
        subprocess.run(
            [sys.executable, "bench/corpus.py", "--articles", str(args.articles), "--database-url", primary.url()],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        primary.query("VACUUM ANALYZE")
        replica = cluster.add_replica()
        print(f"replica on {replica.port}", flush=True)
        work = cluster.root
        search = {} if args.skip_search else search_runs(cluster, args, work)
        ingest: list[tuple[int, float, dict[str, int], float, float]] = []
        if not args.skip_ingest:
            for run, workers in enumerate((1, 2, 2, 1)[: 2 * args.ingest_rounds]):
                measured = ingest_run(cluster, workers, run * args.ingest, args.ingest, work, run)
                ingest.append((workers, *measured))
                print(f"ingest, {workers} worker(s): {measured[0]:.1f} s, {args.ingest / measured[0]:.1f} articles/s,"
                      f" CPU {measured[2]:.1f} s workers + {measured[3]:.1f} s database, {measured[1]},"
                      f" load {load_average()}", flush=True)  # fmt: skip
        text = report(args, search, ingest, started_load)
        args.output.write_text(text, encoding="utf-8")
        print(text)
    finally:
        cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
