"""Snippets: the passage around the first match, whole inflected words marked, bounded work per article."""

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.search.snippets import WINDOW_CHARS, make_snippet
from archive.text import terms

FILLER = "ئەمە ڕستەیەکی پڕکەرەوەیە بۆ درێژکردنەوەی دەقەکە. " * 60


def _marked(snippet) -> list[str]:
    return [snippet.text[start:end] for start, end in snippet.marks]


def test_the_passage_is_around_a_match_deep_in_a_long_text():
    text = FILLER + "سەرۆکوەزیران لەگەڵ کازمییەکە لە بەغدا کۆبووەوە. " + FILLER
    snippet = make_snippet(text, terms("کازمی"))
    assert _marked(snippet) == ["کازمییەکە"]
    assert snippet.clipped_start and snippet.clipped_end
    assert len(snippet.text) <= WINDOW_CHARS + 40


def test_arabic_letters_and_attached_prepositions_in_the_text_are_marked():
    text = FILLER + "مصطفى الكاظمي گەیشتە لەبەغدا. " + FILLER
    assert _marked(make_snippet(text, terms("کازمی"))) == ["الكاظمي"]
    assert _marked(make_snippet(text, terms("بەغدا"))) == ["لەبەغدا"]


def test_other_spellings_just_before_the_first_exact_match_are_marked_too():
    # the term is found as written in «کازمی»; «الكاظمي» in Arabic letters stands before it, inside the
    # quarter window the passage shows before its first mark, and is marked as well
    text = FILLER + "مصطفى الكاظمي گوتی کە کازمی گەیشت. " + FILLER
    snippet = make_snippet(text, terms("کازمی"))
    assert _marked(snippet) == ["الكاظمي", "کازمی"]


def test_a_text_without_the_terms_gives_its_opening_unmarked():
    snippet = make_snippet(FILLER, terms("کازمی"))
    assert snippet.marks == ()
    assert snippet.start == 0 and FILLER.startswith(snippet.text)


def test_other_spellings_deep_in_a_long_text_are_found_and_marked():
    # Arabic-keyboard letters, the legacy ه + ZWNJ for ە, tatweel and Eastern digits, each past the
    # opening: found where they stand (not by normalising the whole text) and marked as written
    cases = [
        ("پزیشکەکان", "له‌ لایه‌ن پزیشكه‌كانه‌وه‌ پشكنرا", "پزیشكه‌كانه‌وه"),  # a final ZWNJ is no letter
        ("هەولێر", "لە هه‌ولێر كۆبوونه‌وه‌", "هه‌ولێر"),
        ("بەغدا", "لە بەغـــدا گەیشت", "بەغـــدا"),
        ("٢٠٢١", "لە ساڵی ٢٠٢١ دا", "٢٠٢١"),
    ]
    for query, sentence, marked in cases:
        text = FILLER + sentence + " " + FILLER
        snippet = make_snippet(text, terms(query))
        assert _marked(snippet) == [marked], (query, snippet)
        assert snippet.clipped_start


def test_a_loose_spelling_of_another_word_does_not_hide_the_real_match():
    # «کەر» is «کەڕ» loosely (ر and ڕ are one letter to the locator) but not the same word: the
    # snippet still goes to «کەڕ» written with a mark normalising removes, further on
    text = "کەر " + FILLER + "ئەو پیاوە کەڕ" + "\u064e" + " بوو " + FILLER
    snippet = make_snippet(text, terms("کەڕ"))
    assert _marked(snippet) == ["کەڕ\u064e"]


# Letters with their other spellings (a presentation form, آ), ZWNJ, tatweel, marks, both digits, spaces.
_ALPHABET = "ابپتجچحخدرڕزسشکگلڵمنوۆەهیێكيىةھظطث٠١٢0123آﻙ" + "\u200c\u0640\u064e\u0654" + "   "


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=400), st.data())
def test_every_text_the_normalised_search_would_mark_is_marked(text, data):
    from archive.search.snippets import SCAN_LIMIT
    from archive.text import highlight, normalize
    from archive.text.normalize import fold_term

    words = text.split()
    query = data.draw(st.sampled_from(words)) if words else "کازمی"
    wanted = frozenset(terms(query))
    snippet = make_snippet(text, wanted)
    for start, end in snippet.marks:
        assert 0 <= start < end <= len(snippet.text)
    # what the snippet did before the loose form: look in the whole normalised text, mark a window there
    probe = fold_term(normalize(text[:SCAN_LIMIT])).casefold()
    if wanted and any(term and term in probe for term in wanted) and highlight(text, wanted):
        assert snippet.marks, (text, query)
