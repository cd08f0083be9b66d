"""The derived word list: its stored terms must be what the analyzer computes today."""

import random

from archive.text import VERSION, lexicon
from archive.text.analyze import analyse_word


def test_word_list_is_stamped_with_this_analyzer_version() -> None:
    head = lexicon.LEXICON_PATH.read_text(encoding="utf-8").splitlines()[:3]
    assert lexicon.VERSION_LINE + VERSION in head, (
        "archive/text/data/lexicon.tsv was written by another VERSION: "
        "rebuild it with `python -m archive.text.build_lexicon`"
    )


def test_stored_terms_match_live_analysis() -> None:
    words = [line.split("\t")[0] for line in lexicon.LEXICON_PATH.read_text(encoding="utf-8").splitlines()]
    words = [w for w in words if w and not w.startswith("#")]
    sample = random.Random(7).sample(words, 600) + words[:200]
    for word in sample:
        assert lexicon.stored_terms(word) == analyse_word(word), word


def test_counts_say_which_words_are_real() -> None:
    assert lexicon.is_known("بەغدا")
    assert not lexicon.is_known("غدا")
    assert lexicon.marked_count("هێرش") > 0  # هێرشەکە، هێرشێک
    assert lexicon.support("بارە") > 0  # hardly ever bare, but بارەی is common (لەبارەی)


def test_ezafe_vouches_for_a_stem_in_consonant_and_yeh() -> None:
    assert "ی" in lexicon.support_suffixes("چالاکی")  # چالاکیی is چالاکی with its ezafe
    assert "ی" not in lexicon.support_suffixes("ئاسای")  # ئاسایی is a word, not ئاسای + ی
    assert "ی" not in lexicon.support_suffixes("زین")  # زینی may be a name
