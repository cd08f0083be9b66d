import datetime

from archive.display import eastern_digits, format_date


def test_kurdish_dates_use_eastern_digits_and_syriac_months():
    assert format_date(datetime.date(2021, 11, 29)) == "٢٩ی تشرینی دووەمی ٢٠٢١"
    assert format_date(datetime.date(2021, 11, 1), "month") == "تشرینی دووەمی ٢٠٢١"
    assert format_date(datetime.date(2003, 1, 1), "year") == "٢٠٠٣"


def test_latin_digits_setting_and_english():
    assert format_date(datetime.date(2021, 11, 29), latin_digits=True) == "29ی تشرینی دووەمی 2021"
    assert format_date(datetime.date(2021, 11, 29), language="en") == "29 November 2021"


def test_unknown_dates_are_said_honestly():
    assert format_date(None) == "بێ ڕێکەوت"
    assert format_date(datetime.date(2021, 1, 1), "unknown", language="en") == "undated"


def test_eastern_digits():
    assert eastern_digits(1234567890) == "١٢٣٤٥٦٧٨٩٠"
