"""Snippet cost per search hit: the (article body, query terms) pairs of the bench searches' first pages,
each made into a snippet (`archive.search.snippets.make_snippet`), CPU time per snippet.

    .venv/bin/python bench/snippet_bench.py --database-url postgres://postgres@127.0.0.1:5432/hawal_bench

The pairs are collected once from `run_search` over `search_bench.py`'s query sets (same seed), then timed
in-process without the database: all of them, those whose terms occur in the text as written ("plain"),
and those that take the loose-form path (the terms found only after folding spellings). `--digest` also
prints a SHA-256 of every snippet and of the highlights of each text's first 3,000 characters, to compare
two checkouts' output. `--instructions` counts them in machine instructions instead (valgrind, no cache
simulation: repeatable whatever else the VM does), for this checkout and, with `--checkout OTHER`, for
another one on the same pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_bench  # (this directory is on the path above)


def collect(database_url: str, per_type: int, seed: int) -> list[tuple[str, frozenset[str]]]:
    """The (body, terms) of every hit on the first page of each bench query."""
    search_bench.setup_django(database_url)
    from django.db import connection, transaction

    from archive.search import snippets
    from archive.search.postgres import run_search

    with connection.cursor() as cursor:
        _, sets = search_bench.query_sets(cursor, per_type, seed)
    pairs: list[tuple[str, frozenset[str]]] = []
    original = snippets._first_spans

    def recording(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
        pairs.append((text, terms))
        return original(text, terms)

    snippets._first_spans = recording
    try:
        with transaction.atomic():
            for queries in sets.values():
                for query in queries:
                    run_search(query.text, sort=query.sort, per_page=20, with_facets=query.with_facets)
    finally:
        snippets._first_spans = original
    return pairs


def per_snippet_us(pairs: list[tuple[str, frozenset[str]]], rounds: int) -> float:
    from archive.search.snippets import make_snippet

    for text, terms in pairs:  # warm the analyzer's caches
        make_snippet(text, terms)
    started = time.process_time()
    for _ in range(rounds):
        for text, terms in pairs:
            make_snippet(text, terms)
    return (time.process_time() - started) / rounds / max(1, len(pairs)) * 1e6


def digest(pairs: list[tuple[str, frozenset[str]]]) -> str:
    from archive.search.snippets import make_snippet
    from archive.text.analyze import highlight

    sha = hashlib.sha256()
    for text, terms in pairs:
        snippet = make_snippet(text, terms)
        sha.update(repr((snippet.text, snippet.start, snippet.marks, snippet.clipped_start)).encode())
        sha.update(repr((snippet.clipped_end, highlight(text[:3000], terms))).encode())
    return sha.hexdigest()


# Makes a snippet of every pair, `passes` times, in the checkout given (no database: snippets are pure).
_DRIVER = """
import pickle, sys
sys.path.insert(0, sys.argv[1])
from archive.search.snippets import make_snippet
with open(sys.argv[2], "rb") as saved:
    pairs = pickle.load(saved)
for _ in range(int(sys.argv[3])):
    for text, terms in pairs:
        make_snippet(text, terms)
"""


def instructions_per_snippet(checkout: Path, saved: Path, count: int) -> float:
    """Instructions of one warm snippet: runs of 3 and of 1 pass under cachegrind, the difference / 2."""
    from prepare_instructions import python_instructions

    def run(passes: int) -> int:
        return python_instructions(checkout, _DRIVER, str(checkout), str(saved), str(passes))

    return (run(3) - run(1)) / 2 / max(1, count)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--per-type", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--digest", action="store_true", help="also print a digest of every snippet")
    parser.add_argument(
        "--instructions", action="store_true", help="instructions per snippet (valgrind) instead of time"
    )
    parser.add_argument("--checkout", type=Path, help="with --instructions: another checkout, same pairs")
    args = parser.parse_args()
    pairs = collect(args.database_url, args.per_type, args.seed)
    if args.instructions:
        with tempfile.TemporaryDirectory() as folder:
            saved = Path(folder) / "pairs.pickle"
            saved.write_bytes(pickle.dumps(pairs))
            for checkout in (Path(__file__).resolve().parents[1], args.checkout):
                if checkout is not None:
                    per = instructions_per_snippet(checkout.resolve(), saved, len(pairs))
                    print(f"{checkout}: {per / 1000:,.1f} k instructions per snippet (warm)")
        return
    plain = [(text, terms) for text, terms in pairs if any(t and t in text for t in terms)]
    loose = [(text, terms) for text, terms in pairs if not any(t and t in text for t in terms)]
    length = sum(len(text) for text, _ in pairs) / max(1, len(pairs))
    print(
        f"{len(pairs)} snippets ({len(plain)} plain, {len(loose)} loose-form), {length:,.0f} characters each"
    )
    for name, group in (("all", pairs), ("plain", plain), ("loose-form", loose)):
        print(f"{name:11s} {per_snippet_us(group, args.rounds):7.1f} µs per snippet (CPU)")
    if args.digest:
        print("digest", digest(pairs))


if __name__ == "__main__":
    from cpu_reference import stamp

    stamp("start")
    main()
    stamp("end")
