"""Atom feeds for searches, entities and outlets; CSV and JSON export of every match, streamed."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.http import StreamingHttpResponse

from archive.models import Article, Entity

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed.findall(f"{ATOM}entry")


def test_search_feed_lists_the_newest_matches(client, paragraph_archive):
    entries = _entries(client.get("/search/feed/", {"q": "سەدر"}))
    expected = list(Article.objects.search("سەدر", sort="date"))
    assert [e.find(f"{ATOM}title").text for e in entries] == [a.title for a in expected]
    assert entries[0].find(f"{ATOM}link").get("href").endswith(expected[0].get_absolute_url())
    feed = ET.fromstring(client.get("/search/feed/", {"q": "سەدر"}).content)
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href").endswith("/search/feed/?q=%D8%B3%DB%95%D8%AF%D8%B1")
    )
    summary = entries[0].find(f"{ATOM}summary").text
    assert "سەدر" in summary and "<mark>" not in summary


def test_search_feed_of_an_empty_query_is_the_latest_articles(client, paragraph_archive):
    entries = _entries(client.get("/search/feed/"))
    assert len(entries) == Article.objects.count()


def test_person_and_outlet_feeds(client, paragraph_archive):
    kazmi = Entity.objects.get(kind="person", name="مستەفا کازمی")
    person = _entries(client.get(f"/entities/{kazmi.pk}/feed/"))
    mentioning = Article.objects.filter(mentions__entity=kazmi).distinct()
    assert {e.find(f"{ATOM}title").text for e in person} == {a.title for a in mentioning}
    outlet = _entries(client.get("/outlets/rudaw/feed/"))
    assert len(outlet) == Article.objects.filter(source__slug="rudaw").count()
    assert client.get("/outlets/nothing/feed/").status_code == 404
    assert client.get("/entities/999999/feed/").status_code == 404


def test_csv_export_streams_every_match(client, paragraph_archive):
    response = client.get("/search/export.csv", {"q": "عێراق", "sort": "date"})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="hawal-search.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffid,title,outlet")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    expected = list(Article.objects.search("عێراق", sort="date"))
    assert [int(r["id"]) for r in rows] == [a.pk for a in expected]
    assert rows[0]["body"] == expected[0].body
    assert rows[0]["page"] == expected[0].get_absolute_url()


def test_json_export_streams_every_match(client, paragraph_archive):
    response = client.get("/search/export.json", {"q": "سەدر"})
    assert isinstance(response, StreamingHttpResponse)
    data = json.loads(b"".join(response.streaming_content))
    assert data["query"] == "سەدر"
    expected = list(Article.objects.search("سەدر", sort="date"))
    assert [a["id"] for a in data["articles"]] == [a.pk for a in expected]
    assert data["articles"][0]["published"] == (
        expected[0].published.isoformat() if expected[0].published else None
    )


def test_export_of_nothing_is_empty_but_valid(client, db):
    assert (
        json.loads(b"".join(client.get("/search/export.json", {"q": ""}).streaming_content))["articles"] == []
    )
    lines = b"".join(client.get("/search/export.csv", {"q": "xyz"}).streaming_content).decode().splitlines()
    assert len(lines) == 1
