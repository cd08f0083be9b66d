"""Snippets: the passage around the first match, whole inflected words marked, bounded work per article."""

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


def test_a_text_without_the_terms_gives_its_opening_unmarked():
    snippet = make_snippet(FILLER, terms("کازمی"))
    assert snippet.marks == ()
    assert snippet.start == 0 and FILLER.startswith(snippet.text)
