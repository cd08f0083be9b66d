"""End-to-end ingest throughput: real Sorani sentences assembled into articles, imported with
`manage.py import_articles` (decode → analysis → extraction → indexing → commit), timed, with peak memory.

    .venv/bin/python bench/ingest_bench.py --articles 5000 \
        --database-url postgres://postgres@127.0.0.1:5432/hawal_ingest_bench [--gin-only] [--batch 64] [--jobs 2]

The articles are synthetic (marked as such in the title) but every sentence is real news text from
../shared/data; they are written as JSON Lines files of 200 articles, so the importer's memory stays flat.
The database is dropped and re-created (it must not be named hawal or test_hawal). On a server with the
`rum` extension the migrations create two RUM indexes on the search vector, which every insert updates;
`--gin-only` drops them after migrating, to measure what a server without `rum` does. Besides wall time the
script reports the CPU time of the importer and its worker processes per article (PostgreSQL's own CPU
is not included) and the load average before and after, since the machine is shared.

`--stages N` instead measures, in this process and without a database, what preparing one article costs
per stage (the work of an import's worker processes), on N articles after warming the caches on 3,000:

    .venv/bin/python bench/ingest_bench.py --stages 1000
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
OUTLETS = ["Rudaw", "Kurdistan24", "NRT", "KNN", "Speda", "Kurdsat", "Esta", "Payam", "Draw", "Hawlati"]


def real_sentences() -> list[str]:
    sentences = []
    sentences += (
        (SHARED / "interdialect_ckb" / "CKB-KMR_ckb_no_tag.txt").read_text(encoding="utf-8").splitlines()
    )
    for split in ("train", "val"):
        words = []
        for line in (SHARED / "agackner" / f"{split}.conll").read_text(encoding="utf-8").splitlines():
            token = line.split(" ")[0] if line.strip() else ""
            if token:
                words.append(token)
            if token == ".":
                sentences.append(" ".join(words))
                words = []
    with open(SHARED / "fakekurdnews" / "real-5000.csv", encoding="utf-8") as posts:
        sentences += [row["text"] for row in csv.DictReader(posts)]
    return [s.strip() for s in sentences if len(s.split()) >= 5]


def write_articles(folder: Path, count: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    pool = real_sentences()
    words = 0
    start = datetime.date(2012, 1, 1)
    for batch in range(0, count, 200):
        with open(folder / f"batch-{batch // 200:05d}.jsonl", "w", encoding="utf-8") as out:
            for n in range(batch, min(batch + 200, count)):
                body = " ".join(rng.sample(pool, rng.randint(8, 22)))
                words += len(body.split())
                day = start + datetime.timedelta(days=rng.randint(0, 5000))
                out.write(
                    json.dumps(
                        {
                            "title": f"[synthetic {n}] " + body.split("،")[0][:90],
                            "body": body,
                            "published": day.isoformat(),
                            "source": rng.choice(OUTLETS),
                            "url": f"https://example.org/synthetic/{n}",
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    return words


def stage_costs(count: int, warm: int = 3000) -> None:
    """CPU per article of each stage of `prepare_article`, after `warm` articles filled the caches."""
    import pickle

    sys.path.insert(0, str(REPO))
    import archive.text as text
    from archive.ingest import neardup
    from archive.ingest.prepare import content_hash, prepare_payload, run_extractor, validate_draft
    from archive.search.document import document_fields, document_vectors

    with tempfile.TemporaryDirectory() as folder:
        write_articles(Path(folder), warm + count)
        rows = [
            json.loads(line)
            for name in sorted(Path(folder).iterdir())
            for line in name.read_text(encoding="utf-8").splitlines()
        ]
    for row in rows[:warm]:
        prepare_payload((row["body"], row["title"], row["published"]))
    stages = dict.fromkeys(("normalise", "extract", "vectors", "hash", "simhash", "pickle"), 0.0)
    clock = time.process_time
    for row in rows[warm:]:
        started = clock()
        body, title = validate_draft(row["body"], row["title"])
        normalized = text.normalize(body)
        after_normalise = clock()
        found, _ = run_extractor(body, datetime.date.fromisoformat(row["published"]))
        after_extract = clock()
        document_vectors(document_fields(title, body, sorted({e.name for e in found.entities})))
        after_vectors = clock()
        content_hash(body, normalized=normalized)
        after_hash = clock()
        neardup.simhash(normalized, normalized=True)
        after_simhash = clock()
        prepared = prepare_payload((row["body"], row["title"], row["published"]))
        before_pickle = clock()
        pickle.loads(pickle.dumps(prepared))  # a worker's dumps and the importer's loads
        stages["pickle"] += clock() - before_pickle
        stages["normalise"] += after_normalise - started
        stages["extract"] += after_extract - after_normalise
        stages["vectors"] += after_vectors - after_extract
        stages["hash"] += after_hash - after_vectors
        stages["simhash"] += after_simhash - after_hash
    for name, seconds in stages.items():
        print(f"{name:10s} {seconds / count * 1000:6.3f} ms/article")
    print(
        f"{'total':10s} {sum(stages.values()) / count * 1000:6.3f} ms/article (load {os.getloadavg()[0]:.2f})"
    )


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    if name in {"hawal", "test_hawal", "postgres"}:
        sys.exit(f"refusing to drop database {name!r}")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_rum_indexes(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'archive_article' AND indexdef LIKE '%% USING rum %%'"
            )
        ]
        for name in names:
            conn.execute(f'DROP INDEX "{name}"')
    return names


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Sampler:
    """Runs `_run` in a thread for the length of a `with` block (it samples until `self.stop` is set)."""

    def __init__(self) -> None:
        import threading

        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


class BackendCPU(_Sampler):
    """CPU time of the database's backends while the import runs (sampled from /proc, so only for a server
    on this machine that we may read; None otherwise). WAL writer, checkpointer and autovacuum not included."""

    def __init__(self, url: str):
        super().__init__()
        self.url, self.seen, self.readable = url, {}, True

    def _run(self) -> None:
        import psycopg

        name = self.url.rsplit("/", 1)[1].split("?")[0]
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.wait(0.2):
                pids = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
                ).fetchall()
                for (pid,) in pids:
                    try:
                        self.seen[pid] = _cpu(pid)
                    except PermissionError:
                        self.readable = False
                    except (OSError, ValueError, IndexError):
                        pass  # the backend ended between listing and reading: keep its last sample

    @property
    def seconds(self) -> float | None:
        return sum(self.seen.values()) if self.readable and self.seen else None


class ProcessCPU(_Sampler):
    """CPU time of the import command's own process and of its children (the preparing workers), sampled
    from /proc while it runs, to show which side an article's CPU goes to."""

    def __init__(self, pid: int):
        super().__init__()
        self.pid, self.own, self.children = pid, 0.0, {}

    def _run(self) -> None:
        while not self.stop.wait(0.2):
            try:
                self.own = _cpu(self.pid)
                kids = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
            except (OSError, ValueError, IndexError):
                return  # the import has ended: keep the last samples
            for kid in kids:
                try:
                    self.children[int(kid)] = _cpu(int(kid))
                except (OSError, ValueError, IndexError):
                    pass


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--database-url")
    parser.add_argument("--stages", type=int, metavar="N", help="per-stage preparation cost instead")
    parser.add_argument("--jobs", type=int, help="import_articles --jobs (default: its own, all cores)")
    parser.add_argument("--batch", type=int, help="import_articles --batch (default: its own)")
    parser.add_argument("--gin-only", action="store_true", help="drop RUM indexes before importing")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="import with DEBUG=1 (stops 1-26 measured so) instead of as production",
    )
    args = parser.parse_args()
    if args.stages:
        stage_costs(args.stages)
        return
    if not args.database_url:
        parser.error("--database-url is required")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # As production runs it: DEBUG off (no debug cursor keeping and formatting every query).
        "DEBUG": "1" if args.debug else "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "ingest-bench-throwaway-key",
    }
    recreate_database(args.database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    dropped = drop_rum_indexes(args.database_url) if args.gin_only else []
    options = []
    if args.jobs:
        options += ["--jobs", str(args.jobs)]
    if args.batch:
        options += ["--batch", str(args.batch)]
    with tempfile.TemporaryDirectory() as folder:
        words = write_articles(Path(folder), args.articles)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_before = os.getloadavg()
        started = time.perf_counter()
        with BackendCPU(args.database_url) as backends:
            importer = subprocess.Popen(
                [sys.executable, "manage.py", "import_articles", folder, *options], cwd=REPO, env=env
            )
            with ProcessCPU(importer.pid) as split:
                if importer.wait():
                    raise SystemExit(f"import_articles failed with exit status {importer.returncode}")
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_mb = after.ru_maxrss / 1024
    print(
        f"options: {' '.join(options) or 'defaults'}; DEBUG={env['DEBUG']}; RUM indexes dropped: {', '.join(dropped) or 'none'}\n"
        f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}; after: {' '.join(f'{x:.2f}' for x in load_after)}\n"
        f"articles: {args.articles}  words: {words} ({words / args.articles:.0f}/article)\n"
        f"import: {elapsed:.1f} s = {args.articles / elapsed:.1f} articles/s, {words / elapsed:,.0f} words/s end to end\n"
        f"CPU of importer + workers: {cpu:.1f} s = {cpu / args.articles * 1000:.1f} ms/article"
        f" (sampled: importer {split.own / args.articles * 1000:.2f},"
        f" workers {sum(split.children.values()) / args.articles * 1000:.2f})\n"
        + (
            f"CPU of its PostgreSQL backends: {backends.seconds:.1f} s = {backends.seconds / args.articles * 1000:.1f} ms/article\n"
            if backends.seconds is not None
            else "CPU of its PostgreSQL backends: not readable here\n"
        )
        + f"peak RSS of the importer or a worker: {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    from cpu_reference import stamp

    stamp("start")
    main()
    stamp("end")
