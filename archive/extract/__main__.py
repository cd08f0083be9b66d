"""Command line: tag a CoNLL file, or extract an article to JSON.

python -m archive.extract tag < file.conll
    prints ``token<TAB>tag`` per line, with the input's sentence breaks (a blank line after each
    sentence; a sentence ends at a blank line or at a line `. O`; columns after the first are ignored).
python -m archive.extract json [--published YYYY-MM-DD] < article.txt
    prints the entities (kind, name, key, aliases, mentions with offsets), the date mentions
    (value, precision, offsets) and the inferred publication date.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import sys
from typing import Any, TextIO

from archive.extract import VERSION, extract
from archive.extract.ner import SENTENCE_END, tag_sentence


def tag_conll(source: TextIO, out: TextIO) -> None:
    """Tag every sentence of a CoNLL stream and write ``token<TAB>tag`` lines.

    Blank lines are copied where the input has them, so the output keeps the input's sentence breaks.
    """
    tokens: list[str] = []

    def flush() -> None:
        for token, tag in zip(tokens, tag_sentence(tokens), strict=True):
            out.write(f"{token}\t{tag}\n")
        tokens.clear()

    for raw in source:
        line = raw.strip()
        if not line:
            flush()
            out.write("\n")
            continue
        cols = line.split()
        tokens.append(cols[0])
        if cols[0] == SENTENCE_END and (len(cols) == 1 or cols[-1] == "O"):
            flush()
    flush()


def extraction_json(text: str, published: datetime.date | None) -> dict[str, Any]:
    """The JSON-ready form of ``extract(text, published)``."""
    result = extract(text, published=published)
    inferred = result.published
    return {
        "version": VERSION,
        "entities": [
            {
                "kind": e.kind,
                "name": e.name,
                "key": e.key,
                "aliases": list(e.aliases),
                "mentions": [{"start": m.start, "end": m.end, "surface": m.surface} for m in e.mentions],
            }
            for e in result.entities
        ],
        "dates": [
            {
                "start": d.start,
                "end": d.end,
                "surface": d.surface,
                "value": d.value.isoformat(),
                "precision": d.precision,
                "relative": d.relative,
            }
            for d in result.dates
        ],
        "published": None
        if inferred is None
        else {
            "value": inferred.value.isoformat(),
            "precision": inferred.precision,
            "inferred": True,
            "evidence": inferred.evidence,
            "start": inferred.start,
            "end": inferred.end,
        },
        "published_given": published.isoformat() if published else None,
    }


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archive.extract", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tag", help="read CoNLL on stdin, print token<TAB>predicted tag")
    js = sub.add_parser("json", help="read an article on stdin, print entities and dates as JSON")
    js.add_argument("--published", type=_date, default=None, help="publication date, YYYY-MM-DD")
    args = parser.parse_args(argv)
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    try:
        if args.command == "tag":
            tag_conll(stdin, stdout)
        else:
            payload = extraction_json(stdin.read(), args.published)
            stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    finally:
        stdout.flush()
        stdout.detach()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
