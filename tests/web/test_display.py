"""Pure display helpers: linked article text, numbers, month charts (no database)."""

import datetime

from archive.charts import histogram_bars, month_bars, without_date_filters
from archive.display import LinkSpan, format_date, format_number, linked_text_html


def test_mentions_become_links_and_everything_else_is_escaped():
    text = 'سەدر <b>گوتی</b> "بەغدا" & هەولێر'
    html = linked_text_html(text, [LinkSpan(0, 4, "/entities/1/", "entity person", "موقتەدا سەدر")])
    assert html.startswith('<p><a href="/entities/1/" class="entity person" title="موقتەدا سەدر">سەدر</a>')
    assert "&lt;b&gt;گوتی&lt;/b&gt;" in html
    assert "&quot;بەغدا&quot; &amp; هەولێر" in html
    assert "<b>" not in html


def test_hostile_link_attributes_are_escaped():
    html = linked_text_html("کازمی", [LinkSpan(0, 5, '/x"><script>', 'a" onmouseover="x', '"><img>')])
    assert "<script>" not in html and "<img>" not in html
    assert 'onmouseover="x"' not in html


def test_the_outer_mention_wins_when_mentions_nest():
    text = "وەزارەتی دەرەوەی ئەمریکا"
    org = LinkSpan(0, len(text), "/entities/9/", "entity org")
    place = LinkSpan(text.index("ئەمریکا"), len(text), "/entities/8/", "entity place")
    html = linked_text_html(text, [place, org])
    assert html == f'<p><a href="/entities/9/" class="entity org">{text}</a></p>'


def test_marks_split_at_link_edges_so_tags_nest():
    text = "مستەفا کازمی گوتی"
    html = linked_text_html(text, [LinkSpan(0, 12, "/e/1/", "entity person")], [(7, 17)])
    assert html == (
        '<p><a href="/e/1/" class="entity person">مستەفا <mark>کازمی</mark></a><mark> گوتی</mark></p>'
    )


def test_blank_lines_make_paragraphs_and_links_never_cross_them():
    text = "یەکەم\n\nدووەم\nسێیەم"
    html = linked_text_html(text, [LinkSpan(0, 12, "/e/1/", "entity")])
    assert html == "<p>یەکەم</p><p>دووەم<br>سێیەم</p>"


def test_numbers_and_dates_in_the_readers_digits():
    assert format_number(12500) == "١٢٬٥٠٠"
    assert format_number(12500, latin_digits=True) == "12,500"
    assert format_number(12500, language="en") == "12,500"
    assert format_date(datetime.date(2021, 11, 29)) == "٢٩ی تشرینی دووەمی ٢٠٢١"
    assert format_date(datetime.date(2021, 11, 29), latin_digits=True) == "29ی تشرینی دووەمی 2021"


def test_month_bars_fill_empty_months_and_link_each_bar():
    counts = [(datetime.date(2021, 11, 1), 4), (datetime.date(2022, 1, 1), 2)]
    chart = month_bars(counts, lambda month: f"/m/{month:%Y-%m}/")
    assert [bar.month for bar in chart.bars] == [
        datetime.date(2021, 11, 1),
        datetime.date(2021, 12, 1),
        datetime.date(2022, 1, 1),
    ]
    assert [bar.count for bar in chart.bars] == [4, 0, 2]
    assert chart.bars[0].height == 80 and chart.bars[1].height == 0 and chart.bars[2].height == 40
    assert chart.bars[2].href == "/m/2022-01/"
    assert chart.bars[0].label == "تشرینی دووەمی ٢٠٢١: ٤"
    assert chart.first_label == "تشرینی دووەمی ٢٠٢١" and chart.last_label == "کانوونی دووەمی ٢٠٢٢"


def test_svg_bars_escape_links_and_labels_and_skip_empty_months():
    counts = [(datetime.date(2021, 11, 1), 4), (datetime.date(2022, 1, 1), 2)]
    chart = month_bars(counts, lambda month: f'/s/?q="<x>"&m={month:%Y-%m}')
    svg = chart.svg_bars()
    assert svg.count("<a ") == 2  # December has no articles: no bar to click
    assert "/s/?q=&quot;&lt;x&gt;&quot;&amp;m=2021-11" in svg
    assert "<x>" not in svg
    assert '<rect x="0" y="0" width="199" height="80"/>' in svg
    assert "<title>تشرینی دووەمی ٢٠٢١: ٤</title>" in svg


def test_histogram_bars_narrow_the_query_to_the_month():
    chart = histogram_bars([(datetime.date(2021, 2, 1), 3)], "کازمی", language="en")
    assert (
        chart.bars[0].href == "?q=%DA%A9%D8%A7%D8%B2%D9%85%DB%8C+from%3A2021-02-01+to%3A2021-02-28&sort=date"
    )
    assert chart.bars[0].label == "February 2021: 3"
    assert not histogram_bars([], "کازمی")


def test_narrowing_by_month_replaces_earlier_date_filters():
    chart = histogram_bars([(datetime.date(2021, 3, 1), 1)], "کازمی date:2021 from:2021-01-01 to:2021-12-31")
    assert "date%3A" not in chart.bars[0].href
    assert chart.bars[0].href.count("from%3A") == 1
    assert (
        without_date_filters('person:"مستەفا کازمی" FROM:2020-01-01 هەولێر') == 'person:"مستەفا کازمی" هەولێر'
    )


def test_empty_months_are_drawn_without_label_or_link():
    counts = [(datetime.date(2021, 11, 1), 4), (datetime.date(2022, 1, 1), 2)]
    chart = month_bars(counts, lambda month: f"/m/{month:%Y-%m}/")
    empty = chart.bars[1]
    assert (empty.count, empty.label, empty.href) == (0, "", "")
    assert "کانوونی یەکەم" not in chart.svg_bars()
