"""The project's gazetteers: loading, clitic-tolerant lookups and multi-word matches."""

from __future__ import annotations

from archive.extract.gazetteer import bare_candidates, load
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
