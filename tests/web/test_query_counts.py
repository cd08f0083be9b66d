"""No page issues more SQL queries for a bigger archive: the counts are pinned per page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest.service import ingest_article
from archive.models import Entity
from archive.search.postgres import search_plan

pytestmark = pytest.mark.django_db

# Upper bounds per page (measured, with a little room); the second check proves they do not grow.
PAGES = {
    "home": ("/", 5),
    "search": ("/search/?q=عێراق", 8),
    "search_nothing": ("/search/?q=ئەمەنادۆزرێتەوە", 3),
    "search_feed": ("/search/feed/?q=عێراق", 2),
    "article": ("{article}", 5),
    "article_from_search": ("{article}?q=عێراق", 5),
    "person": ("{person}", 8),
    "person_year": ("{person}?year=2021", 8),
    "person_feed": ("{person}feed/", 3),
    "people": ("/people/", 3),
    "people_search": ("/people/?name=كاظمي", 3),
    "dates": ("/dates/", 3),
    "year": ("/dates/2021/", 2),
    "month": ("/dates/2021/11/", 2),
    "day": ("/dates/2021/11/25/", 6),
    "outlets": ("/outlets/", 2),
    "outlet": ("/outlets/rudaw/", 5),
    "outlet_feed": ("/outlets/rudaw/feed/", 3),
    "export_csv": ("/search/export.csv?q=عێراق", 2),
    "export_json": ("/search/export.json?q=عێراق", 2),
}


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == 200, url
    return len(captured.captured_queries)


def _urls(paragraph_archive) -> dict[str, tuple[str, int]]:
    person = Entity.objects.get(kind="person", name="مستەفا کازمی").get_absolute_url()
    article = paragraph_archive[0].get_absolute_url()
    return {name: (url.format(article=article, person=person), limit) for name, (url, limit) in PAGES.items()}


def test_every_page_stays_within_its_query_budget_as_the_archive_grows(
    client, seed_article, paragraph_archive, django_assert_max_num_queries
):
    urls = _urls(paragraph_archive)
    search_plan()  # asked once per process and database, so not part of any page's budget
    before = {}
    for name, (url, limit) in urls.items():
        with django_assert_max_num_queries(limit):
            before[name] = _count(client, url)
    for number in range(25):
        ingest_article(
            body=f"هەواڵی {number}: مستەفا کازمی لە بەغدا لەگەڵ موقتەدا سەدر و نوێنەرانی عێراق کۆبووەوە.",
            source="Rudaw" if number % 2 else "K24",
            published=datetime.date(2021, 11, 1) + datetime.timedelta(days=number),
        )
    after = {name: _count(client, url) for name, (url, _) in urls.items()}
    assert after == before
