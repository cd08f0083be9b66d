"""Speed and memory of archive.text: raw text to terms over 1 MB of real Sorani news, and a streamed
100 MB input to show memory stays flat.

Run from the repository root: ``.venv/bin/python bench/text_speed.py [--runs 5] [--stream-mb 100] [--no-lucene]``.
Lucene's SoraniAnalyzer is timed on the same sample when Java and Debian's liblucene8-java are there
(installed with apt-get by bench/lucene/lucene_sorani.py when running as root).
The text is read from ../shared/data (Interdialect + FakeKurdNews) at run time, never stored here.

What is timed, on both sides, is CPU time of the analysing thread over the whole sample, with the
analyzer already built: for us, ``import archive.text`` and loading the word list are done (and
reported separately), for Lucene the JVM is up and ``new SoraniAnalyzer()`` is done. The *cold* number
is the first pass in a fresh process (every per-word cache empty; Lucene's first round, JIT warm-up
included); it is measured in ``--runs`` fresh processes (JVMs) and the best and median are printed,
since one cold pass is a single sample on a shared machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "lucene"))

_IMPORT_STARTED = time.process_time()
from archive import text  # noqa: E402
from archive.text import lexicon  # noqa: E402
from archive.text.analyze import TOKEN_RE  # noqa: E402

_IMPORT_SECONDS = time.process_time() - _IMPORT_STARTED

import lucene_sorani  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def real_lines() -> list[str]:
    lines = (DATA / "interdialect_ckb" / "CKB-KMR_ckb_no_tag.txt").read_text(encoding="utf-8").splitlines()
    csv.field_size_limit(1 << 30)
    with (DATA / "fakekurdnews" / "real-5000.csv").open(encoding="utf-8", newline="") as handle:
        lines.extend(row["text"] for row in csv.DictReader(handle))
    return lines


def one_megabyte(lines: list[str]) -> str:
    out: list[str] = []
    size = 0
    for line in lines:
        out.append(line)
        size += len(line.encode("utf-8")) + 1
        if size >= 1_000_000:
            break
    return "\n".join(out)


def stream(lines: list[str], megabytes: int) -> Iterator[str]:
    size = 0
    while size < megabytes * 1_000_000:
        for line in lines:
            yield line
            size += len(line.encode("utf-8")) + 1


def _pass(sample: str, api: str) -> float:
    """CPU seconds of one pass over ``sample`` with ``text.terms`` or ``text.analyze``."""
    started = time.process_time()
    if api == "terms":
        text.terms(sample)
    else:
        for _ in text.analyze(sample):
            pass
    return time.process_time() - started


def cold_once(api: str) -> None:
    """In this fresh process: load the word list, then time the first pass (printed as JSON)."""
    sample = one_megabyte(real_lines())
    started = time.process_time()
    lexicon.entries()
    load = time.process_time() - started
    print(json.dumps({"import": _IMPORT_SECONDS, "load": load, "cold": _pass(sample, api)}))


def cold_runs(api: str, runs: int, lexicon_path: Path | None) -> list[dict[str, float]]:
    command = [sys.executable, __file__, "--cold-once", api]
    if lexicon_path:
        command += ["--lexicon", str(lexicon_path)]
    return [
        json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)
        for _ in range(runs)
    ]


def rate(words: int, seconds: list[float]) -> str:
    return f"best {words / min(seconds):,.0f}, median {words / median(seconds):,.0f} words/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stream-mb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes (and JVMs) for the cold pass")
    parser.add_argument("--no-lucene", action="store_true", help="skip the Lucene side-by-side")
    parser.add_argument(
        "--lexicon", type=Path, help="use another word list (e.g. built without the sample's corpus)"
    )
    parser.add_argument("--cold-once", choices=("terms", "analyze"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.lexicon:
        lexicon.LEXICON_PATH = args.lexicon
    if args.cold_once:
        cold_once(args.cold_once)
        return
    lines = real_lines()
    sample = one_megabyte(lines)
    words = len(TOKEN_RE.findall(sample))
    print(
        f"archive.text VERSION {text.VERSION}; sample {len(sample.encode('utf-8')):,} bytes of real text, {words:,} words"
    )
    print(f"import archive.text (once per process): {_IMPORT_SECONDS * 1000:.0f} ms CPU")
    cold = cold_runs("terms", args.runs, args.lexicon)
    loads = [run["load"] for run in cold]
    print(
        f"word list load (once per process): {len(lexicon.entries())} words, {min(loads) * 1000:.1f} ms CPU (best)"
    )
    seconds = [run["cold"] for run in cold]
    print(f"terms(), cold (first pass in a fresh process, {args.runs} processes): {rate(words, seconds)}")
    with_load = [run["cold"] + run["load"] for run in cold]
    print(f"terms(), cold including the word list load: {rate(words, with_load)}")
    lexicon.entries()
    _pass(sample, "terms")
    warm = [_pass(sample, "terms") for _ in range(5)]
    print(f"terms(), warm (later passes, per-word cache filled): {rate(words, warm)}")
    cold_analyze = [run["cold"] for run in cold_runs("analyze", args.runs, args.lexicon)]
    print(f"analyze() with Token objects and offsets, cold: {rate(words, cold_analyze)}")
    warm_analyze = [_pass(sample, "analyze") for _ in range(5)]
    print(f"analyze() with Token objects and offsets, warm: {rate(words, warm_analyze)}")
    if not args.no_lucene:
        if lucene_sorani.available():
            rounds = [lucene_sorani.lucene_seconds(sample) for _ in range(args.runs)]
            firsts = [r[0] for r in rounds]
            later = [s for r in rounds for s in r[1:]]
            print(
                f"Lucene SoraniAnalyzer, same sample, {args.runs} JVMs x 3 rounds: first round "
                f"{rate(words, firsts)}; later rounds {rate(words, later)}"
            )
            print(
                f"ratio archive.text cold / Lucene first round (medians): {median(firsts) / median(seconds):.2f}"
            )
            print(
                f"ratio archive.text warm / Lucene later rounds (medians): {median(later) / median(warm):.2f}"
            )
        else:
            print("Lucene side-by-side skipped: Java or Debian liblucene8-java not available")
    if args.stream_mb:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.process_time()
        count = 0
        checkpoints: list[str] = []
        for i, line in enumerate(stream(lines, args.stream_mb)):
            count += len(text.terms(line))
            if i % 200_000 == 0:
                checkpoints.append(f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"streamed {args.stream_mb} MB line by line: {count:,} terms in {time.process_time() - started:.1f}s; "
            f"max RSS {rss_before // 1024} MB before, {rss_after // 1024} MB after "
            f"(checkpoints: {', '.join(checkpoints)})"
        )
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"load average at the end: {' '.join(load)}")


if __name__ == "__main__":
    main()
