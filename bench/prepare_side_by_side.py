"""A worker's CPU an article in this checkout and in another one, measured at the same time, core by core.

This VM's speed swings by a fifth to a third within minutes, and its two vCPUs can differ by 16 % for
minutes too, so runs one after the other (or side by side on whichever core the scheduler picks) compare
the VM's moods, not the code. Here the two checkouts' preparation runs at once, each process pinned to
one core, and every round swaps the cores. Each process warms up as an import's worker does
(`prepare.start_worker()`, then WARM articles), then times MEASURED more (CPU time):

    .venv/bin/python bench/prepare_side_by_side.py --checkout ../old [--rounds 4] [--warm 3000] [--measured 4000]

It prints each round and the geometric mean of this/other with its standard error. Both checkouts run
with this venv. Stop 30 measured a change with 9 % fewer instructions (`prepare_instructions.py`) at
0.98 ± 0.03 here (BENCHMARKS.md, ingest): quote both. Needs two cores and ../shared/data; ≈ 50 s a round.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

CHILD = """
import json, os, sys, time
sys.path.insert(0, ".")
path, warm, cpu = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.sched_setaffinity(0, {cpu})
from archive.ingest.prepare import prepare_payload, start_worker
with open(path, encoding="utf-8") as lines:
    rows = [json.loads(line) for line in lines]
start_worker()
for row in rows[:warm]:
    prepare_payload((row["body"], row["title"], row["published"]))
started = time.process_time()
for row in rows[warm:]:
    prepare_payload((row["body"], row["title"], row["published"]))
print(json.dumps((time.process_time() - started) / (len(rows) - warm) * 1000))
"""


def main() -> None:
    import ingest_bench

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checkout", type=Path, required=True, help="the other source tree")
    parser.add_argument(
        "--rounds", type=int, default=4, help="an even number: each tree as often on each core"
    )
    parser.add_argument("--warm", type=int, default=3000)
    parser.add_argument("--measured", type=int, default=4000)
    args = parser.parse_args()
    if len(os.sched_getaffinity(0)) < 2:
        raise SystemExit("needs two cores")
    trees = {"this": REPO, "other": args.checkout.resolve()}
    with tempfile.TemporaryDirectory() as folder:
        ingest_bench.write_articles(Path(folder), args.warm + args.measured)
        articles = Path(folder) / "articles.jsonl"
        with open(articles, "w", encoding="utf-8") as out:
            for name in sorted(Path(folder).glob("batch-*.jsonl")):
                out.write(name.read_text(encoding="utf-8"))
        ratios = []
        for round_ in range(args.rounds):
            order = ("this", "other") if round_ % 2 == 0 else ("other", "this")  # on cores 0 and 1
            children = {
                tree: subprocess.Popen(
                    [sys.executable, "-c", CHILD, str(articles), str(args.warm), str(cpu)],
                    cwd=trees[tree],
                    env={**os.environ, "SECRET_KEY": "bench"},
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for cpu, tree in enumerate(order)
            }
            ms = {tree: json.loads(child.communicate()[0]) for tree, child in children.items()}
            ratios.append(ms["this"] / ms["other"])
            print(
                f"round {round_ + 1}: "
                + ", ".join(f"{tree} on core {cpu} {ms[tree]:.3f}" for cpu, tree in enumerate(order))
                + f" ms an article; this/other {ratios[-1]:.3f}",
                flush=True,
            )
    logs = [math.log(r) for r in ratios]
    error = statistics.stdev(logs) / math.sqrt(len(logs)) if len(logs) > 1 else float("nan")
    print(f"this/other: geometric mean {math.exp(statistics.mean(logs)):.3f} (standard error ≈ {error:.3f})")


if __name__ == "__main__":
    main()
