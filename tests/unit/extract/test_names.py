"""Name keys, clitic peeling and linking of mentions to canonical entities."""

from __future__ import annotations

import pytest

from archive.extract.names import NamedSpan, bare_word, link, name_key, named_span


@pytest.mark.parametrize(
    ("kurdish", "arabic"),
    [
        ("مستەفا کازمی", "مصطفى الكاظمي"),
        ("کازمی", "كاظمي"),
        ("موقتەدا سەدر", "مقتدى الصدر"),
        ("قاسم ئەعرەجی", "قاسم الأعرجي"),
        ("نێچیرڤان بارزانی", "نيجيرفان بارزاني"),
        ("محەمەد", "محمد"),
        ("مەحموود", "محمود"),
        ("حوسێن", "حسين"),
        ("ئیبراهیم", "إبراهيم"),
        ("ئەحمەد", "أحمد"),
        ("موسا", "موسى"),
    ],
)
def test_arabic_spelling_folds_to_the_kurdish_key(kurdish: str, arabic: str) -> None:
    assert name_key(kurdish) == name_key(arabic)


@pytest.mark.parametrize(("a", "b"), [("حەسەن", "حوسێن"), ("محەمەد", "مەحموود"), ("کازم", "کازمی")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_keyboard_variants_and_invisible_marks_fold() -> None:
    assert name_key("رێبەرى") == name_key("ڕێبەری")
    assert name_key("مه\u200cسرور") == name_key("مەسرور")
    assert name_key("كازمـــي") == name_key("کازمی")


def test_name_key_is_empty_for_no_letters_and_never_raises() -> None:
    assert name_key("") == ""
    assert name_key(" ،. ") == ""
    assert name_key(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "kind", "bare"),
    [
        ("هەولێری", "place", "هەولێر"),
        ("کوردستانیش", "place", "کوردستان"),
        ("کازمییەکە", "person", "کازمی"),
        ("بارزانی", "person", "بارزانی"),
        ("سلێمانی", "place", "سلێمانی"),
        ("سەدری", "org", "سەدر"),
        ("کازمی", "person", "کازمی"),
    ],
)
def test_bare_word_peels_clitics_but_keeps_names_ending_in_suffix_letters(
    word: str, kind: str, bare: str
) -> None:
    assert bare_word(word, kind) == bare  # type: ignore[arg-type]


def test_named_span_drops_title_words_and_keeps_offsets() -> None:
    text = "سەرۆکی هەرێمی کوردستانیش"
    span = named_span(text, 0, len(text), "place")
    assert span is not None
    assert span.bare == "هەرێمی کوردستان"
    assert text[span.start : span.end] == "هەرێمی کوردستانیش"


def test_named_span_drops_a_common_noun_head_before_a_person() -> None:
    text = "سەر ماڵی کازمی"
    span = named_span(text, 4, len(text), "person")
    assert span is not None
    assert span.bare == "کازمی"
    assert text[span.start : span.end] == "کازمی"


def _spans(text: str, items: list[tuple[str, str]]) -> list[NamedSpan]:
    out = []
    position = 0
    for surface, kind in items:
        start = text.index(surface, position)
        span = named_span(text, start, start + len(surface), kind)  # type: ignore[arg-type]
        assert span is not None
        out.append(span)
        position = start + len(surface)
    return out


def test_surname_links_to_the_full_name_and_arabic_spelling_joins() -> None:
    text = "مستەفا کازمی گوتی. دواتر کازمییەکە و مصطفى الكاظمي و نێچیرڤان بارزانی."
    spans = _spans(
        text,
        [
            ("مستەفا کازمی", "person"),
            ("کازمییەکە", "person"),
            ("مصطفى الكاظمي", "person"),
            ("نێچیرڤان بارزانی", "person"),
        ],
    )
    entities = link(text, spans)
    assert [e.name for e in entities] == ["مستەفا کازمی", "نێچیرڤان بارزانی"]
    kazimi = entities[0]
    assert kazimi.aliases == ("مستەفا کازمی", "کازمی", "مصطفى الکاظمی")  # keyboard ك/ي shown as ک/ی
    assert [m.surface for m in kazimi.mentions] == ["مستەفا کازمی", "کازمییەکە", "مصطفى الكاظمي"]
    assert all(text[m.start : m.end] == m.surface for m in kazimi.mentions)
    assert kazimi.key == name_key("مصطفى الكاظمي")


def test_surname_seen_before_the_full_name_still_links() -> None:
    text = "کازمی گوتی. مستەفا کازمی هات."
    entities = link(text, _spans(text, [("کازمی", "person"), ("مستەفا کازمی", "person")]))
    assert len(entities) == 1
    assert entities[0].name == "مستەفا کازمی"
    assert entities[0].mentions[0].surface == "کازمی"


def test_canonical_name_prefers_kurdish_spelling_among_equally_complete_forms() -> None:
    text = "مصطفى الكاظمي و مستەفا کازمی"
    entities = link(text, _spans(text, [("مصطفى الكاظمي", "person"), ("مستەفا کازمی", "person")]))
    assert [e.name for e in entities] == ["مستەفا کازمی"]


def test_display_names_fold_keyboard_variants_and_roles_after_a_name_are_dropped() -> None:
    text = "ئاوات محەمەد قائیمقامی سلێمانی لە ھەولێر و ناحیەى سیتەک"
    person = named_span(text, 0, len("ئاوات محەمەد قائیمقامی سلێمانی"), "person")
    assert person is not None and person.bare == "ئاوات محەمەد"
    start = text.index("ھەولێر")
    place = named_span(text, start, start + len("ھەولێر"), "place")
    assert place is not None and place.bare == "هەولێر"
    start = text.index("ناحیەى")
    district = named_span(text, start, len(text), "place")
    assert district is not None and district.bare == "ناحیەی سیتەک"


def test_a_common_noun_with_ezafe_alone_is_not_a_name() -> None:
    text = "لە ڕووداوی هێرشەکە"
    start = text.index("ڕووداوی")
    assert named_span(text, start, start + len("ڕووداوی"), "org") is None
    assert named_span(text, start, start + len("ڕووداو"), "org") is not None


def test_a_shorter_full_name_joins_the_longer_one() -> None:
    text = "محەمەد شیاع سودانی گوتی. شیاع سودانی هات. سودانی ڕۆیشت."
    spans = _spans(text, [("محەمەد شیاع سودانی", "person"), ("شیاع سودانی", "person"), ("سودانی", "person")])
    entities = link(text, spans)
    assert len(entities) == 1
    assert entities[0].name == "محەمەد شیاع سودانی"
    assert entities[0].aliases == ("محەمەد شیاع سودانی", "شیاع سودانی", "سودانی")


def test_a_name_tagged_with_two_kinds_takes_the_commoner_kind() -> None:
    text = "ئەمریکا و ئەمریکا و ئەمریکاش"
    spans = _spans(text, [("ئەمریکا", "place"), ("ئەمریکا", "person"), ("ئەمریکاش", "place")])
    entities = link(text, spans)
    assert [(e.kind, e.name, len(e.mentions)) for e in entities] == [("place", "ئەمریکا", 3)]
