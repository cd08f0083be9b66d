"""Span-level exact-match P/R/F1 (seqeval-style) of the shipped CRF on AgaCKNER val (or any CoNLL file).

    .venv/bin/python bench/ner_eval.py                    # ../shared/data/agackner/val.conll
    .venv/bin/python bench/ner_eval.py path/to/file.conll
    .venv/bin/python bench/ner_eval.py --speed            # extract() throughput on 400-word articles
    .venv/bin/python bench/ner_eval.py --errors [file]    # scores, then the errors by kind and examples

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


def error_kinds(gold: list[TagSpan], pred: list[TagSpan]) -> list[tuple[str, TagSpan | None, TagSpan | None]]:
    """Each wrong span as (kind of error, gold span, predicted span).

    Kinds: "type" (same tokens, other type), "boundary" (overlapping, same type), "type+boundary",
    "missed" (no overlapping prediction), "spurious" (no overlapping gold span).
    """
    out: list[tuple[str, TagSpan | None, TagSpan | None]] = []
    gold_set, pred_set = set(gold), set(pred)
    for g in gold:
        if g in pred_set:
            continue
        overlapping = [p for p in pred if p.start < g.end and g.start < p.end]
        if not overlapping:
            out.append(("missed", g, None))
            continue
        p = overlapping[0]
        if (p.start, p.end) == (g.start, g.end):
            out.append(("type", g, p))
        elif p.kind == g.kind:
            out.append(("boundary", g, p))
        else:
            out.append(("type+boundary", g, p))
    for p in pred:
        if p not in gold_set and not any(g.start < p.end and p.start < g.end for g in gold):
            out.append(("spurious", None, p))
    return out


def _show(words: list[str], span: TagSpan | None) -> str:
    if span is None:
        return "-"
    left = " ".join(words[max(0, span.start - 3) : span.start])
    right = " ".join(words[span.end : span.end + 3])
    return f"{left} [{' '.join(words[span.start : span.end])}]/{span.kind} {right}"


def errors(path: Path, examples: int = 12) -> None:
    """Print the errors on ``path`` by (type, kind of error), with a few examples of each."""
    with path.open(encoding="utf-8") as fh:
        sentences = list(read_conll(fh))
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], list[str]] = {}
    for sentence in sentences:
        words = [w for w, _ in sentence]
        gold = spans_from_tags([t for _, t in sentence])
        pred = spans_from_tags(tag_sentence(words))
        for kind, g, p in error_kinds(gold, pred):
            key = ((g or p).kind, kind)  # type: ignore[union-attr]  # one of them is set
            counts[key] += 1
            shown.setdefault(key, []).append(f"gold {_show(words, g)}  |  pred {_show(words, p)}")
    print(f"\n{'type':<6}{'error':<15}{'count':>6}")
    for (kind, error), n in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"{kind:<6}{error:<15}{n:>6}")
    for key, lines in sorted(shown.items(), key=lambda item: -counts[item[0]]):
        print(f"\n== {key[0]} {key[1]} ({counts[key]})")
        for line in lines[:examples]:
            print("  " + line)


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
    show_errors = argv[:1] == ["--errors"]
    argv = argv[1:] if show_errors else argv
    path = Path(argv[0]) if argv else DEFAULT_VAL
    if not path.exists():
        print(f"missing {path}", file=sys.stderr)
        return 2
    result = evaluate(path)
    print(f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}")
    for kind, (p, r, f, n) in result.items():
        print(f"{kind:<8}{p:>8.3f}{r:>8.3f}{f:>8.3f}{n:>9}")
    if show_errors:
        errors(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
