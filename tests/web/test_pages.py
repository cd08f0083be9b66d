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


@pytest.mark.parametrize("path", ["/articles/999999/", "/outlets/nothing-here/", "/entities/424242/"])
def test_missing_things_are_404_not_500(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("page_number", ["abc", "-1", "999999", "1e9", "%00"])
def test_any_page_number_gives_a_page(client, seed_article, page_number):
    assert client.get("/", {"page": page_number}).status_code == 200


def test_outlet_page_lists_its_articles(client, seed_article):
    response = client.get(seed_article.source.get_absolute_url())
    assert response.status_code == 200
    assert seed_article.title in response.content.decode()


def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_static_files_are_served_compressed_with_hashed_names(tmp_path, settings):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
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
