"""The loose form and term keys (archive.text.loose): what lets highlighting skip words that cannot match."""

import sys

from archive.text import highlight
from archive.text.loose import NOT_LOOSE, REMOVED_RE, holds_not_loose, loose, needs_normalizing, term_key


def test_loose_form_keeps_every_offset_and_merges_spellings() -> None:
    text = "الكاظمي له‌ بەغدا ٢٠٢١ ڕۆژی"
    assert len(loose(text)) == len(text)
    assert loose("الكاظمي") == loose("الکازمی")
    assert loose("٢٠٢١") == "2021"
    assert loose("ڕۆژ") == loose("رۆژ") and loose("بەغدا") == loose("بهغدا")


def test_keys_are_the_first_letters_loosely() -> None:
    assert term_key("بەغدا") == loose("بهغ")
    assert term_key("کازمی") in loose("الكاظمييەکە")
    assert term_key("فا") == "ف"  # a short term: its last letter may be a final ى read as ا
    assert term_key("کردن") == "ک"  # بکەین، دەکات، ناکرێت do not spell کردن out
    assert term_key("پێکردن") in loose("پێبکرێت")  # a compound: only its host
    assert term_key("ڕاگەیاندن") in loose("ڕایگەیاند")  # a person marker inside the preverb's verb
    assert term_key("ا") == ""  # a lone final ى in Arabic spelling: any word may yield it


def test_what_the_loose_form_cannot_judge_is_flagged() -> None:
    assert not needs_normalizing("لەبەغدا، «هەولێر» ٢٠٢١ – Erbil")
    for odd in ("هه\u200cولێر", "ـ", "بَ", "آ", "\ufefb", "Ünal", "ΑΘΗΝΑ", "ß"):
        assert needs_normalizing(odd), odd


def test_holds_not_loose_is_not_loose_search_for_every_character() -> None:
    # holds_not_loose rules text out by a plain class first; no character NOT_LOOSE finds may escape it
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert holds_not_loose(f"ab {char} هەولێر") == (NOT_LOOSE.search(char) is not None), hex(code)
    assert holds_not_loose("لە‌بەغدا آ") and holds_not_loose("Ünal") and not holds_not_loose("لەبەغدا «2021»")


def test_highlight_marks_words_the_key_would_miss() -> None:
    assert highlight("پرۆژەکە بکەین", ["کردن"]) == [(8, 13)]
    assert highlight("قال ط٦ى", ["ا"]) == [(4, 7)]
    assert highlight("هه\u200cولێری", ["هەولێر"]) == [(0, 8)]


def test_every_word_of_the_shared_corpora_holds_the_keys_of_its_terms() -> None:
    # the fact highlight() relies on, over every distinct word of ../shared (85,054 of them, incl. Arabic
    # spellings, verbs, numbers): a word yields a term only if its loose form holds the term's key
    import csv

    from archive.text.analyze import _surfaces, word_terms
    from tests.conftest import shared_path

    words: set[str] = set()
    with shared_path("data", "fakekurdnews", "real-5000.csv").open(encoding="utf-8") as lines:
        for row in csv.DictReader(lines):
            words.update(_surfaces(" ".join(value for value in row.values() if value)))
    for name in ("CKB-KMR_ckb_no_tag.txt", "CKB-ENG.CKB_no_tag.txt"):
        words.update(_surfaces(shared_path("data", "interdialect_ckb", name).read_text(encoding="utf-8")))
    for name in ("train.conll", "val.conll"):
        conll = shared_path("data", "agackner", name).read_text(encoding="utf-8")
        words.update(_surfaces(" ".join(line.split()[0] for line in conll.splitlines() if line.strip())))
    # (a word whose only unjudged characters are ZWNJ, tatweel or harakat: once they are taken out)
    plain = {word: REMOVED_RE.sub("", word) for word in words}
    missed = [
        (word, term)
        for word in words
        if not needs_normalizing(plain[word])
        for term in word_terms(word)
        if term_key(term) not in loose(plain[word])
    ]
    assert len(words) > 50_000 and missed == []
