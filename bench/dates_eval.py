"""Evaluate archive.extract.dates: AgaCKNER DATE spans, the seed article's gold dates, and speed.

    .venv/bin/python bench/dates_eval.py [--split val] [--show-errors 20]

AgaCKNER (../shared/data/agackner/{train,val}.conll; research use, not copied here) has one ``token TAG``
per line and a sentence ends at the line ``. O``. Each sentence is rebuilt as its tokens joined by single
spaces; our character spans (``date_entity_spans``) are mapped to the tokens they touch and compared with
the gold DATE token spans, exact match (seqeval-style). Their DATE tag also covers durations («دوو مانگ»,
«١٠ ساڵ») and vague periods («هاوین», «ساڵانی نەوەدەکان»), which carry no date value and which we leave out.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.extract.dates import date_entity_spans, extract_dates, infer_published  # noqa: E402

SHARED = REPO.parent / "shared"
AGACKNER = SHARED / "data" / "agackner"
SEED_TEXT = SHARED / "samples" / "seed-article.txt"
SEED_GOLD = SHARED / "samples" / "seed-article.gold.json"

Sentence = list[tuple[str, str]]


def read_conll(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
                current = []
            continue
        current.append((parts[0], parts[-1]))
        if parts[0] == "." and parts[-1] == "O":
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def gold_spans(tags: list[str], kind: str = "DATE") -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    start = None
    for index, tag in enumerate([*tags, "O"]):
        inside = tag == f"I-{kind}" and start is not None
        if start is not None and not inside:
            spans.add((start, index))
            start = None
        if tag == f"B-{kind}" or (tag == f"I-{kind}" and start is None):
            start = index
    return spans


def predicted_spans(tokens: list[str]) -> set[tuple[int, int]]:
    text = " ".join(tokens)
    owner: list[int] = []
    for index, token in enumerate(tokens):
        owner.extend([index] * len(token))
        owner.append(index)  # the space after a token belongs to it
    return {(owner[start], owner[end - 1] + 1) for start, end in date_entity_spans(text)}


def evaluate_conll(path: Path, show_errors: int) -> dict[str, float]:
    true_positive = false_positive = false_negative = 0
    errors: list[str] = []
    for sentence in read_conll(path):
        tokens = [token for token, _ in sentence]
        gold = gold_spans([tag for _, tag in sentence])
        predicted = predicted_spans(tokens)
        true_positive += len(gold & predicted)
        false_positive += len(predicted - gold)
        false_negative += len(gold - predicted)
        for start, end in sorted(predicted ^ gold):
            label = "FP" if (start, end) in predicted else "FN"
            errors.append(
                f"{label} «{' '.join(tokens[start:end])}» in …{' '.join(tokens[max(0, start - 3) : end + 3])}…"
            )
    precision = true_positive / ((true_positive + false_positive) or 1)
    recall = true_positive / ((true_positive + false_negative) or 1)
    f1 = 2 * precision * recall / ((precision + recall) or 1)
    for line in errors[:show_errors]:
        print("  ", line)
    return {
        "gold": true_positive + false_negative,
        "predicted": true_positive + false_positive,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def evaluate_seed() -> dict[str, object]:
    text = SEED_TEXT.read_text(encoding="utf-8")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    published = datetime.date.fromisoformat(gold["published"]["date"])
    inferred = infer_published(text)
    mentions = extract_dates(text, published)
    found = 0
    used: set[int] = set()
    for item in gold["dates_mentioned"]:
        value = item["date"] if len(item["date"]) == 10 else f"{item['date']}-01-01"
        match = next(
            (
                m
                for m in mentions
                if m.surface == item["surface"] and m.value.isoformat() == value and id(m) not in used
            ),
            None,
        )
        status = "ok" if match else "MISSING"
        if match:
            used.add(id(match))
            found += 1
            assert text[match.start : match.end] == item["surface"]
        print(f"   {status:7} {item['surface']} = {value}")
    extras = [m for m in mentions if id(m) not in used]
    for mention in extras:
        print(
            f"   extra   {mention.surface} = {mention.value} ({mention.precision}, relative={mention.relative})"
        )
    print(f"   inferred published: {inferred}")
    return {
        "gold_found": f"{found}/{len(gold['dates_mentioned'])}",
        "extras": len(extras),
        "inferred": inferred.value.isoformat() if inferred else None,
        "inferred_ok": bool(inferred and inferred.value == published and inferred.precision == "day"),
    }


def _best_rate(texts: list[str], published: datetime.date, repeat: int = 5) -> tuple[float, float]:
    """(best, median) articles per second over ``repeat`` passes; best-of-N is robust to a busy machine."""
    from archive.extract import dates

    rates = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            # extract() analyses an article once for its publication date and its dates; here every
            # call must do the work, so the per-article caches are emptied (the same text repeats).
            dates._phrases.cache_clear()
            dates._fold_text.cache_clear()
            extract_dates(text, published)
        rates.append(len(texts) / (time.perf_counter() - started))
    return max(rates), statistics.median(rates)


def measure_speed() -> dict[str, tuple[float, float]]:
    """Articles per second, one core: the seed article (398 words) ×200, and val.conll cut into 400-word articles."""
    seed = SEED_TEXT.read_text(encoding="utf-8")
    words = [token for sentence in read_conll(AGACKNER / "val.conll") for token, _ in sentence]
    chunks = [" ".join(words[i : i + 400]) for i in range(0, len(words) - 399, 400)]
    published = datetime.date(2024, 8, 1)
    return {
        "seed article ×200": _best_rate([seed] * 200, published),
        f"val.conll as {len(chunks)} articles of 400 words": _best_rate(chunks * 10, published),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=["train", "val"])
    parser.add_argument("--show-errors", type=int, default=0)
    arguments = parser.parse_args()
    if not AGACKNER.exists() or not SEED_TEXT.exists():
        sys.exit(f"shared data not found under {SHARED}")
    words = len(SEED_TEXT.read_text(encoding="utf-8").split())
    print(f"AgaCKNER {arguments.split}.conll, DATE spans (date_entity_spans):")
    scores = evaluate_conll(AGACKNER / f"{arguments.split}.conll", arguments.show_errors)
    print(
        f"   gold {scores['gold']}, predicted {scores['predicted']}: precision {scores['precision']:.3f}, "
        f"recall {scores['recall']:.3f}, F1 {scores['f1']:.3f}"
    )
    print("Seed article (published 2021-11-29 given for extraction, None for inference):")
    seed = evaluate_seed()
    print(
        f"   gold dates found {seed['gold_found']}, extras {seed['extras']}, inferred ok: {seed['inferred_ok']}"
    )
    print(f"Speed (extract_dates, one core; seed article has {words} words):")
    for label, (best, median) in measure_speed().items():
        print(f"   {label}: best {best:,.0f} articles/s, median {median:,.0f}")


if __name__ == "__main__":
    main()
