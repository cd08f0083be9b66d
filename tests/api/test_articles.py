"""GET /api/articles and GET /api/articles/{id}: real extraction output with offsets, filters, bad ids."""

import datetime

import pytest

from archive.ingest.service import ingest_article
from tests.api.conftest import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


@pytest.fixture
def three_articles(seed_article):
    k24 = ingest_article(
        title="نرخی نەوت",
        body="نرخی نەوت لە بازاڕەکانی جیهان بەرزبووەوە.",
        source="Kurdistan24",
        published=datetime.date(2022, 5, 2),
    ).article
    undated = ingest_article(
        title="بێ بەروار", body="ئەم هەواڵە هیچ ڕێکەوتێکی تێدا نییە و کورتە.", source="NRT"
    ).article
    return seed_article, k24, undated


def test_the_list_is_newest_first_with_undated_last(client, three_articles):
    seed, k24, undated = three_articles
    body = client.get("/api/articles").json()
    assert [item["id"] for item in body["items"]] == [k24.pk, seed.pk, undated.pk]
    assert body["total"] == 3 and body["num_pages"] == 1
    assert body["items"][0] == {
        "id": k24.pk,
        "title": "نرخی نەوت",
        "outlet": {"name": "Kurdistan24", "slug": "kurdistan24"},
        "published": "2022-05-02",
        "published_precision": "day",
        "url": "",
    }


def test_filters_by_outlet_and_dates(client, three_articles):
    seed, k24, _ = three_articles
    assert [i["id"] for i in client.get("/api/articles", {"source": "rudaw"}).json()["items"]] == [seed.pk]
    assert [i["id"] for i in client.get("/api/articles", {"source": "Kurdistan24"}).json()["items"]] == [
        k24.pk
    ]
    window = client.get("/api/articles", {"from": "2021-11-01", "to": "2021-12-31"}).json()
    assert [i["id"] for i in window["items"]] == [seed.pk]
    assert client.get("/api/articles", {"from": "2030-01-01"}).json()["items"] == []
    assert client.get("/api/articles", {"source": "nobody"}).json()["total"] == 0


def test_pages(client, three_articles):
    seed, k24, undated = three_articles
    pages = [client.get("/api/articles", {"per_page": 2, "page": n}).json() for n in (1, 2, 3)]
    assert [[i["id"] for i in p["items"]] for p in pages] == [[k24.pk, seed.pk], [undated.pk], []]
    assert pages[0]["num_pages"] == 2


def test_an_article_with_its_entities_and_dates_at_their_offsets(client, seed_article):
    response = client.get(f"/api/articles/{seed_article.pk}")
    assert response.status_code == 200
    article = response.json()
    body = article["body"]
    assert body == seed_article.body
    assert article["published"] == "2021-11-29" and article["published_inferred"] is True
    people = {e["name"]: e for e in article["entities"] if e["kind"] == "person"}
    assert {"مستەفا کازمی", "موقتەدا سەدر"} <= set(people)
    surfaces = {m["surface"] for m in people["مستەفا کازمی"]["mentions"]}
    assert {"مستەفا کازمی", "کازمی"} <= surfaces
    for entity in article["entities"]:
        for mention in entity["mentions"]:
            assert body[mention["start"] : mention["end"]][:300] == mention["surface"]
    days = {(d["surface"], d["value"]) for d in article["dates"]}
    assert ("٢٩ - ١١ - ٢٠٢١", "2021-11-29") in days
    assert ("٧ - ١١ - ٢٠٢١", "2021-11-07") in days
    for date in article["dates"]:
        assert body[date["start"] : date["end"]][:200] == date["surface"]


def test_a_missing_article_is_404_in_the_one_error_shape(client, db):
    response = client.get("/api/articles/999999")
    assert response.status_code == 404
    error = error_of(response)
    assert error["code"] == "article_not_found"
    assert error["message_ckb"] == "هیچ وتارێک بەم ناسنامەیە نییە."


@pytest.mark.parametrize("bad_id", ["abc", "0", "-5", "1.5", str(2**63), "9" * 40, "%00"])
def test_impossible_ids_are_422(client, db, bad_id):
    response = client.get(f"/api/articles/{bad_id}")
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2021-13-45"},
        {"to": "yesterday"},
        {"page": "0"},
        {"per_page": "101"},
        {"page": "99999999999999999999"},
    ],
)
def test_bad_list_parameters_are_422(client, db, params):
    response = client.get("/api/articles", params)
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"


def test_unknown_api_paths_are_json_404(client, db):
    response = client.get("/api/nothing/here")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
