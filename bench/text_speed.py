"""Speed and memory of archive.text: raw text to terms over 1 MB of real Sorani news, and a streamed
100 MB input to show memory stays flat.

Run from the repository root: ``.venv/bin/python bench/text_speed.py [--stream-mb 100] [--no-lucene]``.
Lucene's SoraniAnalyzer is timed on the same sample when Java and Debian's liblucene8-java are there
(installed with apt-get by bench/lucene/lucene_sorani.py when running as root).
The text is read from ../shared/data (Interdialect + FakeKurdNews) at run time, never stored here.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "lucene"))

import lucene_sorani  # noqa: E402

from archive import text  # noqa: E402
from archive.text import lexicon  # noqa: E402
from archive.text.analyze import TOKEN_RE, word_terms  # noqa: E402

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


def measure(sample: str, label: str) -> float:
    words = len(TOKEN_RE.findall(sample))
    started = time.process_time()
    found = text.terms(sample)
    elapsed = time.process_time() - started
    rate = words / elapsed
    print(f"{label}: {words} words, {len(found)} terms in {elapsed:.3f}s = {rate:,.0f} words/s")
    return rate


def stream(lines: list[str], megabytes: int) -> Iterator[str]:
    size = 0
    while size < megabytes * 1_000_000:
        for line in lines:
            yield line
            size += len(line.encode("utf-8")) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stream-mb", type=int, default=100)
    parser.add_argument("--no-lucene", action="store_true", help="skip the Lucene side-by-side")
    parser.add_argument(
        "--lexicon", type=Path, help="use another word list (e.g. built without the sample's corpus)"
    )
    args = parser.parse_args()
    if args.lexicon:
        lexicon.LEXICON_PATH = args.lexicon
    lines = real_lines()
    sample = one_megabyte(lines)
    print(f"archive.text VERSION {text.VERSION}; sample {len(sample.encode('utf-8')):,} bytes of real text")
    started = time.process_time()
    loaded = len(lexicon._entries())
    print(f"lexicon load (once per process): {loaded} words in {time.process_time() - started:.3f}s")
    word_terms.cache_clear()
    cold = measure(sample, "cold cache (first pass, fresh per-word caches)")
    warm = measure(sample, "warm cache (second pass)")
    analyzed = sum(1 for _ in text.analyze(sample))
    started = time.process_time()
    analyzed = sum(1 for _ in text.analyze(sample))
    print(f"analyze() with Token objects (warm): {analyzed / (time.process_time() - started):,.0f} words/s")
    if not args.no_lucene:
        if lucene_sorani.available():
            words = len(TOKEN_RE.findall(sample))
            rounds = lucene_sorani.lucene_seconds(sample)
            rates = ", ".join(f"{words / r:,.0f}" for r in rounds)
            print(
                f"Lucene SoraniAnalyzer, same sample, three rounds in one JVM (first includes JIT): {rates} words/s"
            )
            print(f"ratio archive.text cold / Lucene first round: {cold / (words / rounds[0]):.2f}")
            print(f"ratio archive.text warm / Lucene best round: {warm / (words / min(rounds)):.2f}")
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


if __name__ == "__main__":
    main()
