"""Date filters: every form and digit script, periods, contradictions, and the Kurdish aliases."""

from datetime import date

import pytest

from archive.search import parse_date_period, parse_query


def codes(text: str) -> list[str]:
    return [message.code for message in parse_query(text).messages]


@pytest.mark.parametrize(
    "value",
    [
        "2021-11-07",
        "٢٠٢١-١١-٠٧",  # Eastern Arabic digits
        "۲۰۲۱-۱۱-۰۷",  # Persian digits
        "2021/11/07",
        "2021.11.7",
        "7/11/2021",  # day first, as Sorani news writes dates
        "٧/١١/٢٠٢١",
        "07-11-2021",
        "۷.۱۱.۲۰۲۱",
        "٢٠٢١؍١١؍٠٧",  # Arabic date separator
    ],
)
def test_one_day_in_every_form(value: str) -> None:
    query = parse_query(f"date:{value}")
    assert (query.date_from, query.date_to) == (date(2021, 11, 7), date(2021, 11, 7))
    assert query.messages == ()


def test_spaced_day_first_date_in_quotes() -> None:
    query = parse_query('date:"٧ - ١١ - ٢٠٢١"')
    assert (query.date_from, query.date_to) == (date(2021, 11, 7), date(2021, 11, 7))


@pytest.mark.parametrize("value", ["2021-11", "٢٠٢١-١١", "۲۰۲۱/۱۱", "11/2021", "١١-٢٠٢١"])
def test_a_month_is_the_whole_month(value: str) -> None:
    query = parse_query(f"date:{value}")
    assert (query.date_from, query.date_to) == (date(2021, 11, 1), date(2021, 11, 30))


def test_february_of_a_leap_year() -> None:
    query = parse_query("date:2024-02")
    assert (query.date_from, query.date_to) == (date(2024, 2, 1), date(2024, 2, 29))


@pytest.mark.parametrize("value", ["2021", "٢٠٢١", "۲۰۲۱"])
def test_a_year_is_the_whole_year(value: str) -> None:
    query = parse_query(f"date:{value}")
    assert (query.date_from, query.date_to) == (date(2021, 1, 1), date(2021, 12, 31))


def test_from_starts_and_to_ends_a_period() -> None:
    query = parse_query("from:2021-11 to:2021-12")
    assert (query.date_from, query.date_to) == (date(2021, 11, 1), date(2021, 12, 31))
    only_from = parse_query("هێرش from:٢٠٢١-١١-٠١")
    assert (only_from.date_from, only_from.date_to) == (date(2021, 11, 1), None)
    only_to = parse_query("هێرش to:2021")
    assert (only_to.date_from, only_to.date_to) == (None, date(2021, 12, 31))


@pytest.mark.parametrize(
    "value",
    ["2021-11-01..2021-11-15", "٢٠٢١-١١-٠١..٢٠٢١-١١-١٥", "2021-11-15..2021-11-01", "1/11/2021..15/11/2021"],
)
def test_date_ranges(value: str) -> None:
    query = parse_query(f"date:{value}")
    assert (query.date_from, query.date_to) == (date(2021, 11, 1), date(2021, 11, 15))


def test_year_range() -> None:
    query = parse_query("date:2019–2021")
    assert (query.date_from, query.date_to) == (date(2019, 1, 1), date(2021, 12, 31))


def test_several_date_filters_intersect() -> None:
    query = parse_query("date:2021 from:2021-06-15")
    assert (query.date_from, query.date_to) == (date(2021, 6, 15), date(2021, 12, 31))


def test_contradicting_dates_search_the_whole_span_with_a_note() -> None:
    query = parse_query("from:2021-12 to:2021-11")
    assert (query.date_from, query.date_to) == (date(2021, 11, 1), date(2021, 12, 31))
    assert [m.code for m in query.messages] == ["dates_contradict"]


def test_month_first_is_accepted_only_when_day_first_is_impossible() -> None:
    assert parse_query("date:3/4/2022").date_from == date(2022, 4, 3)
    query = parse_query("date:11/25/2021")
    assert query.date_from == date(2021, 11, 25)
    assert [m.code for m in query.messages] == ["month_first_date"]


@pytest.mark.parametrize(
    "value",
    [
        "2021-02-30",
        "2021-13",
        "30/02/2022",
        "tomorrow",
        "2021-11-07-01",
        "99999",
        "1066",
        "0000-01-01",
        "2021-",
    ],
)
def test_bad_dates_are_errors_and_ignored(value: str) -> None:
    query = parse_query(f"هێرش date:{value}")
    assert (query.date_from, query.date_to) == (None, None)
    assert [m.code for m in query.errors] == ["bad_date"]
    assert value in query.errors[0].en and value in query.errors[0].ckb
    assert query.tree is not None


def test_date_filter_without_value() -> None:
    assert codes("هێرش from:") == ["filter_without_value"]


def test_a_date_after_a_space_is_the_value_but_a_word_is_not() -> None:
    query = parse_query("هێرش from: ٢٠٢١-١١-٠١")
    assert query.date_from == date(2021, 11, 1)
    query = parse_query("هێرش to: هەولێر")
    assert query.date_to is None
    assert [m.code for m in query.messages] == ["filter_without_value"]
    assert query.tree is not None and "هەولێر" in repr(query.tree)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ڕێکەوت:2021-11-07", (date(2021, 11, 7), date(2021, 11, 7))),
        ("رێكەوت:2021-11-07", (date(2021, 11, 7), date(2021, 11, 7))),
        ("بەروار:٢٠٢١", (date(2021, 1, 1), date(2021, 12, 31))),
        ("لە:٢٠٢١-١١-٠١", (date(2021, 11, 1), None)),
        ("بۆ:٢٠٢١-١١-٣٠", (None, date(2021, 11, 30))),
        ("تا:2021-11", (None, date(2021, 11, 30))),
    ],
)
def test_kurdish_date_aliases(text: str, expected: tuple[date | None, date | None]) -> None:
    query = parse_query(text)
    assert (query.date_from, query.date_to) == expected
    assert query.messages == ()


def test_everyday_word_aliases_without_a_date_are_searched_as_text() -> None:
    query = parse_query("لە:بەغدا")
    assert (query.date_from, query.date_to) == (None, None)
    assert query.errors == ()
    assert query.tree is not None


def test_parse_date_period_reports_non_dates_as_none() -> None:
    assert parse_date_period("") is None
    assert parse_date_period("..") is None
    assert parse_date_period("2021..x") is None
    period = parse_date_period("٢٠٢١-١١")
    assert period is not None
    assert (period.start, period.end) == (date(2021, 11, 1), date(2021, 11, 30))
