import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_home_lists_the_latest_articles_in_an_rtl_kurdish_page(client, seed_article):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="ckb" dir="rtl">', html)
    assert seed_article.title in html
    assert f'href="/articles/{seed_article.pk}/"' in html
    assert "٢٩ی تشرینی دووەمی ٢٠٢١" in html


def test_empty_archive_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "empty-state" in response.content.decode()


def test_article_page_shows_the_text_and_inferred_date(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "موقتەدا سەدر" in html
    assert 'datetime="2021-11-29"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/articles/999999/",
        "/outlets/nothing-here/",
        "/entities/424242/",
        "/entities/424242/feed/",
        "/outlets/nothing-here/feed/",
        "/dates/2021/0/",
        "/dates/2021/11/31/",
    ],
)
def test_missing_things_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page_number", ["abc", "-1", "999999", "1e9", "%00"])
@pytest.mark.parametrize(
    "path", ["/", "/search/?q=کازمی", "/people/", "/outlets/rudaw/", "/dates/2021/11/29/"]
)
def test_any_page_number_gives_a_page(client, seed_article, page_number, path):
    assert (
        client.get(path, {"page": page_number, "mentions_page": page_number, "year": page_number}).status_code
        == 200
    )


def test_home_offers_the_ways_in(client, seed_article):
    html = client.get("/").content.decode()
    for href in ("/search/", "/people/", "/places/", "/organisations/", "/dates/", "/outlets/"):
        assert f'href="{href}"' in html
    assert "مستەفا کازمی" in html  # most mentioned people
    assert '<a class="skip-link" href="#main">' in html
    assert re.search(r"<main id=\"main\"", html) and "<footer" in html and "<header" in html


def test_outlet_page_lists_its_articles(client, seed_article):
    response = client.get(seed_article.source.get_absolute_url())
    assert response.status_code == 200
    assert seed_article.title in response.content.decode()


def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_static_files_are_served_compressed_with_hashed_names(tmp_path, settings):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--no-input", verbosity=0)
        manifest = (tmp_path / "staticfiles.json").read_text()
        hashed = re.search(r'"hawal/hawal\.css": "(hawal/hawal\.[0-9a-f]{12}\.css)"', manifest).group(1)
        assert (tmp_path / (hashed + ".gz")).exists()
        response = Client().get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "max-age=315360000" in response["Cache-Control"]
        response.close()


HOSTILE = [
    "'",
    '"',
    ":*",
    "&|!<->",
    "\\",
    "%00",
    "<script>alert(1)</script>",
    "from:2021-13-45",
    "ی" * 5000,
    "  ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_breaks_a_page(client, seed_article, text):
    for path, params in [
        ("/search/", {"q": text, "sort": text, "page": text}),
        (seed_article.get_absolute_url(), {"q": text}),
        ("/people/", {"name": text}),
        ("/search/feed/", {"q": text}),
    ]:
        response = client.get(path, params)
        assert response.status_code == 200, (path, text)
        assert b"<script>alert(1)</script>" not in response.content
    export = client.get("/search/export.json", {"q": text, "sort": text})
    assert export.status_code == 200
    b"".join(export.streaming_content)


def test_kurdish_is_the_default_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ckb" dir="rtl">' in response.content.decode()
    client.cookies["django_language"] = "en"
    assert '<html lang="en" dir="ltr">' in client.get("/").content.decode()
