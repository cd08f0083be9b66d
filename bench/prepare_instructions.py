"""A worker's preparation of one article in machine instructions (valgrind), not in seconds.

This VM's clock speed swings by a fifth to a third within minutes (BENCHMARKS.md, ingest), so a change
worth 2-5 % of a worker's CPU cannot be seen in timed runs. Instructions executed are the same from run
to run (with PYTHONHASHSEED fixed), whatever else the machine does, so this compares checkouts exactly:

    .venv/bin/python bench/prepare_instructions.py                      # this checkout
    .venv/bin/python bench/prepare_instructions.py --checkout ../old     # another one (same venv)

It prints two numbers, each the difference of two runs under `valgrind --tool=cachegrind` (so start-up
and imports cancel out):
- warm: a second pass over the same articles (every word already in the caches: the bench import's
  steady state, whose articles are drawn from a fixed pool of sentences);
- fresh: articles FRESH_FROM+1 … FRESH_FROM+FRESH_COUNT of a new process (new words still arriving, as
  in real news).

Instructions are not time (memory stalls and branch misses count for nothing here), so quote both: the
instructions to show a change is real, the timed runs to show what it is worth. Needs valgrind (Debian's
`valgrind` package) and ../shared/data; about 5 minutes a checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

# Prepares the first COUNT articles of the file, PASSES times over.
DRIVER = """
import json, sys
sys.path.insert(0, ".")
from archive.ingest.prepare import prepare_payload
path, count, passes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, encoding="utf-8") as lines:
    rows = [json.loads(line) for line in lines][:count]
for _ in range(passes):
    for row in rows:
        prepare_payload((row["body"], row["title"], row["published"]))
"""


def instructions(checkout: Path, articles: Path, count: int, passes: int) -> int:
    """Instructions of one run of DRIVER under cachegrind (no cache simulation: the count only)."""
    return python_instructions(checkout, DRIVER, str(articles), str(count), str(passes))


def python_instructions(checkout: Path, code: str, *args: str) -> int:
    """Instructions of `python -c code args…` run in `checkout` under cachegrind (the count only)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "SECRET_KEY": "bench"}
    valgrind = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")
    run = subprocess.run(
        [*valgrind, sys.executable, "-c", code, *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=REPO, help="the tree to measure (default: this one)")
    parser.add_argument("--warm", type=int, default=300, help="articles of the warm passes")
    parser.add_argument("--fresh-from", type=int, default=500, help="articles prepared before the fresh ones")
    parser.add_argument("--fresh-count", type=int, default=200, help="fresh articles measured")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    from ingest_bench import write_articles  # needs ../shared/data

    checkout = args.checkout.resolve()
    with tempfile.TemporaryDirectory() as folder:
        needed = max(args.warm, args.fresh_from + args.fresh_count)
        write_articles(Path(folder), needed)
        articles = Path(folder) / "all.jsonl"
        with articles.open("w", encoding="utf-8") as out:
            for name in sorted(Path(folder).glob("batch-*.jsonl")):
                out.write(name.read_text(encoding="utf-8"))
        rows = sum(1 for _ in articles.open(encoding="utf-8"))
        assert rows >= needed, (rows, needed)
        one = instructions(checkout, articles, args.warm, 1)
        two = instructions(checkout, articles, args.warm, 2)
        before = instructions(checkout, articles, args.fresh_from, 1)
        after = instructions(checkout, articles, args.fresh_from + args.fresh_count, 1)
    print(
        json.dumps(
            {
                "checkout": str(checkout),
                "warm_minstr_per_article": round((two - one) / args.warm / 1e6, 3),
                "fresh_minstr_per_article": round((after - before) / args.fresh_count / 1e6, 3),
                "fresh_articles": f"{args.fresh_from + 1}-{args.fresh_from + args.fresh_count}",
            }
        )
    )


if __name__ == "__main__":
    main()
