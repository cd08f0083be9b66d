"""GET /api/search on the sample article: Kurdish inflection, Arabic spellings, facets, hostile parameters."""

import pytest

from tests.api.conftest import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]


def test_an_inflected_kurdish_query_finds_the_article_with_marked_words(client, seed_article):
    response = client.get("/api/search", {"q": "هێرشەکە"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1 and body["page"] == 1 and body["num_pages"] == 1
    [hit] = body["hits"]
    assert hit["id"] == seed_article.pk
    assert hit["title"] == seed_article.title
    assert hit["outlet"] == {"name": "Rudaw", "slug": "rudaw"}
    assert hit["published"] == "2021-11-29" and hit["published_precision"] == "day"
    assert hit["score"] > 0
    snippet = hit["snippet"]
    assert snippet["marks"], "the matched words are marked"
    marked = [snippet["text"][m["start"] : m["end"]] for m in snippet["marks"]]
    assert all(word.startswith("هێرش") for word in marked), marked
    # The snippet's own offset points into the article body.
    assert seed_article.body[snippet["start"] : snippet["start"] + len(snippet["text"])] == snippet["text"]


def test_an_arabic_spelled_name_finds_the_article_through_the_person_filter(client, seed_article):
    body = client.get("/api/search", {"q": "person:كاظمي"}).json()
    assert [hit["id"] for hit in body["hits"]] == [seed_article.pk]
    assert body["hits"][0]["score"] is None  # no text to rank: filter-only queries have no score


def test_facets_and_histogram_on_request_only(client, seed_article):
    plain = client.get("/api/search", {"q": "کازمی"}).json()
    assert plain["facets"] is None and plain["histogram"] is None
    body = client.get("/api/search", {"q": "کازمی", "facets": "true"}).json()
    assert body["histogram"] == [{"month": "2021-11", "count": 1}]
    people = {value["label"] for value in body["facets"]["person"]}
    assert "مستەفا کازمی" in people
    assert body["facets"]["source"] == [{"key": "rudaw", "label": "Rudaw", "count": 1}]
    assert body["facets"]["year"] == [{"key": "2021", "label": "2021", "count": 1}]
    assert body["facets"]["sampled"] is False


def test_sort_orders_and_pages(client, seed_article):
    from archive.ingest.service import ingest_article

    older = ingest_article(
        title="هێرش بۆ سەر بەغدا",
        body="هێرشێک کرایە سەر بەغدا و کازمی سەرکۆنەی کرد.",
        source="K24",
        published=__import__("datetime").date(2020, 1, 2),
    ).article
    newest_first = client.get("/api/search", {"q": "کازمی", "sort": "date"}).json()
    assert [h["id"] for h in newest_first["hits"]] == [seed_article.pk, older.pk]
    oldest_first = client.get("/api/search", {"q": "کازمی", "sort": "date_asc"}).json()
    assert [h["id"] for h in oldest_first["hits"]] == [older.pk, seed_article.pk]
    second = client.get("/api/search", {"q": "کازمی", "sort": "date", "per_page": 1, "page": 2}).json()
    assert [h["id"] for h in second["hits"]] == [older.pk]
    assert second["total"] == 2 and second["num_pages"] == 2
    past_the_end = client.get("/api/search", {"q": "کازمی", "page": 50}).json()
    assert past_the_end["hits"] == [] and past_the_end["total"] == 2


def test_query_problems_come_back_as_messages_in_both_languages(client, seed_article):
    body = client.get("/api/search", {"q": '"هێرش'}).json()
    codes = {m["code"] for m in body["messages"]}
    assert "unbalanced_quote" in codes
    message = next(m for m in body["messages"] if m["code"] == "unbalanced_quote")
    assert message["level"] in {"error", "note"} and message["message"] and message["message_ckb"]


def test_an_empty_query_is_an_empty_result_not_an_error(client, seed_article):
    body = client.get("/api/search").json()
    assert body["total"] == 0 and body["hits"] == [] and body["query"] == ""


def test_nothing_found_can_suggest_an_entity_name(client, seed_article):
    body = client.get("/api/search", {"q": "کازمیی"}).json()
    if body["total"] == 0:
        assert body["suggestion"] in {None, "مستەفا کازمی"}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": str(10**30)},
        {"page": "1e9"},
        {"page": "abc"},
        {"per_page": "0"},
        {"per_page": "1000"},
        {"sort": "random"},
        {"facets": "maybe"},
        {"q": "ک" * 10_001},
    ],
)
def test_absurd_parameters_are_422_in_the_one_error_shape(client, seed_article, params):
    response = client.get("/api/search", {"q": "کازمی", **params})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["details"] and error["details"][0]["loc"][0] == "query"


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "کازمی\x00",
        "\x01\x02\x1b[31m",
        "\u200f\u200e\u202e",
        "کازمی" * 2000,  # 10,000 characters, 20 kB of UTF-8
        "!" * 10_000,
        "'; DROP TABLE archive_article; --",
        "((((((((((کازمی",
        "person: place: org: source: from: to: date:",
        "date:2021-13-45",
        "%00",
    ],
)
def test_hostile_queries_answer_200(client, seed_article, query):
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["total"] >= 0


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%00%00", "%C0%AF", "%"])
def test_undecodable_query_strings_answer_200(client, seed_article, raw):
    response = client.get(f"/api/search?q={raw}")
    assert response.status_code == 200


def test_a_10_kb_query_is_shortened_with_a_note(client, seed_article):
    body = client.get("/api/search", {"q": "کازمی " * 1600}).json()
    assert "query_too_long" in {m["code"] for m in body["messages"]}
