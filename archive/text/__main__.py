"""Command line: ``python -m archive.text analyze|stem|normalize < input``.

- ``analyze``: one token per line, ``start<TAB>end<TAB>surface<TAB>terms`` (terms space-separated,
  empty for a stopword); offsets are code-point indices into the whole input as read.
- ``stem``: for each input line, ``line<TAB>terms``.
- ``normalize``: the normalised text, one output line per input line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from archive.text import analyze, normalize, terms


def analyze_lines(stream: Iterable[str]) -> Iterator[str]:
    """Tokens of a stream line by line, with offsets into the whole stream (memory stays flat)."""
    offset = 0
    for line in stream:
        for token in analyze(line):
            yield f"{offset + token.start}\t{offset + token.end}\t{token.surface}\t{' '.join(token.terms)}"
        offset += len(line)


def stem_lines(stream: Iterable[str]) -> Iterator[str]:
    for line in stream:
        word = line.rstrip("\r\n")
        yield f"{word}\t{' '.join(terms(word))}"


def normalize_lines(stream: Iterable[str]) -> Iterator[str]:
    for line in stream:
        yield normalize(line.rstrip("\r\n"))


COMMANDS = {"analyze": analyze_lines, "stem": stem_lines, "normalize": normalize_lines}


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archive.text", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    args = parser.parse_args(argv)
    source = stdin if stdin is not None else sys.stdin
    sink = stdout if stdout is not None else sys.stdout
    if stdin is None:
        # keep "\r" and exotic line breaks inside lines so offsets match the input as read
        source = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", newline="", closefd=False)
    if stdout is None:
        sink = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="\n", closefd=False)
    for out_line in COMMANDS[args.command](source):
        sink.write(out_line + "\n")
    sink.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
