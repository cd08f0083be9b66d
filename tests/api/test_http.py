"""HTTP behaviour of the API: conditional GET (ETag, Last-Modified → 304), CORS, the search rate limit,
the OpenAPI document and the docs page."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from archive.api.caching import VERSION_CACHE_KEY
from archive.api.throttle import Rate, parse_rate
from archive.ingest.service import ingest_article
from archive.models import Article
from tests.api.conftest import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

READS = ["/api/search?q=کازمی", "/api/articles", "/api/entities?kind=person", "/api/dates/2021-11-07"]


@pytest.mark.parametrize("path", READS)
def test_reads_are_cacheable_and_revalidate_to_304(client, seed_article, path):
    first = client.get(path)
    assert first.status_code == 200
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"].startswith("public")
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    assert client.get(path, headers={"If-Modified-Since": last_modified}).status_code == 304
    # A new article changes every list once the remembered archive version expires: the old ETag no
    # longer matches.
    ingest_article(
        title="نوێ", body="هەواڵێکی نوێ دەربارەی کازمی و بەغدا.", published=datetime.date(2021, 11, 30)
    )
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304, (
        "remembered for a few seconds"
    )
    cache.delete(VERSION_CACHE_KEY)  # what expiry does
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_archive_version_cache_can_be_switched_off(client, seed_article):
    with override_settings(HAWAL_API_VERSION_SECONDS=0):
        etag = client.get("/api/articles").headers["ETag"]
        ingest_article(
            title="نوێ", body="هەواڵێکی نوێ دەربارەی هەولێر.", published=datetime.date(2021, 11, 30)
        )
        assert client.get("/api/articles", headers={"If-None-Match": etag}).status_code == 200


def test_deleting_an_older_article_changes_every_list(client, seed_article):
    """Neither the newest change nor the highest id moves when an older article goes: the deletion
    counter (migration 0013's trigger) does."""
    newer = ingest_article(
        title="نوێ", body="هەواڵێکی نوێ دەربارەی هەولێر.", published=datetime.date(2021, 11, 30)
    ).article
    with override_settings(HAWAL_API_VERSION_SECONDS=0):
        etag = client.get("/api/articles").headers["ETag"]
        assert client.get("/api/articles", headers={"If-None-Match": etag}).status_code == 304
        Article.objects.filter(pk=seed_article.pk).delete()
        assert Article.objects.order_by("-updated").first().pk == newer.pk  # the newest is still there
        changed = client.get("/api/articles", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_an_article_revalidates_on_its_own_updated(client, seed_article):
    path = f"/api/articles/{seed_article.pk}"
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert (
        client.get(path.replace(str(seed_article.pk), str(seed_article.pk)) + "?x=1").headers["ETag"] != etag
    )
    time.sleep(0.01)
    Article.objects.get(pk=seed_article.pk).save()  # bumps `updated`
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200


def test_different_pages_have_different_etags(client, seed_article):
    assert (
        client.get("/api/articles?page=1").headers["ETag"]
        != client.get("/api/articles?page=2").headers["ETag"]
    )


@pytest.mark.parametrize(
    "path", [*READS, "/api/articles/999999", "/api/search?page=0", "/api/dates/2021-02-30"]
)
def test_every_read_answer_allows_any_origin(client, seed_article, path):
    response = client.get(path, headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_search_is_rate_limited_per_client_with_retry_after(client, seed_article):
    with override_settings(HAWAL_API_SEARCH_RATE="3/min"):
        statuses = [client.get("/api/search", {"q": "کازمی"}).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        limited = client.get("/api/search", {"q": "کازمی"})
        assert limited.status_code == 429
        error = error_of(limited)
        assert error["code"] == "rate_limited"
        retry_after = int(limited.headers["Retry-After"])
        assert 1 <= retry_after <= 60
        assert error["details"] == {"retry_after": retry_after}
        assert str(retry_after) in error["message"] and "چرکە" in error["message_ckb"]
        assert limited["Access-Control-Allow-Origin"] == "*"
        # Another client (address) is counted separately; other endpoints are not limited.
        assert client.get("/api/search", {"q": "کازمی"}, REMOTE_ADDR="10.0.0.2").status_code == 200
        assert client.get("/api/articles").status_code == 200


def test_forwarded_for_is_only_believed_behind_a_trusted_proxy(client, seed_article):
    with override_settings(HAWAL_API_SEARCH_RATE="1/min"):
        assert client.get("/api/search", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
        # Spoofing X-Forwarded-For does not escape the limit when no proxy is trusted.
        assert client.get("/api/search", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    with override_settings(HAWAL_API_SEARCH_RATE="1/min", HAWAL_TRUSTED_PROXIES=1):
        assert client.get("/api/search", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 200
        assert client.get("/api/search", HTTP_X_FORWARDED_FOR="4.4.4.4").status_code == 200
        assert client.get("/api/search", HTTP_X_FORWARDED_FOR="4.4.4.4").status_code == 429


def test_the_limit_can_be_switched_off(client, seed_article):
    with override_settings(HAWAL_API_SEARCH_RATE="off"):
        assert {client.get("/api/search").status_code for _ in range(30)} == {200}


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("120/min", Rate(120, 60)),
        ("10/s", Rate(10, 1)),
        ("30/15", Rate(30, 15)),
        ("5/day", Rate(5, 86400)),
        ("off", None),
        ("", None),
        ("0/min", None),
        ("x/min", None),
        ("10/fortnight", None),
    ],
)
def test_rates(text, rate):
    assert parse_rate(text) == rate


def test_the_openapi_document_and_docs(client, db):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Hawal API" and schema["info"]["version"] == "1"
    assert set(schema["paths"]) == {
        "/api/search",
        "/api/articles",
        "/api/articles/{id}",
        "/api/entities",
        "/api/entities/{id}",
        "/api/dates/{day}",
    }
    assert set(schema["paths"]["/api/articles"]) == {"get", "post"}
    names = set(schema["components"]["schemas"])
    assert {
        "SearchOut",
        "SearchHitOut",
        "ArticleOut",
        "ArticleIn",
        "EntityOut",
        "DayOut",
        "ErrorOut",
    } <= names
    assert all(name.endswith(("In", "Out")) for name in names), names
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.content


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("delete", "/api/articles", "GET, POST"),
        ("post", "/api/search", "GET"),
        ("put", "/api/dates/2021-11-07", "GET"),
    ],
)
def test_wrong_methods_are_405_in_the_one_shape(client, db, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == set(allowed.split(", "))


def test_head_is_get_without_the_body(client, seed_article):
    response = client.head("/api/articles")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == client.get("/api/articles")["ETag"]
    assert client.head("/api/articles/999999").status_code == 404
