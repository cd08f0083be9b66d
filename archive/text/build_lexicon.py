"""Rebuild ``data/lexicon.tsv`` from the Sorani corpora in ../shared/data.

Run ``python -m archive.text.build_lexicon`` from the repository root. The output is a derived word
list (word, times seen free-standing, times seen under a definite/indefinite suffix), not corpus text.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import regex

from archive.text import lexicon
from archive.text.analyze import analyse_word, clear_caches
from archive.text.normalize import fold_term, normalize
from archive.text.suffixes import SUFFIXES, analyses
from archive.text.version import VERSION

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
MIN_EVIDENCE = 2
_WORD_RE = regex.compile(r"\p{Arabic}+")
_MARKERS = frozenset(s.text for s in SUFFIXES if s.marker)
_MARKER_KIND = {
    "ەکە": "definite",
    "کە": "definite",
    "ەکان": "plural",
    "کان": "plural",
    "ێک": "indefinite",
    "یەک": "indefinite",
}
SINGLE_KIND_FREE_SHARE = 0.2


SOURCES = ("interdialect", "fakekurdnews", "agackner", "sib200", "seed")
# What the shipped word list is built from: only text whose terms allow a derived word list inside a public
# product — AgaCKNER's train split (research use, modification allowed with attribution, like the NER weights;
# never val, which is the extractor's tuning set) and the project's own demo article. Interdialect is
# CC BY-NC-SA, FakeKurdNews has no licence and FLORES/SIB-200 is CC BY-SA: usable for evaluation by path,
# not for data inside the product.
SHIPPED_SOURCES = ("agackner", "seed")
SEED_ARTICLE = Path(__file__).resolve().parents[1] / "demo" / "seed-article.txt"


def corpus_lines(root: Path = SHARED_DATA, sources: tuple[str, ...] = SOURCES) -> Iterator[str]:
    """Every Sorani line of the corpora we may learn a word list from (AgaCKNER test is never read)."""
    for name in ("CKB-KMR_ckb_no_tag.txt", "CKB-ENG.CKB_no_tag.txt"):
        path = root / "interdialect_ckb" / name
        if "interdialect" in sources and path.exists():
            yield from path.read_text(encoding="utf-8").splitlines()
    news = root / "fakekurdnews" / "real-5000.csv"
    if "fakekurdnews" in sources and news.exists():
        csv.field_size_limit(1 << 30)
        with news.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield row["text"]
    if "seed" in sources and SEED_ARTICLE.exists():
        yield from SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    for name in ("train.conll", "val.conll"):
        path = root / "agackner" / name
        if "agackner" in sources and path.exists():
            yield " ".join(line.split(" ")[0] for line in path.read_text(encoding="utf-8").splitlines())
    for name in ("train.tsv", "dev.tsv"):
        path = root / "sib200_ckb" / "ckb_Arab" / name
        if "sib200" in sources and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines()[1:]:
                yield line.rsplit("\t", 1)[-1]


def count_words(lines: Iterator[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        counts.update(fold_term(word) for word in _WORD_RE.findall(normalize(line)) if len(word) >= 2)
    return counts


def marked_stems(free: Counter[str]) -> Counter[str]:
    """For each word under a determiner (هێرشەکەی), credit the likeliest stem (هێرش): the candidate
    most often seen with an ezafe (then alone), so کۆنگرەکە credits کۆنگرە (کۆنگرەی), not کۆنگر, and
    هێزەکان credits هێز (هێزی), not هێزە.

    A stem keeps its credit only if it took at least two kinds of determiner (هێرشەکە، هێرشێک) or is
    itself often seen alone: پەدەکە (PDK), فڕۆکە, نزیکەی only ever end in -کە and are words of their own."""
    marked: Counter[str] = Counter()
    kinds: dict[str, set[str]] = {}
    for word, count in free.items():
        cuts = analyses(word)
        candidates = [a for a in cuts if a.suffixes[-1] in _MARKERS and len(a.stem) >= 2]
        if not candidates:
            continue
        if not any(free.get(a.stem, 0) for a in candidates) and any(
            free.get(a.stem, 0) for a in cuts if not a.marked
        ):
            continue  # دهۆکە is دهۆک + copula ە, not an unseen دهۆ + کە
        best = max(
            candidates,
            key=lambda a: (lexicon.ezafe_score(a.stem, free), _support(free, a.stem), -len(a.stem)),
        )
        marked[best.stem] += count
        kinds.setdefault(best.stem, set()).add(_MARKER_KIND[best.suffixes[-1]])
    return Counter(
        {
            stem: count
            for stem, count in marked.items()
            if len(kinds[stem]) >= 2 or _support(free, stem) >= SINGLE_KIND_FREE_SHARE * count
        }
    )


def _support(free: Counter[str], stem: str) -> int:
    """As lexicon.support: the stem seen bare or with only ezafe / -ش / -دا (لێژنەی supports لێژنە)."""
    return sum(free.get(stem + suffix, 0) for suffix in lexicon.support_suffixes(stem))


def build(
    root: Path = SHARED_DATA, out: Path = lexicon.LEXICON_PATH, sources: tuple[str, ...] = SHIPPED_SOURCES
) -> int:
    free = count_words(corpus_lines(root, sources))
    marked = marked_stems(free)
    rows = sorted(
        (w for w in set(free) | set(marked) if free.get(w, 0) + marked.get(w, 0) >= MIN_EVIDENCE),
        key=lambda w: (-(free.get(w, 0) + marked.get(w, 0)), w),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    header = "# word\tfree\tmarked\tterms — derived by archive/text/build_lexicon.py; do not edit\n"
    with out.open("w", encoding="utf-8") as handle:
        handle.write(header)
        for w in rows:
            handle.write(f"{w}\t{free.get(w, 0)}\t{marked.get(w, 0)}\n")
    # second pass: analyse every word with the counts just written, and store its terms, stamped
    # with the analyzer version, so a fresh process can skip re-analysing the known vocabulary
    previous = lexicon.LEXICON_PATH
    lexicon.LEXICON_PATH = out
    clear_caches()
    stored = [lexicon.format_terms(w, analyse_word(w)) for w in rows]
    with out.open("w", encoding="utf-8") as handle:
        handle.write(header)
        handle.write(f"{lexicon.VERSION_LINE}{VERSION}\n")
        for w, column in zip(rows, stored, strict=True):
            handle.write(f"{w}\t{free.get(w, 0)}\t{marked.get(w, 0)}\t{column}\n")
    lexicon.LEXICON_PATH = previous
    clear_caches()
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=lexicon.LEXICON_PATH)
    parser.add_argument(
        "--without", action="append", default=[], choices=SOURCES, help="leave a corpus out (held-out tests)"
    )
    parser.add_argument(
        "--all-corpora",
        action="store_true",
        help="learn from every corpus in ../shared (for experiments only: the result must not be shipped)",
    )
    args = parser.parse_args()
    if not SHARED_DATA.exists():
        sys.exit(f"corpora not found at {SHARED_DATA}")
    base = SOURCES if args.all_corpora else SHIPPED_SOURCES
    sources = tuple(s for s in base if s not in args.without)
    print(f"{build(out=args.out, sources=sources)} words written to {args.out}")


if __name__ == "__main__":
    main()
