"""The search page: results, facets, histogram, sort, pagination, did-you-mean, empty state."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.ingest.service import ingest_article
from archive.models import Article, Mention

pytestmark = pytest.mark.django_db


def _params(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(unescape(href)).query).items()}


def test_an_inflected_name_finds_the_article_and_marks_the_word(client, seed_article):
    html = client.get("/search/", {"q": "کازمییەکە"}).content.decode()
    assert seed_article.title in html
    assert re.search(r'<p class="snippet" dir="auto">.*<mark>کازمی</mark>', html)


def test_facets_link_to_the_query_narrowed_by_the_value(client, paragraph_archive):
    html = client.get("/search/", {"q": "سەدر", "sort": "date"}).content.decode()
    people = re.search(r'<section class="facet facet-person".*?</section>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" dir="auto">([^<]+)</a> <span class="count">([^<]+)</span>', people)
    assert links, people
    href, label, _ = links[0]
    params = _params(href)
    assert params["q"] == f'سەدر person:"{label}"'
    assert params["sort"] == "date"
    followed = client.get("/search/", params).content.decode()
    expected = Article.objects.search(params["q"]).count()
    assert expected >= 1
    assert re.search(r'<h1 id="results-heading">', followed)
    assert followed.count('class="article-item"') == expected


def test_year_facet_and_histogram_bars_narrow_by_date(client, paragraph_archive):
    html = client.get("/search/", {"q": "عێراق"}).content.decode()
    years = re.search(r'<section class="facet facet-date".*?</section>', html, re.S).group(0)
    year_href = re.search(r'<a href="([^"]+)" dir="auto">٢٠٢١</a>', years).group(1)
    assert _params(year_href)["q"] == "عێراق date:2021"
    bars = re.findall(r'<a href="(\?q=[^"]+)" aria-label="([^"]+)">', html)
    months = {a.published.replace(day=1) for a in Article.objects.search("عێراق") if a.published}
    assert len(bars) == len(months)
    href, _label = bars[0]
    params = _params(href)
    assert re.fullmatch(r"عێراق from:\d{4}-\d\d-01 to:\d{4}-\d\d-\d\d", params["q"])
    narrowed = client.get("/search/", params).content.decode()
    count = Article.objects.search(params["q"]).count()
    assert count and narrowed.count('class="article-item"') == count


def test_sort_links_keep_the_query_and_mark_the_current_order(client, paragraph_archive):
    html = client.get("/search/", {"q": "سەدر", "sort": "date_asc"}).content.decode()
    current = re.search(r'<a aria-current="true" href="([^"]+)">', html).group(1)
    assert _params(current) == {"q": "سەدر", "sort": "date_asc"}
    titles = re.findall(r'<li class="article-item">\s*<h2><a [^>]+>([^<]+)</a>', html)
    expected = list(Article.objects.search("سەدر", sort="date_asc").values_list("title", flat=True))
    assert [unescape(t) for t in titles] == expected


def test_pagination_keeps_the_query_and_sort(client, db):
    for number in range(23):
        ingest_article(
            body=f"ڕاپۆرتی ژمارە {number}: پەرلەمانی عێراق لە بەغدا کۆبووەوە و باسی بودجەی ساڵی {2000 + number} کرا.",
            source="Rudaw",
            published=datetime.date(2021, 1, 1) + datetime.timedelta(days=number),
        )
    html = client.get("/search/", {"q": "پەرلەمان", "sort": "date"}).content.decode()
    assert html.count('class="article-item"') == 20
    following = re.search(r'<a rel="next" href="([^"]+)">', html).group(1)
    assert _params(following) == {"q": "پەرلەمان", "sort": "date", "page": "2"}
    second = client.get("/search/", _params(following)).content.decode()
    assert second.count('class="article-item"') == 3
    assert _params(re.search(r'<a rel="prev" href="([^"]+)">', second).group(1))["page"] == "1"
    assert "لاپەڕەی ٢ لە ٢" in second


def test_nothing_found_offers_a_suggestion_and_examples(client, seed_article):
    html = client.get("/search/", {"q": "کازمێ"}).content.decode()
    assert "empty-state" in html
    suggestion = re.search(r'<p class="suggestion">.*?<a href="([^"]+)" dir="auto">([^<]+)</a>', html, re.S)
    assert suggestion, html
    assert _params(suggestion.group(1))["q"] == suggestion.group(2)
    assert 'href="?q=%22مستەفا+کازمی%22"' in html  # the syntax examples


def test_empty_query_shows_the_help_with_kurdish_examples(client):
    html = client.get("/search/").content.decode()
    assert 'id="help-heading"' in html
    assert "person:کازمی" in html


def test_result_links_carry_the_query_so_the_article_marks_it(client, seed_article):
    html = client.get("/search/", {"q": "هێرش"}).content.decode()
    href = re.search(rf'<a href="({seed_article.get_absolute_url()}\?q=[^"]+)"', html).group(1)
    article = client.get(unescape(href)).content.decode()
    assert "<mark>هێرشە</mark>" in article
    assert 'class="from-search"' in article


def test_export_and_feed_links_carry_the_query(client, seed_article):
    html = client.get("/search/", {"q": "کازمی"}).content.decode()
    assert re.search(r'href="/search/export\.csv\?q=%DA%A9%D8%A7%D8%B2%D9%85%DB%8C&amp;sort=relevance"', html)
    assert 'type="application/atom+xml"' in html
    assert Mention.objects.exists()


def test_a_total_past_the_count_cap_is_shown_as_an_estimate(client, paragraph_archive, monkeypatch):
    from archive.search import postgres

    exact = client.get("/search/", {"q": "سەدر"}).content.decode()
    heading = re.search(r'<h1 id="results-heading">([^<]+)</h1>', exact).group(1)
    assert "نزیکەی" not in heading
    monkeypatch.setattr(postgres, "COUNT_CAP", 1)
    total = Article.objects.search("سەدر").count()
    assert total > 1
    estimated = client.get("/search/", {"q": "سەدر"}).content.decode()
    heading = re.search(r'<h1 id="results-heading">([^<]+)</h1>', estimated).group(1)
    assert heading.startswith("نزیکەی ")
    body = client.get("/api/search", {"q": "سەدر"}).json()
    assert body["total_exact"] is False and body["total"] >= 2


def test_hits_escape_titles_outlets_and_the_query(client, db):
    ingest_article(
        body="هێزەکانی ئاسایش لە بەغدا کۆبوونەوە و باسی ڕەوشی شارەکەیان کرد.",
        title='<b>بەغدا</b> & "ئاسایش"',
        source="<i>Rudaw</i> & Co",
        published=datetime.date(2021, 11, 29),
    )
    html = client.get("/search/", {"q": 'بەغدا -"<script>"'}).content.decode()
    items = re.search(r'<ol class="article-list">(.*?)</ol>', html, re.S).group(1)
    assert items.count('class="article-item"') == 1
    assert "&lt;b&gt;بەغدا&lt;/b&gt; &amp; &quot;ئاسایش&quot;</a></h2>" in items
    assert "&lt;i&gt;Rudaw&lt;/i&gt; &amp; Co</a> · <time" in items
    href = re.search(r'<h2><a href="([^"]+)" dir="auto">', items).group(1)
    assert "<" not in href and '"' not in href
    assert _params(href)["q"] == 'بەغدا -"<script>"'
    assert "<script" not in items and "<b>" not in items and "<i>" not in items
