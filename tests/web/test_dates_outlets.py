"""Dates (year → month → day, on this day) and outlets."""

import datetime
import re

import pytest
from django.utils import timezone

from archive.ingest.service import ingest_article
from archive.models import Article, DateMention

pytestmark = pytest.mark.django_db


def _eastern(number: int) -> str:
    return "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(number))


def test_dates_index_lists_years_with_counts(client, paragraph_archive):
    html = client.get("/dates/").content.decode()
    for year in (2020, 2021, 2022):
        count = Article.objects.filter(published__year=year).count()
        link = re.search(
            rf'<a href="/dates/{year}/"><span class="year">([^<]+)</span> <span class="count">([^<]+)</span>',
            html,
        )
        assert link.groups() == (_eastern(year), f"{_eastern(count)} وتار")


def test_year_page_counts_each_month(client, paragraph_archive):
    html = client.get("/dates/2021/").content.decode()
    november = Article.objects.filter(published__year=2021, published__month=11).count()
    assert november >= 3
    block = re.search(r'<a href="/dates/2021/11/">(.*?)</a>', html, re.S).group(1)
    assert "تشرینی دووەم" in block
    assert _eastern(november) + " وتار" in block
    assert '<a href="/dates/2021/2/"><span class="month">شوبات</span>' in html


def test_month_calendar_shows_how_many_articles_each_day_has(client, paragraph_archive):
    html = client.get("/dates/2021/11/").content.decode()
    assert '<h1><time datetime="2021-11-01">تشرینی دووەمی ٢٠٢١</time></h1>' in html
    cells = dict(
        re.findall(
            r'<td class="has-articles"><a href="/dates/2021/11/(\d+)/"><span class="day-number">[^<]+</span><span class="count">([^<]+)</span>',
            html,
        )
    )
    expected = {}
    for article in Article.objects.filter(
        published__year=2021, published__month=11, published_precision="day"
    ):
        expected[str(article.published.day)] = expected.get(str(article.published.day), 0) + 1
    assert set(cells) == set(expected)
    assert cells["7"] == _eastern(expected["7"]) + " وتار"
    # Saturday first: 1 November 2021 was a Monday, so two empty cells come before it.
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    assert first_row.startswith('<td class="pad"></td><td class="pad"></td><td')
    assert 'href="/dates/2021/10/"' in html and 'href="/dates/2021/12/"' in html


def test_day_page_separates_published_from_mentioning(client, paragraph_archive):
    day = datetime.date(2021, 11, 25)
    html = client.get("/dates/2021/11/25/").content.decode()
    published_section = re.search(r'aria-labelledby="published-heading">(.*?)</section>', html, re.S).group(1)
    mentioning_section = re.search(r'aria-labelledby="mentioning-heading">(.*?)</section>', html, re.S).group(
        1
    )
    published = Article.objects.filter(published=day)
    mentioning = Article.objects.filter(
        pk__in=DateMention.objects.filter(value=day, precision="day").values("article_id")
    )
    assert published.exists() and mentioning.exists()
    for article in published:
        assert f'href="{article.get_absolute_url()}"' in published_section
    for article in mentioning:
        assert f'href="{article.get_absolute_url()}"' in mentioning_section
    assert published_section.count('class="article-title"') == published.count()
    assert mentioning_section.count('class="article-title"') == mentioning.count()


def test_on_this_day_shows_earlier_years(client, paragraph_archive):
    html = client.get("/dates/2021/11/25/").content.decode()
    otd = re.search(r'<section class="on-this-day".*?</section>', html, re.S).group(0)
    earlier = Article.objects.get(published=datetime.date(2020, 11, 25))
    assert f'href="{earlier.get_absolute_url()}"' in otd
    assert "/articles/" in otd and "٢٠٢١" not in re.sub(r"<h2.*?</h2>", "", otd)


def test_on_this_day_on_the_dates_index_uses_today(client, db):
    today = timezone.localdate()
    result = ingest_article(
        body="ڕووداوێکی کۆن لە هەولێر کە لەم ڕۆژەدا ڕوویدا و هەواڵەکەی بڵاوکرایەوە بۆ خوێنەران.",
        source="Rudaw",
        published=today.replace(year=today.year - 3) if not (today.month == 2 and today.day == 29) else None,
    )
    html = client.get("/dates/").content.decode()
    if result.article.published:
        assert f'href="{result.article.get_absolute_url()}"' in html


@pytest.mark.parametrize("path", ["/dates/2021/13/", "/dates/2021/2/30/", "/dates/0/", "/dates/10000/1/"])
def test_impossible_dates_are_404(client, path):
    assert client.get(path).status_code == 404


def test_outlets_list_and_page_with_timeline(client, paragraph_archive):
    html = client.get("/outlets/").content.decode()
    rudaw = Article.objects.filter(source__slug="rudaw").count()
    assert re.search(r'<a href="/outlets/rudaw/" dir="auto">Rudaw</a></th><td>([^<]+)</td>', html).group(
        1
    ) == _eastern(rudaw)
    page = client.get("/outlets/rudaw/").content.decode()
    assert page.count('class="article-title"') == rudaw
    months = {a.published.replace(day=1) for a in Article.objects.filter(source__slug="rudaw") if a.published}
    assert len(re.findall(r'<a href="/search/\?q=source%3A%22Rudaw%22[^"]*" aria-label=', page)) == len(
        months
    )
    assert 'href="/outlets/rudaw/feed/"' in page


def test_links_are_what_reverse_gives_for_kurdish_slugs_and_ids(db):
    from django.urls import reverse

    from archive.models import Article, Entity, Source

    source = Source.objects.create(name="ڕووداو", slug="ڕووداو-نیوز")
    article = Article.objects.create(title="تاقی", body="تاقیکردنەوە", source=source, content_hash="links-1")
    entity = Entity.objects.create(kind="person", name="مستەفا کازمی", key="مستفا کازمی")
    assert source.get_absolute_url() == reverse("archive:source", kwargs={"slug": source.slug})
    assert source.get_absolute_url().startswith("/outlets/%DA%95")
    assert article.get_absolute_url() == reverse("archive:article", kwargs={"pk": article.pk})
    assert entity.get_absolute_url() == reverse("archive:entity", kwargs={"pk": entity.pk})
