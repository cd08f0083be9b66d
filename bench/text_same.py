"""Check that two checkouts of archive.text give identical output: tokens (offsets, surface, terms,
position), ``terms``, ``normalize``, ``highlight`` and every per-word function, over every text in
../shared/data plus generated variants of it (Arabic-keyboard spellings, invisible characters,
presentation forms, Eastern digits, extra suffixes and prepositions) — about 50 MB of input.

Run from the repository root, against a reference copy of an older archive/text, e.g.:
    mkdir -p /tmp/ref && git archive HEAD archive/text | tar -x -C /tmp/ref && touch /tmp/ref/archive/__init__.py
    .venv/bin/python bench/text_same.py --reference /tmp/ref [--target-mb 50]
Each side runs in its own process (``dump``) and writes one digest per input line and one row per
distinct word; the two files are then compared and the first differences printed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import random
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Arabic-keyboard and legacy spellings of Sorani letters (one of the choices at random).
_SPELLINGS = {
    "ی": ("ي", "ى", "ے", "ی"),
    "ک": ("ك", "ڪ", "ک"),
    "ە": ("ه\u200c", "ه", "ة", "ە"),
    "ڕ": ("ر", "ڒ", "ڕ"),
    "ڵ": ("ل", "ڶ", "ڵ"),
    "ۆ": ("ۆ", "ۅ", "ؤ", "و\u065a"),
    "ێ": ("ێ", "ی\u065a", "ي\u065b"),
    "ئ": ("ئ", "أ", "إ", "ی\u0654"),
    "ھ": ("ھ", "هـ"),
}
_INVISIBLE = (
    "\u200c",
    "\u200d",
    "\u200f",
    "\u00ad",
    "\u0640",
    "\u064e",
    "\u0650",
    "\u0670",
    "\ufeff",
    "\u2060",
)
_SPACES = ("\u00a0", "\u2009", "\u202f", " ")
_SUFFIX_CHAINS = (
    "ی",
    "ە",
    "یە",
    "ەکە",
    "ەکەی",
    "ەکان",
    "ەکانی",
    "ەکانیش",
    "ەکاندا",
    "ەکانەوە",
    "ێک",
    "ێکی",
    "ێکدا",
    "یەک",
    "یەکی",
    "ان",
    "انی",
    "یان",
    "ش",
    "یش",
    "دا",
    "ەوە",
    "یەوە",
    "مان",
    "تان",
    "ەکەم",
    "ەکەت",
    "ەکەیان",
    "یی",
    "ییەکان",
    "ییەکەی",
    "ن",
    "ین",
    "دەکات",
    "کرد",
    "یکرد",
    "دەکرێت",
    "ەکەشدا",
    "ەکانمان",
)
_PROCLITICS = ("لە", "بە", "بۆ", "لەسەر", "لەگەڵ", "لەم", "بەو", "لەلایەن", "لەدوای")


def _presentation_forms() -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    for code in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFD)):
        char = chr(code)
        base = unicodedata.normalize("NFKC", char)
        if len(base) == 1 and unicodedata.name(char, "").endswith(("ISOLATED FORM", "FINAL FORM")):
            forms.setdefault(base, []).append(char)
    return forms


def corpus_lines() -> Iterator[str]:
    """Every line of every text file under ../shared/data, eval and samples, as read."""
    csv.field_size_limit(1 << 30)
    for path in sorted(SHARED.glob("**/*")):
        if not path.is_file() or path.suffix not in {".txt", ".tsv", ".conll", ".csv", ".md", ".json"}:
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".conll":
            words = [line.split(" ")[0] for line in raw.splitlines()]
            sentence: list[str] = []
            for word in words:
                if word:
                    sentence.append(word)
                elif sentence:
                    yield " ".join(sentence)
                    sentence = []
            if sentence:
                yield " ".join(sentence)
            continue
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.reader(handle):
                    yield from (field for field in row if field)
            continue
        yield from raw.splitlines()


def variants(lines: list[str], target_bytes: int) -> Iterator[str]:
    """The lines as they are, then rewritten copies until ``target_bytes`` of input were produced."""
    size = 0
    for line in lines:
        size += len(line.encode("utf-8"))
        yield line
    presentation = _presentation_forms()
    rng = random.Random(20261126)
    kind = 0
    while size < target_bytes:
        for line in lines:
            if kind % 4 == 0:  # Arabic keyboard / legacy letters, Eastern digits
                out = "".join(
                    rng.choice(_SPELLINGS[c]) if c in _SPELLINGS and rng.random() < 0.5 else c for c in line
                )
                out = out.translate(
                    {ord(str(d)): rng.choice((chr(0x0660 + d), chr(0x06F0 + d))) for d in range(10)}
                )
            elif kind % 4 == 1:  # invisible characters, exotic spaces, presentation forms
                chars = []
                for c in line:
                    if c == " " and rng.random() < 0.2:
                        c = rng.choice(_SPACES)
                    elif c in presentation and rng.random() < 0.1:
                        c = rng.choice(presentation[c])
                    chars.append(c)
                    if rng.random() < 0.04:
                        chars.append(rng.choice(_INVISIBLE))
                out = "".join(chars)
            elif kind % 4 == 2:  # new inflected and attached forms of the same words
                words = line.split(" ")
                for i, word in enumerate(words):
                    roll = rng.random()
                    if roll < 0.3:
                        words[i] = word + rng.choice(_SUFFIX_CHAINS)
                    elif roll < 0.45:
                        words[i] = rng.choice(_PROCLITICS) + word
                    elif roll < 0.5:
                        words[i] = rng.choice(_PROCLITICS) + word + rng.choice(_SUFFIX_CHAINS)
                out = " ".join(words)
            else:  # words cut and glued: odd shapes, digits with suffixes
                words = line.split(" ")
                for i, word in enumerate(words):
                    roll = rng.random()
                    if roll < 0.15 and len(word) > 3:
                        words[i] = word[: rng.randrange(1, len(word))]
                    elif roll < 0.25:
                        words[i] = str(rng.randrange(0, 3000)) + rng.choice(
                            ("ی", "دا", "یەم", "ەمین", "", "ەکان")
                        )
                    elif roll < 0.3 and i + 1 < len(words):
                        words[i] = word + words[i + 1]
                out = " ".join(words)
            size += len(out.encode("utf-8"))
            yield out
            if size >= target_bytes:
                return
        kind += 1


def dump(root: Path, out: Path, target_mb: int) -> None:
    """Analyse every input with the archive.text under ``root``; write digests and per-word rows."""
    sys.path.insert(0, str(root))
    from archive import text

    analyze_module = importlib.import_module("archive.text.analyze")
    from archive.text.normalize import fold_term, normalize
    from archive.text.proclitics import split_proclitic
    from archive.text.stem import guess_terms, stem
    from archive.text.verbs import verb_terms

    assert Path(text.__file__).resolve().is_relative_to(root.resolve()), text.__file__
    started = time.process_time()
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = list(corpus_lines())
    words: set[str] = set()
    count = 0
    with out.with_suffix(".lines").open("w", encoding="utf-8") as sink:
        for line in variants(lines, target_mb * 1_000_000):
            tokens = [(t.start, t.end, t.surface, t.terms, t.position) for t in text.analyze(line)]
            words.update(t[2] for t in tokens)
            first = [term for t in tokens[:3] for term in t[3]]
            parts = (tokens, text.terms(line), text.normalize(line), text.highlight(line, first))
            sink.write(hashlib.sha1(repr(parts).encode("utf-8")).hexdigest() + "\n")
            count += 1
    with out.with_suffix(".words").open("w", encoding="utf-8") as sink:
        for word in sorted(words):
            folded = fold_term(normalize(word))
            row = (
                word,
                analyze_module.word_terms(word),
                text.stem(word),
                stem(folded) if folded else "",
                guess_terms(folded) if folded else (),
                split_proclitic(folded),
                verb_terms(folded),
                analyze_module.analyse_word(folded) if folded else (),
            )
            sink.write(repr(row) + "\n")
    print(f"{root}: {count} lines, {len(words)} distinct words, {time.process_time() - started:.1f}s CPU")


def compare(a: Path, b: Path, target_mb: int, limit: int = 20) -> int:
    """Print the first differing input lines and words; return how many differ."""
    with a.with_suffix(".lines").open() as left, b.with_suffix(".lines").open() as right:
        mismatched = [i for i, (x, y) in enumerate(zip(left, right, strict=True)) if x != y]
    if mismatched:
        wanted = set(mismatched[:limit])
        for index, line in enumerate(variants(list(corpus_lines()), target_mb * 1_000_000)):
            if index in wanted:
                print(f"line {index} differs: {line[:200]!r}")
    with a.with_suffix(".words").open() as left, b.with_suffix(".words").open() as right:
        rows = list(zip(left, right, strict=True))
    word_diffs = [(x, y) for x, y in rows if x != y]
    for x, y in word_diffs[:limit]:
        print(f"reference {x.strip()}\n   ours   {y.strip()}")
    print(f"{len(mismatched)} lines and {len(word_diffs)} of {len(rows)} distinct words differ")
    return len(mismatched) + len(word_diffs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command")
    one = sub.add_parser("dump")
    one.add_argument("root", type=Path)
    one.add_argument("out", type=Path)
    one.add_argument("--target-mb", type=int, default=50)
    parser.add_argument("--reference", type=Path, help="a directory holding the reference archive/text")
    parser.add_argument("--target-mb", type=int, default=50)
    parser.add_argument("--work", type=Path, default=Path("/tmp/text_same"))
    parser.add_argument("--keep-reference", action="store_true", help="reuse an earlier reference dump")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.root, args.out, args.target_mb)
        return
    if args.reference is None:
        parser.error("--reference is required")
    args.work.mkdir(parents=True, exist_ok=True)
    sides = {"reference": args.reference, "ours": ROOT}
    for name, root in sides.items():
        if name == "reference" and args.keep_reference and (args.work / name).with_suffix(".words").exists():
            continue
        command = [sys.executable, __file__, "dump", str(root), str(args.work / name), "--target-mb"]
        subprocess.run([*command, str(args.target_mb)], cwd=root, check=True)
    differences = compare(args.work / "reference", args.work / "ours", args.target_mb)
    raise SystemExit(1 if differences else 0)


if __name__ == "__main__":
    main()
