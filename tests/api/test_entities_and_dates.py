"""GET /api/entities (any spelling), /api/entities/{id} and /api/dates/{day} on the sample article."""

import pytest

from archive.models import Entity
from tests.api.conftest import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


@pytest.mark.parametrize("spelling", ["كاظمي", "کازمی", "مستەفا کازمی", "مستەفا كازمي"])
def test_kurdish_and_arabic_spellings_find_the_same_person(client, seed_article, spelling):
    body = client.get("/api/entities", {"kind": "person", "q": spelling}).json()
    assert [item["name"] for item in body["items"]] == ["مستەفا کازمی"]
    assert body["items"][0]["mention_count"] >= 3  # «مستەفا کازمی» and «کازمی», several times


def test_the_kind_filter_and_most_mentioned_first(client, seed_article):
    places = client.get("/api/entities", {"kind": "place"}).json()["items"]
    assert {p["name"] for p in places} >= {"عێراق", "بەغدا"}
    counts = [p["mention_count"] for p in places]
    assert counts == sorted(counts, reverse=True)
    assert places[0]["name"] == "عێراق"
    assert client.get("/api/entities", {"kind": "place", "q": "كاظمي"}).json()["items"] == []


def test_entity_detail_has_aliases_months_and_neighbours(client, seed_article):
    kazmi = Entity.objects.get(name="مستەفا کازمی")
    body = client.get(f"/api/entities/{kazmi.pk}").json()
    assert body["id"] == kazmi.pk and body["kind"] == "person"
    assert "کازمی" in body["aliases"]
    assert body["months"] == [{"month": "2021-11", "count": 1}]
    neighbours = {c["name"] for c in body["co_occurring"]}
    assert {"موقتەدا سەدر", "عێراق", "بەغدا"} <= neighbours
    assert "مستەفا کازمی" not in neighbours


def test_a_merged_entity_answers_with_its_survivor(client, seed_article):
    kazmi = Entity.objects.get(name="مستەفا کازمی")
    duplicate = Entity.objects.create(kind="person", name="کازمیی", key="کازمیی-x", merged_into=kazmi)
    assert client.get(f"/api/entities/{duplicate.pk}").json()["id"] == kazmi.pk


def test_missing_entity_is_404_and_bad_kind_is_422(client, db):
    assert error_of(client.get("/api/entities/424242"))["code"] == "entity_not_found"
    response = client.get("/api/entities", {"kind": "animal"})
    assert response.status_code == 422 and error_of(response)["code"] == "validation_error"


@pytest.mark.parametrize("q", ["\x00", "\x00كاظمي", "ـــ", "*", "%", "_", "'", "ك" * 300])
def test_odd_entity_queries_answer_200(client, seed_article, q):
    response = client.get("/api/entities", {"q": q})
    assert response.status_code == 200


def test_a_day_lists_what_was_published_and_what_mentions_it(client, seed_article):
    published = client.get("/api/dates/2021-11-29").json()
    assert published["day"] == "2021-11-29"
    assert [a["id"] for a in published["published"]] == [seed_article.pk] and published[
        "published_total"
    ] == 1
    attack = client.get("/api/dates/2021-11-07").json()
    assert attack["published"] == [] and attack["published_total"] == 0
    [mentioning] = attack["mentioned"]
    assert mentioning["id"] == seed_article.pk
    surfaces = [m["surface"] for m in mentioning["mentions"]]
    assert "٧ - ١١ - ٢٠٢١" in surfaces and "٧ی ئەم مانگە" in surfaces
    for mention in mentioning["mentions"]:
        assert seed_article.body[mention["start"] : mention["end"]] == mention["surface"]
    quiet = client.get("/api/dates/1999-01-01").json()
    assert quiet["published"] == [] and quiet["mentioned"] == []


@pytest.mark.parametrize("day", ["2021-13-45", "2021-02-30", "0000-01-01", "9999-99-99"])
def test_impossible_days_are_422_naming_the_day(client, db, day):
    response = client.get(f"/api/dates/{day}")
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error" and error["details"][0]["loc"] == ["path", "day"]


def test_a_day_may_be_written_in_kurdish_digits(client, seed_article):
    body = client.get("/api/dates/٢٠٢١-١١-٠٧").json()
    assert body["day"] == "2021-11-07" and body["mentioned_total"] == 1


@pytest.mark.parametrize(
    "day", ["2021-1-1", "yesterday", "2021-11-07x", "%00", "2021-11-07%00", "0", "1637000000"]
)
def test_days_not_written_as_yyyy_mm_dd_are_422(client, db, day):
    response = client.get(f"/api/dates/{day}")
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"
