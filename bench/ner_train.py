"""Train the CRF tagger on AgaCKNER train and write archive/extract/model/ner.crfsuite.

    .venv/bin/python bench/ner_train.py                   # train with the chosen settings, then score val
    .venv/bin/python bench/ner_train.py --grid            # small c1/c2 grid, scored on val
    .venv/bin/python bench/ner_train.py --cv 5            # 5-fold cross-validation on train only

Only the learned weights are written into the repository; the corpus stays in ../shared.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import pycrfsuite  # noqa: E402
from ner_eval import score  # noqa: E402

from archive.extract import ner  # noqa: E402
from archive.extract.features import sentence_features  # noqa: E402
from archive.extract.ner import MODEL_PATH, read_conll  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "agackner"
C1, C2, ITERATIONS = 0.1, 0.01, 250


def load(path: Path) -> list[list[tuple[str, str]]]:
    with path.open(encoding="utf-8") as fh:
        return list(read_conll(fh))


def train(sentences: list[list[tuple[str, str]]], out: Path, c1: float, c2: float, iterations: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in sentences:
        trainer.append(sentence_features([w for w, _ in sent]), [t for _, t in sent])
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def val_score(model: Path, val: list[list[tuple[str, str]]]) -> dict[str, tuple[float, float, float, int]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    gold = [[t for _, t in s] for s in val]
    pred = [list(tagger.tag(sentence_features([w for w, _ in s]))) for s in val]
    return score(gold, pred)


def cross_validate(
    sentences: list[list[tuple[str, str]]], folds: int, c1: float, c2: float, iterations: int
) -> dict[str, tuple[float, float, float, int]]:
    """Scores of ``folds`` models, each trained on all but one contiguous block of ``sentences`` and
    tagging that block (contiguous, so sentences of one article mostly stay on one side)."""
    size = -(-len(sentences) // folds)
    gold: list[list[str]] = []
    pred: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            held = sentences[k * size : (k + 1) * size]
            rest = sentences[: k * size] + sentences[(k + 1) * size :]
            model = Path(tmp) / f"fold{k}.crfsuite"
            train(rest, model, c1, c2, iterations)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model))
            gold.extend([t for _, t in s] for s in held)
            pred.extend(list(tagger.tag(sentence_features([w for w, _ in s]))) for s in held)
    return score(gold, pred)


def report(result: dict[str, tuple[float, float, float, int]]) -> str:
    return "  ".join(f"{k}={v[2]:.3f}" for k, v in result.items())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", action="store_true", help="try a small c1/c2 grid on val")
    parser.add_argument("--c1", type=float, default=C1)
    parser.add_argument("--c2", type=float, default=C2)
    parser.add_argument("--iterations", type=int, default=ITERATIONS)
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="K-fold cross-validation on train")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    args = parser.parse_args()
    if not (DATA / "train.conll").exists():
        print(f"missing {DATA / 'train.conll'}", file=sys.stderr)
        return 2
    train_set = load(DATA / "train.conll")
    val_set = load(DATA / "val.conll")
    if args.cv:
        result = cross_validate(train_set, args.cv, args.c1, args.c2, args.iterations)
        print(
            f"train {args.cv}-fold CV: {report(result)}  (micro P {result['micro'][0]:.3f} R {result['micro'][1]:.3f})"
        )
        return 0
    if args.grid:
        with tempfile.TemporaryDirectory() as tmp:
            for c1 in (0.0, 0.05, 0.1, 0.3):
                for c2 in (0.01, 0.05, 0.1, 0.5):
                    model = Path(tmp) / f"m-{c1}-{c2}.crfsuite"
                    train(train_set, model, c1, c2, args.iterations)
                    print(f"c1={c1} c2={c2}  {report(val_score(model, val_set))}", flush=True)
        return 0
    started = time.perf_counter()
    train(train_set, args.out, args.c1, args.c2, args.iterations)
    ner.model_version.cache_clear()
    size = args.out.stat().st_size
    print(f"trained in {time.perf_counter() - started:.1f}s -> {args.out} ({size / 1e6:.2f} MB)")
    print(f"val: {report(val_score(args.out, val_set))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
