"""The tagger with its compiled decoder against crfsuite's own tagging, in one process, interleaved.

    .venv/bin/python bench/decoder_bench.py --articles 2000 --rounds 3

Articles are the ingest bench's (real sentences from ../shared/data assembled into ≈ 272-word articles).
After warming the caches on `--warm` other articles, each round times, as CPU of this process:
the tagging alone (``ner.tag_sentences`` of every sentence, with its tokens, words and date marks ready)
and the whole ``archive.extract.extract``, once through crfsuite (the fallback when the decoder is not
compiled) and once through the decoder, alternating which goes first. It checks that both give the same
tags and the same extractions.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ingest_bench import write_articles  # noqa: E402

from archive.extract import dates as extract_dates  # noqa: E402
from archive.extract import decoder, extract, ner  # noqa: E402
from archive.extract.features import marks_from_spans  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--warm", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not decoder.available():
        sys.exit("the decoder is not compiled: .venv/bin/python archive/extract/build_decoder.py")
    with tempfile.TemporaryDirectory() as folder:
        write_articles(Path(folder), args.warm + args.articles)
        texts = [
            json.loads(line)["body"]
            for name in sorted(Path(folder).iterdir())
            for line in name.read_text(encoding="utf-8").splitlines()
        ]
    warm, texts = texts[: args.warm], texts[args.warm :]
    prepared = []
    for text in texts:
        spans = extract_dates.date_entity_spans(text)
        sentences = ner.tokenize(text)
        tokens = [[text[a:b] for a, b in sentence] for sentence in sentences]
        prepared.append(
            (tokens, [ner.model_words(t) for t in tokens], [marks_from_spans(spans, s) for s in sentences])
        )
    kept = ner.Decoder(ner._tagger())  # the weights are read once, outside the timings
    for text in warm:  # fills the word caches of both paths
        ner._local.decoder = kept
        extract(text)
    clock = time.process_time
    timings = {name: {"tagging": [], "extract": []} for name in ("crfsuite", "decoder")}
    for round_ in range(args.rounds):
        order = ("crfsuite", "decoder") if round_ % 2 == 0 else ("decoder", "crfsuite")
        results = {}
        for name in order:
            ner._local.decoder = kept if name == "decoder" else None
            started = clock()
            tags = [ner.tag_sentences(*one) for one in prepared]
            tagged = clock()
            found = [extract(text) for text in texts]
            done = clock()
            timings[name]["tagging"].append(1000 * (tagged - started) / len(texts))
            timings[name]["extract"].append(1000 * (done - tagged) / len(texts))
            results[name] = (tags, found)
        if results["crfsuite"] != results["decoder"]:
            sys.exit("the decoder's tags or extractions differ from crfsuite's")
    print(f"{len(texts)} articles, {args.rounds} rounds; CPU ms per article (each round):")
    for name, measured in timings.items():
        for step, values in measured.items():
            print(f"  {name:8s} {step:8s} " + "  ".join(f"{v:.3f}" for v in values))
    print("same tags and extractions both ways: yes")


if __name__ == "__main__":
    main()
