"""Property tests: normalise is idempotent, offsets slice the original, nothing raises."""

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.text import analyze, highlight, normalize, stem, terms

analyze_module = importlib.import_module("archive.text.analyze")  # the package exports a function "analyze"

SORANI_ALPHABET = (
    "ئابپتجچحخدرڕزژسشعغفڤقکگلڵمنهەوۆیێ"
    "كيىےةۀڒڶۅؤأإآـًٌٍَُِّْٰ٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ھ"
    "\u200c\u200d\u200e\u200f\u00ad\u00a0\ufeff\u202b\u2067 \n\t.،؟!-0123456789abcXYZ"
    "\ufedb\ufeee\ufead\ufea9\ufefb"
)
sorani_text = st.text(alphabet=SORANI_ALPHABET, max_size=60)
any_text = st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.one_of(sorani_text, any_text))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.one_of(sorani_text, any_text))
def test_offsets_slice_the_original(text: str) -> None:
    previous_end = 0
    for token in analyze(text):
        assert text[token.start : token.end] == token.surface
        assert token.start >= previous_end
        previous_end = token.end


@settings(max_examples=300, deadline=None)
@given(st.one_of(sorani_text, any_text), st.lists(st.one_of(sorani_text, any_text), max_size=3))
def test_no_input_raises(text: str, query: list[str]) -> None:
    terms(text)
    stem(text)
    for start, end in highlight(text, query):
        assert 0 <= start < end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(sorani_text, any_text))
def test_terms_are_the_tokens_terms(text: str) -> None:
    from archive.text.analyze import TOKEN_RE, _surfaces

    assert _surfaces(text) == TOKEN_RE.findall(text)
    assert terms(text) == [term for token in analyze(text) for term in token.terms]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(sorani_text, any_text), min_size=1, max_size=8))
def test_words_analysed_together_are_analysed_as_alone(texts: list[str]) -> None:
    # new words are normalised in one batch; the result must be each word's own analysis
    from archive.text.analyze import _cache, _terms_of

    text = " ".join(texts)
    _cache.clear()
    together = [token.terms for token in analyze(text)]
    alone = [_terms_of(token.surface, normalize(token.surface)) for token in analyze(text)]
    assert together == alone


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(sorani_text, any_text), max_size=6))
def test_normalize_tokens_is_normalize_token_by_token(texts: list[str]) -> None:
    from archive.text.analyze import TOKEN_RE
    from archive.text.normalize import normalize_tokens

    tokens = TOKEN_RE.findall(" ".join(texts))
    assert normalize_tokens(tokens) == [normalize(token) for token in tokens]


@settings(max_examples=400, deadline=None)
@given(st.one_of(sorani_text, any_text, st.text(alphabet=SORANI_ALPHABET + "«»()\"'/[]:؛,", max_size=80)))
def test_fast_token_starts_agree_with_the_pattern(text: str) -> None:
    # highlight() finds tokens and their offsets by splitting at whitespace (analyze._surface_starts)
    expected = [(match.group(), match.start()) for match in analyze_module.TOKEN_RE.finditer(text)]
    assert analyze_module._surface_starts(text) == expected


# Words as Sorani news writes them: a proclitic, a stem from the alphabet, stacked endings, and the
# verb forms of کردن, whose term (کردن) their letters do not spell out.
_WORDS = st.builds(
    lambda proclitic, stem, ending: proclitic + stem + ending,
    st.sampled_from(
        ["", "لە", "بە", "ال", "دە", "نە", "ب", "و", "هەڵ", "ڕای", "دا", "پێ", "وای", "هه\u200c"]
    ),
    st.text(alphabet=SORANI_ALPHABET[:60], min_size=1, max_size=8),
    st.sampled_from(
        ["", "ی", "ەکە", "ەکان", "دا", "ەوە", "یش", "یان", "ێک", "م", "ات", "کرد", "دەکات", "بکەین"]
    ),
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_WORDS, sorani_text, any_text))
def test_every_term_of_a_word_has_its_key_in_the_words_loose_form(text: str) -> None:
    # highlight() analyses only words whose loose form holds a wanted term's key (archive.text.loose)
    from archive.text.loose import REMOVED_RE, loose, needs_normalizing, term_key

    for token in analyze(text):
        plain = REMOVED_RE.sub("", token.surface)  # ZWNJ, tatweel, harakat taken out
        if needs_normalizing(plain):
            continue  # always analysed
        for term in token.terms:
            assert term_key(term) in loose(plain), (token.surface, term)


def _every_match(text: str, query: list[str]) -> list[tuple[int, int]]:
    """What highlight() must return: every token one of whose terms a query term or its analysis is."""
    from archive.text.analyze import word_terms

    wanted = set(query).union(*(word_terms(term) for term in query if term))
    return [(token.start, token.end) for token in analyze(text) if wanted.intersection(token.terms)]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.one_of(_WORDS, sorani_text), min_size=1, max_size=12),
    st.lists(st.one_of(_WORDS, sorani_text, st.just("کردن")), min_size=1, max_size=3),
    st.randoms(use_true_random=False),
)
def test_highlight_marks_exactly_the_tokens_whose_terms_meet_the_query(words, extra, random) -> None:
    text = " ".join(words)
    query = [*extra, *(random.choice(words) for _ in range(2))]
    assert highlight(text, query) == _every_match(text, query)


def _loose_find_by_definition(text: str, term: str) -> int | None:
    """Where loose(term) first stands in the loose form of text without REMOVED_RE characters, as an offset
    of text (its first letter)."""
    from archive.text.loose import REMOVED_RE, loose

    kept = [index for index, char in enumerate(text) if not REMOVED_RE.fullmatch(char)]
    found = loose("".join(text[index] for index in kept)).find(loose(term))
    return None if found == -1 else kept[found]


@st.composite
def _text_holding_a_term(draw) -> tuple[str, str]:
    """A term, and text that holds it spelt otherwise (ك for ک, ة for ە …, ZWNJ, tatweel or harakat
    inside it) among other letters, or not at all."""
    term = draw(st.text(alphabet=SORANI_ALPHABET + "كيظةAb", min_size=1, max_size=4))
    spelt = "".join(
        draw(st.sampled_from(["", "", "\u200c", "\u0640", "\u064e"]))
        + {"ک": "ك", "ی": "ي", "ە": "ة", "ز": "ظ"}.get(char, char)
        for char in term
    )
    around = st.text(alphabet=SORANI_ALPHABET + "كيظة\u064e\u0640ABab", max_size=30)
    return draw(around) + draw(st.sampled_from([spelt, ""])) + draw(around), term


@settings(max_examples=800, deadline=None)
@given(_text_holding_a_term(), st.text(alphabet=SORANI_ALPHABET, max_size=4))
def test_snippets_find_a_term_where_the_loose_form_holds_it(case: tuple[str, str], other: str) -> None:
    # archive.search.snippets looks for a term spelt otherwise in a loose form of the text restricted to
    # the terms' letters; that must find what the whole loose form holds
    from archive.search.snippets import _loose_find
    from archive.text.loose import REMOVED_RE

    text, term = case
    expected = [
        index
        for word in (term, other)
        if word
        and not REMOVED_RE.search(word)
        and (index := _loose_find_by_definition(text, word)) is not None
    ]
    assert _loose_find(text, frozenset((term, other))) == (min(expected) if expected else None)
