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
