"""The stacked-suffix stemmer: each suffix slot, the repairs, and the protections."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.text import stem


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("هێرشەکە", "هێرش"),  # definite
        ("هێرشەکەی", "هێرش"),  # definite + ezafe
        ("تویتەکەیدا", "تویت"),  # + postposition
        ("شەقامەکانی", "شەقام"),  # definite plural + ezafe
        ("کۆنگرەیەکی", "کۆنگرە"),  # indefinite after a vowel
        ("ژمارەیەک", "ژمارە"),
        ("خۆپێشاندەران", "خۆپێشاندەر"),  # plural
        ("کەسانەی", "کەس"),  # plural + demonstrative + ezafe
        ("هێرشەی", "هێرش"),  # demonstrative
        ("ساڵی", "ساڵ"),  # ezafe
        ("کوردستانیش", "کوردستان"),  # -یش
        ("ئەمڕۆدا", "ئەمڕۆ"),  # postposition
        ("عێراقە", "عێراق"),  # copula
    ],
)
def test_suffix_slots(form: str, expected: str) -> None:
    assert stem(form) == expected


def test_epenthetic_yeh_repaired() -> None:
    assert stem("زانیارییەکان") == "زانیاری"
    assert stem("دەستدرێژییەکی") == "دەستدرێژی"


def test_final_e_swallowed_by_plural_restored() -> None:
    assert stem("لێکۆڵینەوانەی") == "لێکۆڵینەوە"
    assert stem("فڕۆکەکان") == "فڕۆکە"


@pytest.mark.parametrize(
    "word", ["بارزانی", "کازمی", "ئاسمان", "کوردستان", "فەرمی", "کۆنگرە", "وێنە", "بەغدا"]
)
def test_endings_that_only_look_like_suffixes_are_kept(word: str) -> None:
    assert stem(word) == word


def test_person_clitic_only_after_a_determiner() -> None:
    assert stem("دەوڵەت") == "دەوڵەت"  # not دەوڵە + ت
    assert stem("ماڵەکەمان") == "ماڵ"


def test_verbal_nouns_keep_their_infinitive() -> None:
    assert stem("وروژاندنی") == "وروژاندن"
    assert stem("تیرۆرکردنی") == "تیرۆرکردن"


def test_raw_spelling_is_normalised_first() -> None:
    assert stem("رووداوەكە") == "ڕووداو"


def test_also_clitic_keeps_names_in_yeh_whole() -> None:
    assert stem("کوردستانیش") == "کوردستان"
    assert stem("سلێمانیش") == "سلێمانی"  # not سلێمان + ی + ش


def test_plural_copula() -> None:
    assert stem("هەولێرن") == "هەولێر"
    assert stem("هاتن") != "هات"  # -ن after ت is the infinitive


def test_bare_person_clitic_only_on_a_common_noun() -> None:
    assert stem("وڵاتمان") == "وڵات"
    assert stem("دەرمان") == "دەرمان"


def test_no_stem_is_a_function_word() -> None:
    assert stem("پێش") == "پێش"
    assert stem("پێکەوە") == "پێکەوە"


def test_endings_that_end_many_words_need_strong_evidence() -> None:
    assert stem("کێشە") == "کێشە"  # not کێش + ە
    assert stem("لایەن") == "لایەن"  # not لا + یە + ن
    assert stem("زیندان") == "زیندان"  # not زین + دا + ن
    assert stem("گەڕانەوە") == "گەڕانەوە"  # a verbal noun in -ەوە, not گەڕان + ەوە
    assert stem("ئێرانەوە") == "ئێران"


def test_ezafe_decides_which_word_owns_the_e() -> None:
    assert stem("کێشەکان") == "کێشە"  # کێشەی is common
    assert stem("هێزەکانی") == "هێز"  # هێزی is common, هێزەی rare


def test_singular_words_in_an_are_not_plurals() -> None:
    assert stem("باران") == "باران"  # seen as بارانەکە
    assert stem("کاروان") == "کاروان"
    assert stem("ژنان") == "ژن"


def test_missing_epenthetic_yeh_before_a_determiner() -> None:
    assert stem("زانیاریەکان") == "زانیاری"


def test_vowel_yeh_is_part_of_the_stem() -> None:
    assert stem("کۆتایی") == "کۆتایی"


def test_unknown_words_get_guessed_terms() -> None:
    from archive.text.stem import guess_terms

    assert guess_terms("زێلێنسکیش") == ("زێلێنسکی", "زێلێنسک")
    assert guess_terms("نەتانیاهوویەوە") == ("نەتانیاهوو",)
    assert guess_terms("ئۆکراینایە") == ("ئۆکراینا",)


def test_guessing_keeps_adjectival_yeh_and_cuts_each_kind_once() -> None:
    from archive.text.stem import guess_terms

    assert guess_terms("بۆماوەیی") == ("بۆماوەیی",)  # -یی after a vowel is not ezafe
    assert guess_terms("زێلێنسکیشدا") == ("زێلێنسکی", "زێلێنسک")  # -ش and -دا, each once
    assert guess_terms("کیڤدایە") == ("کیڤ",)  # copula, then postposition


def test_epenthetic_yeh_leaves_exactly_one_yeh() -> None:
    from archive.text.suffixes import analyses

    # consonant + یی never ends a stem: تەقەمەنیی + ەکان is تەقەمەنی + glide ی + ەکان
    assert "تەقەمەنیی" not in {a.stem for a in analyses("تەقەمەنییەکان")}
    assert stem("تەقەمەنییەکان") == "تەقەمەنی"
    assert stem("چالاکییەکانی") == "چالاکی"
    # after a vowel, -یی may be the stem itself (ئاسایی "normal")
    assert "ئاسایی" in {a.stem for a in analyses("ئاساییەکان")}


def test_determiner_stacked_under_a_postposition() -> None:
    assert stem("تویتێکدا") == "تویت"  # تویت + ێک + دا
    assert stem("هێزێکی") == "هێز"


def test_ezafe_after_a_vowel_on_a_seen_word() -> None:
    assert stem("بارەی") == "بارە"  # بارەیەوە shows بارە with another suffix
    assert stem("بەغدا") == "بەغدا"  # nothing else shows a بەغ: -دا is part of the name


def test_lexical_eve_takes_the_ezafe() -> None:
    # گەڕانەوەی is common: گەڕانەوە is a word of its own, not گەڕان + the postposition ەوە
    assert stem("گەڕانەوە") == "گەڕانەوە"


def test_glide_shows_the_final_yeh_belongs_to_the_stem() -> None:
    from archive.text.stem import guess_terms

    assert guess_terms("وردەکارییەوە") == ("وردەکاری",)  # no second reading وردەکار
    assert guess_terms("دزییەی") == ("دزی",)  # demonstrative یە + ezafe after a vowel
    assert guess_terms("لێژنەیەی") == ("لێژنە",)
    assert "ئەمدوای" not in guess_terms("ئەمدواییەی")  # after ا + ی the ی is a consonant


@pytest.fixture
def small_lexicon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[dict[str, tuple[int, int]]], None]]:
    """Point the analyzer at a word list written here (no stored terms), and restore it afterwards."""
    from archive.text import lexicon
    from archive.text.analyze import clear_caches

    def use(rows: dict[str, tuple[int, int]]) -> None:
        path = tmp_path / "lexicon.tsv"
        lines = ["# word\tfree\tmarked\tterms"] + [f"{w}\t{f}\t{m}" for w, (f, m) in rows.items()]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setattr(lexicon, "LEXICON_PATH", path)
        clear_caches()

    yield use
    monkeypatch.undo()
    clear_caches()


def test_a_noun_seen_under_a_determiner_keeps_its_final_n(
    small_lexicon: Callable[[dict[str, tuple[int, int]]], None],
) -> None:
    from archive.text.stem import stem as stem_word

    # درۆ ("lie") is a common word, but درۆن ("drone") takes ەکە itself: no copula -ن on درۆ
    small_lexicon({"درۆ": (50, 0), "درۆن": (7, 7), "هەولێر": (40, 5), "هەولێرن": (3, 0)})
    assert stem_word("درۆن") == "درۆن"
    assert stem_word("هەولێرن") == "هەولێر"  # لە هەولێرن "they are in Erbil"
