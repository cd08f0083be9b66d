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


def test_month_links_narrow_the_query_to_the_month_and_keep_the_rest():
    import datetime
    from urllib.parse import parse_qs, urlsplit

    from archive.charts import search_month_link

    link = search_month_link('کازمی "ئەنجومەنی وەزیران" from:2020-01-01 to:2020-02-01', sort="date")
    params = parse_qs(urlsplit(link(datetime.date(2021, 2, 1))).query)
    assert params == {"q": ['کازمی "ئەنجومەنی وەزیران" from:2021-02-01 to:2021-02-28'], "sort": ["date"]}
    assert parse_qs(urlsplit(search_month_link("")(datetime.date(2024, 2, 1))).query)["q"] == [
        "from:2024-02-01 to:2024-02-29"
    ]
