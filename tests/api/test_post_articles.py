"""POST /api/articles: staff tokens, single and batch bodies, per-item report like an upload's."""

import json

import pytest
from django.test import override_settings

from archive.api.auth import issue_token, user_for_token
from archive.models import Article, Upload, UploadItem
from tests.api.conftest import error_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

NEW_BODY = "سەرۆکی هەرێمی کوردستان ئەمڕۆ لە هەولێر پێشوازی لە شاندێکی بازرگانی کرد و باسی بازاڕ و وزە کرا."


def post(client, payload, headers=None):
    return client.post(
        "/api/articles", json.dumps(payload), content_type="application/json", headers=headers or {}
    )


def test_tokens_belong_to_active_staff_only(staff_user, django_user_model):
    token = issue_token(staff_user)
    assert user_for_token(token) == staff_user
    assert user_for_token(token + "x") is None
    assert user_for_token("") is None and user_for_token("7:abc:def") is None
    reader = django_user_model.objects.create_user("reader", password="not-a-real-password-2")
    assert user_for_token(issue_token(reader)) is None
    staff_user.set_password("a-new-password-3")
    staff_user.save()
    assert user_for_token(token) is None, "a password change revokes earlier tokens"


def test_expired_tokens_are_refused(staff_user):
    token = issue_token(staff_user)
    with override_settings(HAWAL_API_TOKEN_MAX_AGE=-1):
        assert user_for_token(token) is None


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 5000]
)
def test_without_a_good_token_it_is_401(client, db, header):
    response = post(client, {"body": NEW_BODY}, {"Authorization": header} if header else {})
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not Article.objects.exists()


def test_a_token_of_a_user_who_is_no_longer_staff_is_403(client, staff_user, staff_headers):
    staff_user.is_staff = False
    staff_user.save()
    response = post(client, {"body": NEW_BODY}, staff_headers)
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"


def test_a_deactivated_user_is_403(client, staff_user, staff_headers):
    staff_user.is_active = False
    staff_user.save()
    assert post(client, {"body": NEW_BODY}, staff_headers).status_code == 403


def test_one_article_is_stored_analysed_and_searchable(client, staff_user, staff_headers):
    response = post(
        client,
        {
            "body": NEW_BODY,
            "title": "پێشوازی",
            "source": "Rudaw",
            "url": "https://example.org/1",
            "published": "٢٠٢٣-٠٥-١٠",
        },
        staff_headers,
    )
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["imported"] == 1 and report["duplicates"] == 0 and report["failed"] == 0
    [item] = report["items"]
    assert item["index"] == 0 and item["outcome"] == "imported" and item["code"] == ""
    article = Article.objects.get(pk=item["article_id"])
    assert article.title == "پێشوازی" and article.source.name == "Rudaw"
    assert str(article.published) == "2023-05-10" and article.published_precision == "day"
    assert [
        h["id"] for h in client.get("/api/search", {"q": "بازرگانییەکان OR بازرگانی"}).json()["hits"]
    ] == [article.pk]
    upload = Upload.objects.get(pk=report["upload_id"])
    assert upload.origin == "api" and upload.created_by == staff_user and upload.status == "done"


def test_a_batch_reports_each_item_in_order(client, seed_article, staff_headers):
    batch = [
        {"body": NEW_BODY, "published": "2023-05"},
        {"body": seed_article.body},  # the same text as the sample article
        {"body": "   "},
        {"body": "هەواڵێکی تر دەربارەی بەغدا و هەولێر.", "published": "29/11/2021"},
        {"body": "هەواڵێکی کورت دەربارەی سلێمانی.", "source": "K24\x00", "url": "x\x00y"},
        {"body": NEW_BODY},  # a duplicate of the first item of the same batch
    ]
    response = post(client, batch, staff_headers)
    assert response.status_code == 200, response.content
    report = response.json()
    outcomes = [(i["index"], i["outcome"], i["code"]) for i in report["items"]]
    assert outcomes == [
        (0, "imported", ""),
        (1, "duplicate", "duplicate"),
        (2, "failed", "empty"),
        (3, "failed", "bad_date"),
        (4, "imported", ""),
        (5, "duplicate", "duplicate"),
    ]
    assert (report["imported"], report["duplicates"], report["failed"]) == (2, 2, 2)
    assert report["items"][1]["article_id"] == seed_article.pk
    assert report["items"][5]["article_id"] == report["items"][0]["article_id"]
    for item in report["items"]:
        assert item["message"] and item["message_ckb"]
    assert report["items"][2]["message_ckb"] == "وتارەکە هیچ دەقێکی تێدا نییە."
    month = Article.objects.get(pk=report["items"][0]["article_id"])
    assert month.published_precision == "month"
    assert Article.objects.get(pk=report["items"][4]["article_id"]).source.name == "K24"
    rows = UploadItem.objects.filter(upload_id=report["upload_id"]).order_by("id")
    assert [(r.member, r.outcome, r.code) for r in rows] == [
        ("api#0", "imported", ""),
        ("api#1", "duplicate", "duplicate"),
        ("api#2", "failed", "empty"),
        ("api#3", "failed", "bad_date"),
        ("api#4", "imported", ""),
        ("api#5", "duplicate", "duplicate"),
    ]


@pytest.mark.parametrize(
    "payload",
    [
        [],
        [{"body": "دەق"}] * 101,
        {"title": "no body"},
        {"body": 12},
        "just a string",
        [1, 2, 3],
        None,
    ],
)
def test_malformed_bodies_are_422(client, staff_headers, payload):
    response = post(client, payload, staff_headers)
    assert response.status_code == 422
    assert error_of(response)["code"] == "validation_error"
    assert not Article.objects.exists()


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe", b"[{]"])
def test_unreadable_json_is_a_4xx_in_the_one_shape(client, staff_headers, raw):
    response = client.post("/api/articles", raw, content_type="application/json", headers=staff_headers)
    assert 400 <= response.status_code < 500
    error_of(response)


def test_a_body_over_the_upload_limit_is_413(client, staff_headers):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = post(client, {"body": "هەواڵ " * 500}, staff_headers)
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"
