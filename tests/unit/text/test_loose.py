"""The loose form and term keys (archive.text.loose): what lets highlighting skip words that cannot match."""

from archive.text import highlight
from archive.text.loose import loose, needs_normalizing, term_key


def test_loose_form_keeps_every_offset_and_merges_spellings() -> None:
    text = "الكاظمي له‌ بەغدا ٢٠٢١ ڕۆژی"
    assert len(loose(text)) == len(text)
    assert loose("الكاظمي") == loose("الکازمی")
    assert loose("٢٠٢١") == "2021"
    assert loose("ڕۆژ") == loose("رۆژ") and loose("بەغدا") == loose("بهغدا")


def test_keys_are_the_first_letters_loosely() -> None:
    assert term_key("بەغدا") == loose("به")
    assert term_key("کازمی") in loose("الكاظمييەکە")
    assert term_key("فا") == "ف"  # a two-letter term: its last letter may be a final ى read as ا
    assert term_key("کردن") == "ک"  # بکەین، دەکات، ناکرێت do not spell کردن out
    assert term_key("ا") == ""  # a lone final ى in Arabic spelling: any word may yield it


def test_what_the_loose_form_cannot_judge_is_flagged() -> None:
    assert not needs_normalizing("لەبەغدا، «هەولێر» ٢٠٢١ – Erbil")
    for odd in ("هه\u200cولێر", "ـ", "بَ", "آ", "\ufefb", "Ünal", "ΑΘΗΝΑ", "ß"):
        assert needs_normalizing(odd), odd


def test_highlight_marks_words_the_key_would_miss() -> None:
    assert highlight("پرۆژەکە بکەین", ["کردن"]) == [(8, 13)]
    assert highlight("قال ط٦ى", ["ا"]) == [(4, 7)]
    assert highlight("هه\u200cولێری", ["هەولێر"]) == [(0, 8)]
