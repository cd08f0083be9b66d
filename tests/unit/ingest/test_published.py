"""Published values as files and API clients write them: every digit script, the common layouts, and the
values that are not dates of a news article (which a file import reports and the API refuses)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.ingest.published import (
    MAX_YEAR,
    MIN_YEAR,
    parse_iso_published,
    parse_published,
    unread_published_messages,
)

DAY = (datetime.date(2021, 11, 29), "day")


@pytest.mark.parametrize(
    "value",
    [
        "2021-11-29",
        "٢٠٢١-١١-٢٩",
        "۲۰۲۱/۱۱/۲۹",
        "2021-11-29 18:00:00",  # FakeKurdNews
        "2021-11-29T18:00:00+03:00",  # HTML meta, JSON-LD
        "2021-11-29T23:59:59.5-05:00",  # the date as written, not moved to UTC
        "2021-11-29T18:00Z",
        "29/11/2021",
        "29-11-2021",
        "29.11.2021",
        "٢٩ - ١١ - ٢٠٢١",  # as Sorani articles write it
        "29/11/2021 18:00",
        "29/11/2021, 6:00 PM",
        "Mon, 29 Nov 2021 18:00:00 GMT",  # RSS
        "Mon, 29 Nov 2021 18:00:00 +0300",
        "  2021-11-29  ",
        "29 November 2021",
        "Monday, November 29, 2021",
        "Nov. 29, 2021 6:00 PM",
        "29 NOVEMBER 2021",
        "٢٩ی تشرینی دووەمی ٢٠٢١",  # a Sorani date phrase, read by the extractor's date grammar
        "دووشەممە ٢٩ - ١١ - ٢٠٢١",
        "٨ی سەرماوەزی ٢٧٢١",  # the Kurdish calendar
    ],
)
def test_a_day_written_the_ways_files_write_it_is_read(value):
    assert parse_published(value) == DAY
    assert unread_published_messages(value) is None


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2021-11", (datetime.date(2021, 11, 1), "month")),
        ("٢٠٢١", (datetime.date(2021, 1, 1), "year")),
        ("1/2/2021", (datetime.date(2021, 2, 1), "day")),  # day first, as in Iraq and Kurdistan
        ("September 29, 2021", (datetime.date(2021, 9, 29), "day")),
        ("29 Sept 2021", (datetime.date(2021, 9, 29), "day")),
        ("تشرینی دووەمی ٢٠٢١", (datetime.date(2021, 11, 1), "month")),
        ("ساڵی ٢٠٢١", (datetime.date(2021, 1, 1), "year")),
    ],
)
def test_months_years_and_short_days_keep_their_precision(value, parsed):
    assert parse_published(value) == parsed


@pytest.mark.parametrize(
    "value",
    [
        "0021-11-29",  # a typo, not the year 21
        "9999-12-31",
        "1066-10-14",
        "Mon, 29 Nov 0021 18:00:00 GMT",  # RFC 2822 would read it as 2021
        "Mon, 29 Nov 21 18:00:00 GMT",
        "2021-13-01",
        "31/02/2021",
        "29-11/2021",
        "دوێنێ",
        "ئەمڕۆ",  # relative: it says nothing without a date to count from
        "yesterday",
        "29 Foo 2021",
        "29 Novx 2021",
        "29 Nov 0021",
        "٢٩ی تشرینی دووەمی ٢٠٢١ و ٣ی کانوونی یەکەمی ٢٠٢١",  # two dates: which one?
        "وتارێک لەسەر ساڵی ٢٠٢١ و زۆر شتی تر",  # a sentence, not a date
        "2021-11-29 and more",
    ],
)
def test_values_that_are_not_dates_of_a_news_article_are_not_read(value):
    assert parse_published(value) is None
    english, sorani = unread_published_messages(value)
    assert f"«{value.strip()}»" in english and f"«{value.strip()}»" in sorani
    assert "taken from the text" in english and "لە دەقەکەوە" in sorani


def test_no_value_needs_no_note_and_a_long_one_is_shortened_in_it():
    assert unread_published_messages(None) is None
    assert unread_published_messages("   ") is None
    english, _ = unread_published_messages("x" * 500)
    assert "x" * 59 + "…»" in english and "x" * 60 not in english


@pytest.mark.parametrize("value", ["2021-11-29T18:00:00", "29/11/2021", "Mon, 29 Nov 2021 18:00:00 GMT"])
def test_the_api_takes_only_iso_days_months_and_years(value):
    assert parse_published(value) == DAY
    assert parse_iso_published(value) is None
    assert parse_iso_published("٢٠٢١-١١-٢٩") == DAY


DATE_LIKE = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹-/.:, TZ+MonNvGMTAPmp\u00a0\u200f", max_size=40)


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(DATE_LIKE, st.text(max_size=80)))
def test_no_value_raises_and_every_date_read_lies_in_the_range(value):
    found = parse_published(value)
    if found is not None:
        day, precision = found
        assert MIN_YEAR <= day.year <= MAX_YEAR and precision in ("day", "month", "year")
        assert unread_published_messages(value) is None
    else:
        assert (unread_published_messages(value) is None) == (not value.strip())
    iso = parse_iso_published(value)
    assert iso is None or iso == found  # whatever the API takes, a file import reads the same way
