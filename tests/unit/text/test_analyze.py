"""Tokens, offsets, positions, proclitics, numbers, Arabic spellings, verbs and highlighting."""

import dataclasses
import importlib
import sys

import pytest
import regex

from archive.text import STOPWORDS, Token, analyze, highlight, terms
from archive.text.proclitics import split_proclitic
from archive.text.verbs import verb_terms

analyze_module = importlib.import_module("archive.text.analyze")  # the package exports a function "analyze"


def test_tokens_slice_the_original_text() -> None:
    text = "هه\u200cرێمی كوردستان\u200f، لە ٢٠٢١ی"
    tokens = list(analyze(text))
    assert [t.surface for t in tokens] == ["هه\u200cرێمی", "كوردستان", "لە", "٢٠٢١ی"]
    assert all(text[t.start : t.end] == t.surface for t in tokens)


def test_token_is_frozen() -> None:
    token = next(analyze("بەغدا"))
    assert token == Token(0, 5, "بەغدا", ("بەغدا",), 0)


def test_number_split_from_suffix() -> None:
    assert terms("٢٠٢١ی ٧ی ئەم مانگە") == ["2021", "7", "مانگ"]


def test_attached_preposition_split_only_before_a_real_word() -> None:
    assert terms("لەبەغدا") == ["بەغدا"]
    assert terms("لەکۆنگرەیەکی") == ["کۆنگرە"]
    assert terms("لەرێگەی") == ["ڕێگە"]
    for word in ["بەڵام", "بەغدا", "بەهار", "بەرد"]:
        assert split_proclitic(word) is None, word


def test_attached_and_separate_preposition_share_positions() -> None:
    attached = [(t.terms, t.position) for t in analyze("شەڕ لەبەغدا") if t.terms]
    separate = [(t.terms, t.position) for t in analyze("شەڕ لە بەغدا") if t.terms]
    assert attached == separate == [(("شەڕ",), 0), (("بەغدا",), 1)]


def test_stopwords_have_no_terms() -> None:
    tokens = list(analyze("لە و بۆ"))
    assert [t.terms for t in tokens] == [(), (), ()]
    assert "لە" in STOPWORDS and "بەغدا" not in STOPWORDS


def test_arabic_spelling_meets_kurdish_spelling() -> None:
    assert terms("الكاظمي") == terms("کازمی")
    assert terms("كاظمي") == terms("کازمی")
    assert terms("مصطفى") == ["مستفا"]  # letters fold and final ى reads ا; the unwritten ە stays lost
    assert terms("كوردى") == terms("کوردی")  # Kurdish on an Arabic keyboard: ى is just ی


def test_light_verb_and_past_stem() -> None:
    assert verb_terms("ئاشکرایکرد") == ("ئاشکراکردن", "ئاشکرا")
    assert verb_terms("سازدەکات") == ("سازکردن", "ساز")
    assert verb_terms("ئاشکرا") is None  # ends like کرا, but is a word
    assert terms("بکەین") == ["کردن"]
    assert terms("ڕایگەیاند") == terms("ڕاگەیاندن")


def test_latin_words_casefolded() -> None:
    assert terms("COVID Rudaw") == ["covid", "rudaw"]


def test_highlight_marks_inflected_and_attached_forms() -> None:
    text = "لەبەغدا و بەغدادا هێرشێک کرا، بەڵام بەغدا ئارامە"
    spans = highlight(text, ["بەغدا"])
    assert [text[a:b] for a, b in spans] == ["لەبەغدا", "بەغدادا", "بەغدا"]


def test_highlight_of_nothing_is_empty() -> None:
    assert highlight("بەغدا", []) == []
    assert highlight("", ["بەغدا"]) == []


def test_best_attested_proclitic_reading_wins() -> None:
    assert terms("لەناوچەکە") == ["ناوچە"]  # لە + ناوچەکە, not لەناو + چەکە


def test_be_prefix_kept_on_adjectives() -> None:
    assert terms("بەهێز") == ["بەهێز"]


def test_a_new_name_with_suffixes_meets_its_bare_form() -> None:
    # words no corpus has seen: the bare name is among the terms of its inflected forms
    for inflected in ["زێلێنسکیش", "زێلێنسکیدا"]:
        assert "زێلێنسک" in terms(inflected) or "زێلێنسکی" in terms(inflected)
    assert set(terms("زێلێنسکی")) & set(terms("زێلێنسکیش"))


def test_inflected_function_words_are_stopwords() -> None:
    assert terms("خۆیدا ئەوەش ئەوانەی") == []


def test_preposition_fused_with_a_demonstrative() -> None:
    assert terms("لەمبارەیەوە") == ["بارە"]  # لە + ئەم + بارە + ی + ەوە


def test_ezafe_after_a_postposition() -> None:
    assert terms("بە وردەکارییەوەی") == ["وردەکاری"]


def test_present_light_verb_needs_no_evidence_for_its_host() -> None:
    assert verb_terms("پەسەنددەکرێت") == ("پەسەندکردن", "پەسەند")
    assert verb_terms("کوردەکەن") is None  # کورد + ەکە + ن "they are the Kurds", not کور + دەکەن


def test_demonstrative_and_ezafe_after_a_vowel() -> None:
    assert terms("ئەو لێژنەیەی") == ["لێژنە"]


def test_whitespace_and_letters_agree_with_the_token_pattern() -> None:
    # terms() finds tokens by splitting at whitespace and taking letters-only chunks whole; that is
    # only TOKEN_RE.findall if Python's and the regex module's Unicode tables agree on these characters
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    letters = "".join(c for c in everything if c.isalpha())
    spaces = "".join(c for c in everything if c.isspace())
    assert regex.fullmatch(r"[\p{L}\p{M}\p{Nd}]+", letters)
    assert regex.search(r"[\p{L}\p{M}\p{Nd}\p{Cf}]", spaces) is None
    assert regex.search(r"[\p{L}\p{M}\p{Nd}\p{Cf}]", analyze_module._CLINGING_PUNCTUATION) is None
    assert "".join(spaces.split()) == ""


def test_fast_token_split_matches_the_pattern() -> None:
    text = "«هەولێر»، (٢٠٢١ی) هه\u200cرێمی\u200f a.b --x-- ك\u0650وردستان؟ \u00a0بەغدا\u200b! 3.5 abc_def ‌"
    assert analyze_module._surfaces(text) == analyze_module.TOKEN_RE.findall(text)
    starts = [(match.group(), match.start()) for match in analyze_module.TOKEN_RE.finditer(text)]
    assert analyze_module._surface_starts(text) == starts


def test_tokens_built_by_analyze_are_ordinary_frozen_tokens() -> None:
    token = next(analyze("هێرشەکەی"))
    same = Token(0, 8, "هێرشەکەی", ("هێرش",), 0)
    assert token == same and hash(token) == hash(same) and repr(token) == repr(same)
    assert dataclasses.astuple(token) == (0, 8, "هێرشەکەی", ("هێرش",), 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        token.start = 1  # type: ignore[misc]


def test_word_cache_stays_bounded_and_results_stay_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analyze_module, "_CACHE_LIMIT", 5)
    analyze_module._cache.clear()
    terms("یەک دوو سێ چوار پێنج شەش")
    text = "هێرشەکەی لەبەغدا کوردستان سلێمانی هەولێر دهۆک کەرکووک"
    first = terms(text)
    assert len(analyze_module._cache) == 7  # emptied before a batch that would pass the limit
    assert terms(text) == first == ["هێرش", "بەغدا", "کوردستان", "سلێمانی", "هەولێر", "دهۆک", "کەرکووک"]
    assert highlight(text, ["بەغدا"]) == [(9, 16)]
    assert len(analyze_module._cache) <= 7  # highlighting analyses only the words that can match


def test_highlight_skips_no_match_over_real_news() -> None:
    # highlight() analyses only words whose loose form holds a query term's key; checked here against
    # analysing every word, over 600 passages of real news with queries made of their own words
    import csv
    import random

    from tests.conftest import shared_path

    posts = shared_path("data", "fakekurdnews", "real-5000.csv")
    with posts.open(encoding="utf-8") as lines:
        rows = list(csv.DictReader(lines))
    generator = random.Random(20211129)
    checked = marked = 0
    for row in generator.sample(rows, 600):
        text = " ".join(value for value in row.values() if value)[:900]
        words = text.split()
        if not words:
            continue
        query = [generator.choice(words) for _ in range(2)]
        query += [term for word in query for term in analyze_module.word_terms(word.strip("،.«»:"))]
        wanted = set(query).union(*(analyze_module.word_terms(term) for term in query if term))
        expected = [(t.start, t.end) for t in analyze(text) if wanted.intersection(t.terms)]
        assert highlight(text, query) == expected, (text, query)
        checked += 1
        marked += len(expected)
    assert checked > 500 and marked > checked  # the check saw real passages with real marks


def test_a_madda_written_as_a_mark_after_alef_is_highlighted() -> None:
    # normalising turns «ا» + U+0653 into «ئا»: the loose form must not drop that mark and skip the word
    assert highlight("ا\u0653زاد و ئازاد", ["ئازاد"]) == [(0, 5), (8, 13)]
