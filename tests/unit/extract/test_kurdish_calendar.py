"""The Kurdish solar calendar: Persian months, Kurdish year = Persian year + 1321, Newroz ≈ 21 March."""

import datetime

import pytest

from archive.extract.kurdish_calendar import (
    days_in_persian_month,
    gregorian_to_kurdish,
    gregorian_to_persian,
    is_leap_persian_year,
    kurdish_to_gregorian,
    nowruz,
    persian_to_gregorian,
)


@pytest.mark.parametrize(
    ("persian_year", "gregorian"),
    [
        (1354, datetime.date(1975, 3, 21)),
        (1375, datetime.date(1996, 3, 20)),
        (1379, datetime.date(2000, 3, 20)),
        (1395, datetime.date(2016, 3, 20)),
        (1398, datetime.date(2019, 3, 21)),
        (1399, datetime.date(2020, 3, 20)),
        (1400, datetime.date(2021, 3, 21)),
        (1401, datetime.date(2022, 3, 21)),
        (1402, datetime.date(2023, 3, 21)),
        (1403, datetime.date(2024, 3, 20)),
        (1404, datetime.date(2025, 3, 21)),
    ],
)
def test_nowruz_falls_on_the_known_gregorian_day(persian_year: int, gregorian: datetime.date) -> None:
    assert nowruz(persian_year) == gregorian
    assert kurdish_to_gregorian(persian_year + 1321, 1, 1) == gregorian


def test_ten_bafranbar_2722_is_new_years_eve_2022() -> None:
    # ١٠ی بەفرانباری ٢٧٢٢ (SORANI_NOTES.md)
    assert kurdish_to_gregorian(2722, 10, 10) == datetime.date(2022, 12, 31)
    assert gregorian_to_kurdish(datetime.date(2022, 12, 31)) == (2722, 10, 10)


def test_kurdish_year_is_gregorian_plus_700_from_newroz_and_701_before_it() -> None:
    assert gregorian_to_kurdish(datetime.date(2024, 3, 19))[0] == 2723
    assert gregorian_to_kurdish(datetime.date(2024, 3, 20)) == (2724, 1, 1)
    assert gregorian_to_kurdish(datetime.date(2024, 12, 31))[0] == 2724


def test_leap_years_give_rashame_thirty_days() -> None:
    assert is_leap_persian_year(1399) and is_leap_persian_year(1403)
    assert not is_leap_persian_year(1400) and not is_leap_persian_year(1402)
    assert days_in_persian_month(1403, 12) == 30
    assert days_in_persian_month(1402, 12) == 29
    assert persian_to_gregorian(1403, 12, 30) == datetime.date(2025, 3, 20)
    with pytest.raises(ValueError):
        persian_to_gregorian(1402, 12, 30)


def test_month_lengths_are_31_then_30() -> None:
    assert [days_in_persian_month(1402, month) for month in range(1, 12)] == [31] * 6 + [30] * 5
    assert persian_to_gregorian(1402, 7, 1) == datetime.date(2023, 9, 23)  # 1 ڕەزبەر


def test_invalid_days_and_months_raise() -> None:
    with pytest.raises(ValueError):
        persian_to_gregorian(1402, 13, 1)
    with pytest.raises(ValueError):
        persian_to_gregorian(1402, 7, 31)
    with pytest.raises(ValueError):
        nowruz(5000)


def test_every_day_for_sixty_years_round_trips() -> None:
    day = datetime.date(1980, 1, 1)
    while day < datetime.date(2040, 1, 1):
        assert persian_to_gregorian(*gregorian_to_persian(day)) == day
        day += datetime.timedelta(days=1)
