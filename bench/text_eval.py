"""Evaluate archive.text, side by side with Lucene's SoraniAnalyzer when Java and Lucene are present.

Prints: the normalisation probes; the stem seed table (exact / conflate / unchanged kept / prepositions
split); a name-search check on AgaCKNER train+val (does a phrase search for a PER/LOC/ORG name's bare
form find the sentences where it appears inflected or with a preposition attached, and how many other
sentences does it match); and the largest conflation groups over the Interdialect Sorani sentences.

Run from the repository root:
    .venv/bin/python bench/text_eval.py [--groups 50] [--misses 0] [--no-lucene]
Lucene is optional: the script installs Debian's liblucene8-java with apt-get when Java is present (as
root), and skips the Lucene column cleanly otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "lucene"))

import lucene_sorani  # noqa: E402

from archive import text  # noqa: E402
from archive.text import lexicon  # noqa: E402

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
DATA = SHARED / "data"
PROCLITICS = ("لە", "بە", "بۆ")

# An analyzer for evaluation: lines of text -> for each line, {position: set of terms}, and the
# surface words standing at each position.
Positions = dict[int, set[str]]
Surfaces = dict[int, set[str]]
Analyzer = Callable[[list[str]], list[tuple[Positions, Surfaces]]]


def ours(lines: list[str]) -> list[tuple[Positions, Surfaces]]:
    rows: list[tuple[Positions, Surfaces]] = []
    for line in lines:
        at: Positions = {}
        surfaces: Surfaces = {}
        for token in text.analyze(line):
            if token.terms:
                at.setdefault(token.position, set()).update(token.terms)
                surfaces.setdefault(token.position, set()).add(token.surface)
        rows.append((at, surfaces))
    return rows


def lucene(lines: list[str]) -> list[tuple[Positions, Surfaces]]:
    rows: list[tuple[Positions, Surfaces]] = []
    for line, tokens in zip(lines, lucene_sorani.lucene_terms(lines), strict=True):
        at: Positions = {}
        surfaces: Surfaces = {}
        for term, position, start, end in tokens:
            at.setdefault(position, set()).add(term)
            surfaces.setdefault(position, set()).add(line[start:end])
        rows.append((at, surfaces))
    return rows


def _terms_in_order(at: Positions) -> list[str]:
    return [t for p in sorted(at) for t in sorted(at[p])]


def _unescape(value: str) -> str:
    return value.encode("latin-1", "backslashreplace").decode("unicode_escape")


def probes() -> None:
    rows = [line.split("\t") for line in (EVAL / "norm_probes.tsv").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if len(r) == 4 and not r[0].startswith("#") and r[0] != "id"]
    ok = 0
    for probe_id, _description, escaped, ideal in rows:
        got = text.normalize(_unescape(escaped))
        good = got in ideal.split("|")
        ok += good
        if not good:
            print(f"  PROBE FAIL {probe_id}: got {got!r} want {ideal}")
    print(f"norm_probes (archive.text.normalize): {ok}/{len(rows)}")


def stem_table(analyzer: Analyzer, name: str, verbose: bool) -> None:
    """exact: a term of the form is the gold stem or an accepted alternative (normalised);
    conflate: the form shares a term with the gold stem's (or an alternative's) own analysis."""
    rows = [
        line.split("\t") for line in (EVAL / "stem_gold_seed.tsv").read_text(encoding="utf-8").splitlines()
    ]
    rows = [r for r in rows if len(r) >= 4 and r[0] != "form"]
    accepted = [{text.normalize(g) for g in [gold, *alts.split("|")] if g} for _f, gold, alts, _c in rows]
    analysed_forms = analyzer([r[0] for r in rows])
    analysed_golds = analyzer([" ".join(sorted(a)) for a in accepted])
    exact = conflate = unchanged_ok = unchanged = prep_ok = prep = 0
    for (form, gold, alts, category), ok, (got_at, _), (gold_at, _) in zip(
        rows, accepted, analysed_forms, analysed_golds, strict=True
    ):
        got = set(_terms_in_order(got_at))
        is_exact = bool(got & ok)
        is_conflate = is_exact or bool(got & set(_terms_in_order(gold_at)))
        exact += is_exact
        conflate += is_conflate
        if category.startswith("unchanged"):
            unchanged += 1
            unchanged_ok += is_exact
        if category.startswith("prep"):
            prep += 1
            prep_ok += is_exact
        if verbose and not is_exact:
            mark = "conflates" if is_conflate else "MISS"
            shown = " ".join(_terms_in_order(got_at))
            print(f"  {mark:9} {form} -> {shown}  (gold {gold} {alts}) [{category}]")
    n = len(rows)
    print(
        f"stem_gold_seed [{name}]: exact {exact}/{n}, conflate {conflate}/{n}, "
        f"unchanged kept {unchanged_ok}/{unchanged}, prep split {prep_ok}/{prep}"
    )


def agackner_sentences() -> list[list[tuple[str, str]]]:
    """AgaCKNER train+val as sentences of (token, tag); a sentence ends at the line ". O"."""
    sentences: list[list[tuple[str, str]]] = []
    for name in ("train.conll", "val.conll"):
        current: list[tuple[str, str]] = []
        for line in (DATA / "agackner" / name).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) != 2:
                continue
            current.append((parts[0], parts[1]))
            if parts == [".", "O"]:
                sentences.append(current)
                current = []
        if current:
            sentences.append(current)
    return sentences


def _entities(sentence: list[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
    found: list[tuple[str, tuple[str, ...]]] = []
    kind, words = "", []
    for token, tag in [*sentence, ("", "O")]:
        if tag.startswith("I-") and words and tag[2:] == kind:
            words.append(token)
            continue
        if words and kind in ("PER", "LOC", "ORG"):
            found.append((kind, tuple(text.normalize(w) for w in words)))
        kind, words = (tag[2:], [token]) if tag.startswith("B-") else ("", [])
    return found


def _inflects(occurrence: tuple[str, ...], bare: tuple[str, ...]) -> bool:
    """The occurrence is the bare name with suffixes on its last word and maybe a preposition in front."""
    if len(occurrence) != len(bare) or occurrence == bare:
        return False
    first = [occurrence[0], *(occurrence[0][len(p) :] for p in PROCLITICS if occurrence[0].startswith(p))]
    if len(bare) == 1:
        return any(f.startswith(bare[0]) for f in first)
    if bare[0] not in first or occurrence[1:-1] != bare[1:-1]:
        return False
    return occurrence[-1].startswith(bare[-1])


def _phrase_matches(query: list[set[str]], at: Positions) -> list[int]:
    """Start positions where each query position's terms (any of them) meet consecutive positions."""
    if not query:
        return []
    return [p for p in at if all(not query[i].isdisjoint(at.get(p + i, ())) for i in range(len(query)))]


def _query_terms(at: Positions) -> list[set[str]]:
    """The phrase query: for each position, the set of its terms (a search matches any of them)."""
    return [at[p] for p in sorted(at)]


def _mentions(entity: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Some run of the entity's words is the name, bare or inflected/attached (هەرێمی کوردستانیش
    mentions کوردستان)."""
    size = len(name)
    for i in range(len(entity) - size + 1):
        window = entity[i : i + size]
        if (
            window == name
            or _inflects(window, name)
            or (size > 1 and window[:-1] == name[:-1] and window[-1].startswith(name[-1]))
        ):
            return True
    return False


def _annotated_share(
    sentences: list[list[tuple[str, str]]], entities: list[list[tuple[str, tuple[str, ...]]]]
) -> dict[tuple[str, ...], float]:
    """For each entity string: of the sentences where it stands bare as consecutive words, the share
    where annotators tagged it inside a PER/LOC/ORG span. Low shares are common nouns (شار)."""
    strings = {words for found in entities for _kind, words in found}
    longest = max((len(w) for w in strings), default=1)
    seen: dict[tuple[str, ...], int] = {}
    tagged: dict[tuple[str, ...], int] = {}
    for sentence, found in zip(sentences, entities, strict=True):
        words = [text.normalize(tok) for tok, _ in sentence]
        present = {
            tuple(words[i : i + n])
            for n in range(1, longest + 1)
            for i in range(len(words) - n + 1)
            if tuple(words[i : i + n]) in strings
        }
        inside = {
            tuple(span[i : i + n])
            for _kind, span in found
            for n in range(1, len(span) + 1)
            for i in range(len(span) - n + 1)
        }
        for string in present:
            seen[string] = seen.get(string, 0) + 1
            tagged[string] = tagged.get(string, 0) + (string in inside)
    return {string: tagged.get(string, 0) / count for string, count in seen.items()}


def name_search(analyzers: dict[str, Analyzer], show_misses: int) -> None:
    """Does a phrase search for a name's bare form find the sentences where it appears inflected or
    attached, and how many sentences without that name does it match?

    Names: every PER/LOC/ORG entity string that is not itself an inflection of another entity string
    of its type, and that also occurs inflected (with suffixes on its last word or a preposition in
    front). Relevant: sentences where some annotated PER/LOC/ORG span contains the name, bare or
    inflected. Other sentences matched: the rest of the matches (a few are real unannotated uses)."""
    if not (DATA / "agackner" / "train.conll").exists():
        print("name search: AgaCKNER data not found, skipped")
        return
    sentences = agackner_sentences()
    lines = [" ".join(tok for tok, _ in s) for s in sentences]
    entities = [_entities(s) for s in sentences]
    by_kind: dict[str, set[tuple[str, ...]]] = {}
    for found in entities:
        for kind, words in found:
            by_kind.setdefault(kind, set()).add(words)
    annotated = _annotated_share(sentences, entities)
    names: list[tuple[str, tuple[str, ...]]] = []
    common_nouns = 0
    for kind, strings in sorted(by_kind.items()):
        for bare in sorted(strings):
            if any(_inflects(bare, other) for other in strings):
                continue  # ئەمریکادا is an inflection of ئەمریکا: search for the bare form
            if not any(_inflects(other, bare) for other in strings):
                continue
            if annotated.get(bare, 0.0) < 0.5:
                common_nouns += 1  # شار، وڵات، حکومەت: tagged now and then, mostly plain nouns
                continue
            names.append((kind, bare))
    inflected: dict[tuple[str, ...], set[int]] = {bare: set() for _kind, bare in names}
    relevant: dict[tuple[str, ...], set[int]] = {bare: set() for _kind, bare in names}
    for sid, found in enumerate(entities):
        for _kind, words in found:
            for bare in relevant:
                if _mentions(words, bare):
                    relevant[bare].add(sid)
                    if words != bare and bare not in [w for _k, w in found] and _inflects(words, bare):
                        inflected[bare].add(sid)
    total_inflected = sum(len(v) for v in inflected.values())
    print(
        f"name search over AgaCKNER train+val: {len(names)} PER/LOC/ORG names that also occur "
        f"inflected/attached, in {total_inflected} sentences where only an inflected form appears "
        f"({common_nouns} entity strings left out: tagged in under half the sentences they stand in bare)"
    )
    # a person's and a place's single-word names never inflect one another: سلێمانی (LOC) is another
    # name than سلێمان (PER); organisations are left out (پارێزگای is tagged ORG and LOC alike)
    single = {(kind, words[0]) for kind, strings in by_kind.items() for words in strings if len(words) == 1}
    for label, analyzer in analyzers.items():
        analysed = analyzer(lines)
        queries = analyzer([" ".join(bare) for _kind, bare in names])
        found_inflected = wrong = unannotated = 0
        misses: list[str] = []
        wrong_examples: list[str] = []
        for (kind, bare), (query_at, _) in zip(names, queries, strict=True):
            query = _query_terms(query_at)
            longer = {
                w
                for k, w in single
                if {k, kind} == {"PER", "LOC"} and w != bare[-1] and w.startswith(bare[-1])
            }
            matched: set[int] = set()
            for sid, (at, surfaces) in enumerate(analysed):
                starts = _phrase_matches(query, at)
                if not starts:
                    continue
                matched.add(sid)
                if sid in relevant[bare]:
                    continue
                last = {text.normalize(w) for p in starts for w in surfaces.get(p + len(query) - 1, ())}
                if any(_same_word(w, bare[-1], longer) for w in last):
                    unannotated += 1
                else:
                    wrong += 1
                    if len(wrong_examples) < 12:
                        wrong_examples.append(f"{' '.join(bare)} -> {'|'.join(sorted(last))}")
            found_inflected += len(inflected[bare] & matched)
            for sid in sorted(inflected[bare] - matched)[:1]:
                forms = "|".join(" ".join(w) for _k, w in entities[sid] if _inflects(w, bare))
                misses.append(f"{' '.join(bare)} ({kind}) not found in {forms}")
        print(
            f"  [{label}] inflected/attached found {found_inflected}/{total_inflected} "
            f"({100 * found_inflected / max(total_inflected, 1):.1f}%); other sentences matched: "
            f"{wrong} by a different word (false), {unannotated} by an untagged form of the same word"
        )
        for line in misses[:show_misses]:
            print(f"    missed: {line}")
        for line in wrong_examples[: show_misses and 12]:
            print(f"    false: {line}")


def _same_word(surface: str, name_word: str, longer_names: set[str]) -> bool:
    """Could ``surface`` be ``name_word`` inflected or with a preposition attached (and not another,
    longer name such as سلێمانی for سلێمان)?"""
    for head in (surface, *(surface[len(p) :] for p in PROCLITICS if surface.startswith(p))):
        if head.startswith(name_word) and not any(head.startswith(n) for n in longer_names):
            return True
    return False


def conflation_groups(limit: int) -> None:
    """The largest sets of different words sharing one term, for a Kurdish reader to review."""
    path = DATA / "interdialect_ckb" / "CKB-KMR_ckb_no_tag.txt"
    if not limit:
        return
    if not path.exists():
        print("conflation groups: Interdialect data not found, skipped")
        return
    surfaces: dict[str, Counter[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        for token in text.analyze(line):
            word = text.normalize(token.surface)
            for term in token.terms:
                surfaces.setdefault(term, Counter())[word] += 1
    groups = sorted(surfaces.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    print(
        f"{limit} largest conflation groups over Interdialect (term [distinct words]: most frequent first):"
    )
    for term, words in groups:
        shown = " ".join(w for w, _ in words.most_common(14))
        print(f"  {term} [{len(words)}]: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=50, help="how many conflation groups to print")
    parser.add_argument("--misses", type=int, default=0, help="show this many missed name searches")
    parser.add_argument("--no-lucene", action="store_true", help="skip the Lucene side-by-side")
    parser.add_argument("--quiet", action="store_true", help="do not list the stem rows that miss")
    parser.add_argument(
        "--lexicon",
        type=Path,
        help="use another word list, e.g. one built without AgaCKNER "
        "(python -m archive.text.build_lexicon --without agackner --out /tmp/lex.tsv) to test unseen names",
    )
    args = parser.parse_args()
    if args.lexicon:
        lexicon.LEXICON_PATH = args.lexicon  # before the first analysis loads it
    print(f"archive.text VERSION {text.VERSION}; lexicon {lexicon.LEXICON_PATH.name}")
    analyzers: dict[str, Analyzer] = {"archive.text": ours}
    if not args.no_lucene:
        if lucene_sorani.available():
            analyzers["Lucene SoraniAnalyzer"] = lucene
        else:
            print("Lucene side-by-side skipped: Java or Debian liblucene8-java not available")
    probes()
    for label, analyzer in analyzers.items():
        stem_table(analyzer, label, verbose=not args.quiet and analyzer is ours)
    name_search(analyzers, args.misses)
    conflation_groups(args.groups)


if __name__ == "__main__":
    main()
