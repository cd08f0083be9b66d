"""Span-level exact-match P/R/F1 (seqeval-style) of the shipped CRF on AgaCKNER val (or any CoNLL file).

    .venv/bin/python bench/ner_eval.py                    # ../shared/data/agackner/val.conll
    .venv/bin/python bench/ner_eval.py path/to/file.conll
    .venv/bin/python bench/ner_eval.py --speed            # extract() throughput on 400-word articles

Prints per-type precision, recall, F1 and support, and the micro average over PER, LOC, ORG, DATE.
With --speed: articles per second of the full ``archive.extract.extract`` on one core (articles of 400
words built from AgaCKNER train+val sentences and InterdialectCorpus news sentences, read from
../shared), first pass with cold caches and later passes, and the process's peak memory after each batch.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.extract.ner import TagSpan, read_conll, spans_from_tags, tag_sentence  # noqa: E402

DEFAULT_VAL = REPO.parent / "shared" / "data" / "agackner" / "val.conll"
MICRO_TYPES = ("PER", "LOC", "ORG", "DATE")


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float, int]]:
    """Per-type (P, R, F1, support) plus "micro" over MICRO_TYPES."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g_tags, p_tags in zip(gold, pred, strict=True):
        g: set[TagSpan] = set(spans_from_tags(g_tags))
        p: set[TagSpan] = set(spans_from_tags(p_tags))
        for s in g:
            n_gold[s.kind] += 1
        for s in p:
            n_pred[s.kind] += 1
            if s in g:
                tp[s.kind] += 1
    result: dict[str, tuple[float, float, float, int]] = {}

    def prf(t: int, np_: int, ng: int) -> tuple[float, float, float, int]:
        p = t / np_ if np_ else 0.0
        r = t / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, ng

    for kind in sorted(set(n_gold) | set(n_pred)):
        result[kind] = prf(tp[kind], n_pred[kind], n_gold[kind])
    result["micro"] = prf(
        sum(tp[k] for k in MICRO_TYPES),
        sum(n_pred[k] for k in MICRO_TYPES),
        sum(n_gold[k] for k in MICRO_TYPES),
    )
    return result


def evaluate(path: Path) -> dict[str, tuple[float, float, float, int]]:
    with path.open(encoding="utf-8") as fh:
        sentences = list(read_conll(fh))
    gold = [[t for _, t in s] for s in sentences]
    pred = [tag_sentence([w for w, _ in s]) for s in sentences]
    return score(gold, pred)


def speed_articles(words_per_article: int = 400) -> list[str]:
    """400-word articles from the shared corpora (never written anywhere)."""
    sentences: list[str] = []
    for name in ("train.conll", "val.conll"):
        path = DEFAULT_VAL.parent / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                sentences.extend(" ".join(w for w, _ in s) for s in read_conll(fh))
    inter = REPO.parent / "shared" / "data" / "interdialect_ckb" / "CKB-KMR_ckb_no_tag.txt"
    if inter.exists():
        sentences.extend(
            line.strip() for line in inter.read_text(encoding="utf-8").splitlines() if line.strip()
        )
    articles: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in sentences:
        current.append(sentence)
        count += len(sentence.split())
        if count >= words_per_article:
            articles.append(" ".join(current))
            current, count = [], 0
    return articles


def speed() -> int:
    import resource
    import time

    from archive.extract import extract

    articles = speed_articles()
    if not articles:
        print("no corpus text found in ../shared/data", file=sys.stderr)
        return 2
    words = sum(len(a.split()) for a in articles)
    print(f"{len(articles)} articles, {words / len(articles):.0f} words each on average")
    # CPU time of this process, so other work on a shared machine does not count against us.
    for run in range(3):
        started, wall = time.process_time(), time.perf_counter()
        for article in articles:
            extract(article)
        cpu, elapsed = time.process_time() - started, time.perf_counter() - wall
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        label = "cold caches" if run == 0 else "warm caches"
        print(
            f"pass {run + 1} ({label}): {len(articles) / cpu:.0f} articles/s of CPU time "
            f"({len(articles) / elapsed:.0f}/s wall), peak RSS {peak:.0f} MB"
        )
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--speed"]:
        return speed()
    path = Path(argv[0]) if argv else DEFAULT_VAL
    if not path.exists():
        print(f"missing {path}", file=sys.stderr)
        return 2
    result = evaluate(path)
    print(f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}")
    for kind, (p, r, f, n) in result.items():
        print(f"{kind:<8}{p:>8.3f}{r:>8.3f}{f:>8.3f}{n:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
