"""The project's gazetteers: loading, clitic-tolerant lookups and multi-word matches."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.gazetteer import CLITIC_SUFFIXES, bare_candidates, load
from archive.extract.names import fold_word


def test_lists_load_and_fold_keyboard_variants() -> None:
    gaz = load()
    assert gaz.single[fold_word("هەولێر")] == "LOC"
    assert gaz.single[fold_word("بارزانی")] == "FAMILY"
    assert fold_word("ڕایگەیاند") in gaz.speech_verbs
    assert fold_word("سەرۆکی") in gaz.titles
    assert fold_word("وەزارەتی") in gaz.org_heads


def test_kind_of_accepts_clitics_and_attached_prepositions() -> None:
    gaz = load()
    assert gaz.kind_of("هەولێری") == "LOC"
    assert gaz.kind_of("کوردستانیش") == "LOC"
    assert gaz.kind_of("لەبەغدا") == "LOC"
    assert gaz.kind_of("عيراق") == "LOC"  # Arabic yeh
    assert gaz.kind_of("ڕۆیشت") is None


def test_a_place_wins_over_a_given_name_spelled_the_same() -> None:
    assert load().kind_of("سلێمانی") == "LOC"


def test_phrase_spans_find_multi_word_names_with_clitics_on_the_last_word() -> None:
    words = [fold_word(w) for w in "سەرۆکی هەرێمی کوردستانیش و حەشدی شەعبی".split()]
    assert load().phrase_spans(words) == [(1, 3, "LOC"), (4, 6, "ORG")]


def test_bare_candidates_peel_suffix_layers_least_peeled_first() -> None:
    candidates = bare_candidates("کازمییەکە")
    assert candidates[0] == "کازمییەکە"
    assert "کازمی" in candidates
    assert all(len(c) >= 2 for c in candidates)


def reference_bare_candidates(word: str, min_len: int) -> tuple[str, ...]:
    """``bare_candidates`` as first written: every suffix tried on every form."""
    found, seen, frontier = [fold_word(word)], {fold_word(word)}, [fold_word(word)]
    for _layer in range(3):
        nxt = []
        for form in frontier:
            for suffix in CLITIC_SUFFIXES:
                if (
                    form.endswith(suffix)
                    and len(form) - len(suffix) >= min_len
                    and form[: -len(suffix)] not in seen
                ):
                    seen.add(form[: -len(suffix)])
                    nxt.append(form[: -len(suffix)])
                    found.append(form[: -len(suffix)])
        frontier = nxt
    return tuple(found)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="کازمیەنداوشێکتر", max_size=14), st.sampled_from([2, 3]))
def test_bare_candidates_are_those_of_every_suffix_tried(word: str, min_len: int) -> None:
    assert bare_candidates(word, min_len) == reference_bare_candidates(word, min_len)


def test_bare_candidates_of_news_words_are_those_of_every_suffix_tried() -> None:
    for word in ("کازمییەکە", "هەولێرییەکان", "کوردستانیشدا", "بەغداوە", "", "ی", "ئەمریکاییەکانیش"):
        for min_len in (2, 3):
            assert bare_candidates(word, min_len) == reference_bare_candidates(word, min_len)
