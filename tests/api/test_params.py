"""The API's small pure helpers: query-string text cleaning and publication dates from clients."""

import datetime

import pytest

from archive.api.params import clean_text
from archive.ingest.published import parse_iso_published as parse_published


@pytest.mark.parametrize(
    ("raw", "limit", "clean"),
    [
        ("کازمی\x00\x07", 100, "کازمی"),
        ("\x00\x01\x1f\x7f", 100, ""),
        ("هێرش\tبەغدا\nهەولێر", 100, "هێرش بەغدا هەولێر"),
        ("\u200cهەواڵ\u200f", 100, "\u200cهەواڵ\u200f"),  # ZWNJ and RLM are the parser's business
        ("کازمی" * 10, 12, "کازمیکازمیکا"),
        (None, 10, ""),
    ],
)
def test_clean_text(raw, limit, clean):
    assert clean_text(raw, limit) == clean


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2021-11-29", (datetime.date(2021, 11, 29), "day")),
        ("٢٠٢١-١١-٢٩", (datetime.date(2021, 11, 29), "day")),
        ("۲۰۲۱/۱۱/۲۹", (datetime.date(2021, 11, 29), "day")),
        ("2021-11", (datetime.date(2021, 11, 1), "month")),
        ("2021", (datetime.date(2021, 1, 1), "year")),
        (" 2021-1-5 ", (datetime.date(2021, 1, 5), "day")),
        ("", None),
        (None, None),
        ("29/11/2021", None),
        ("2021-02-30", None),
        ("1066", None),
        ("2021-11-29T10:00", None),
        ("دوێنێ", None),
    ],
)
def test_parse_published(text, parsed):
    assert parse_published(text) == parsed
