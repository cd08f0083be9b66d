"""Uploads end to end on real PostgreSQL: the admin form, the background worker, the report, retries."""

import io
import zipfile

import pytest
from django.core.management import call_command

from archive.ingest import Limits
from archive.ingest.runner import create_upload, process_upload
from archive.models import Article, Upload, UploadItem

# The worker closes database connections between tasks, as it must; that needs committed data.
pytestmark = pytest.mark.django_db(transaction=True)

STORY = "هێزەکانی پێشمەرگە لە سنووری {place} هێرشێکی چەکدارانیان تێکشکاند و {n} چەکدار دەستگیرکران. بەرپرسێکی ئەمنی گوتی ڕەوشەکە ئێستا ئارامە."


def story(place: str, n: int) -> str:
    return STORY.format(place=place, n=n)


def mixed_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("news/one.txt", story("کەرکووک", 3))
        archive.writestr("news/two.txt", story("خانەقین", 5).encode("utf-16"))
        archive.writestr("news/again.txt", story("کەرکووک", 3))  # the same text as one.txt
        archive.writestr("news/binary.txt", bytes(range(256)) * 8)
        archive.writestr("news/empty.txt", b"")
        archive.writestr("../../escape.txt", story("شنگال", 9))
    return buffer.getvalue()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


def upload_through_admin(client, editor, *files):
    client.force_login(editor)
    response = client.post("/admin/archive/upload/new/", {"files": list(files)})
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = Upload.objects.latest("created")
    assert upload.status == Upload.Status.QUEUED
    call_command("db_worker", "--batch", verbosity=0)  # the real worker, draining the queue once
    upload.refresh_from_db()
    return upload


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_zip_of_good_and_broken_files_gives_every_good_article_and_a_reason_for_each_broken_one(
    client, editor
):
    upload = upload_through_admin(client, editor, _file("batch.zip", mixed_zip()))
    assert upload.status == Upload.Status.DONE
    outcomes = {item.member.split("/")[-1]: item for item in upload.items.all()}
    assert outcomes["one.txt"].outcome == UploadItem.Outcome.IMPORTED
    assert outcomes["two.txt"].outcome == UploadItem.Outcome.IMPORTED  # UTF-16 decoded
    assert outcomes["again.txt"].outcome == UploadItem.Outcome.DUPLICATE
    assert outcomes["binary.txt"].outcome == UploadItem.Outcome.FAILED and outcomes["binary.txt"].message
    assert outcomes["empty.txt"].outcome == UploadItem.Outcome.FAILED
    escape = [item for item in upload.items.all() if "escape" in item.member]
    assert escape and escape[0].outcome == UploadItem.Outcome.FAILED and escape[0].code == "path_traversal"
    for item in upload.items.filter(outcome=UploadItem.Outcome.FAILED):
        assert item.message and item.message_ckb, item.member
    assert Article.objects.count() == 2
    assert upload.done_items == upload.total_items == upload.items.count()
    page = client.get(f"/admin/archive/upload/{upload.pk}/change/").content.decode()
    assert "path_traversal" in page or "outside" in page.lower() or escape[0].message in page


def test_uploads_need_a_staff_login(client):
    response = client.post(
        "/admin/archive/upload/new/", {"files": [_file("a.txt", story("هەولێر", 1).encode())]}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Upload.objects.count() == 0


def test_csrf_is_enforced_on_uploads(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        "/admin/archive/upload/new/", {"files": [_file("a.txt", story("هەولێر", 1).encode())]}
    )
    assert response.status_code == 403


def test_retry_reprocesses_only_the_failed_items(client, editor):
    big = story("دهۆک", 7) + " " + "زیاتر " * 400
    upload = create_upload([("small.txt", story("زاخۆ", 2).encode()), ("big.txt", big.encode())], user=editor)
    process_upload(upload, limits=Limits(max_file_bytes=1000))  # a stricter limit than today's
    small, failed = upload.items.get(member="small.txt"), upload.items.get(member="big.txt")
    assert small.outcome == UploadItem.Outcome.IMPORTED
    assert failed.outcome == UploadItem.Outcome.FAILED and failed.code == "too_large"
    client.force_login(editor)
    assert client.post(f"/admin/archive/upload/{upload.pk}/retry/").status_code == 302
    call_command("db_worker", "--batch", verbosity=0)
    small.refresh_from_db()
    failed.refresh_from_db()
    assert failed.outcome == UploadItem.Outcome.IMPORTED and failed.attempts == 2
    assert small.attempts == 1  # not touched again
    assert Article.objects.count() == 2


def test_near_duplicates_are_stored_and_linked(client, editor, seed_text):
    base = seed_text
    # The same story re-published: one word changed, a credit line added.
    edited = seed_text.replace("سێ درۆنەوە", "چەند درۆنێکەوە", 1) + "\nسەرچاوە: ئاژانسی هەواڵ."
    upload = upload_through_admin(
        client, editor, _file("a.txt", base.encode()), _file("b.txt", edited.encode())
    )
    items = {item.member: item for item in upload.items.all()}
    assert items["a.txt"].outcome == UploadItem.Outcome.IMPORTED
    assert items["b.txt"].outcome == UploadItem.Outcome.NEAR_DUPLICATE
    assert items["b.txt"].article.near_duplicate_of == items["a.txt"].article


def test_a_running_import_says_it_is_still_counting_until_its_total_is_known(client, editor):
    client.force_login(editor)
    upload = Upload.objects.create(origin="command", label="news", status=Upload.Status.RUNNING)
    page = lambda: client.get(f"/admin/archive/upload/{upload.pk}/change/").content.decode()  # noqa: E731
    Upload.objects.filter(pk=upload.pk).update(total_items=0, done_items=64)
    counting = page()  # the admin speaks Kurdish by default
    assert "ئامادەکردن: 64 بەش تا ئێستا، هێشتا ئەوانی تر دەژمێردرێن…" in counting
    assert "<progress" not in counting  # no bar that would sit full before the work is done
    Upload.objects.filter(pk=upload.pk).update(total_items=1000, done_items=128)
    counted = page()
    assert "ئامادەکردن: 128 لە 1000 بەش…" in counted
    assert '<progress max="1000" value="128">' in counted


def test_an_uploads_total_is_known_only_once_counted_and_not_below_what_is_done() -> None:
    assert not Upload(total_items=0, done_items=64).total_known  # still counting
    assert not Upload(total_items=100, done_items=128).total_known  # a stale total from before
    assert Upload(total_items=1000, done_items=128).total_known
    assert Upload(total_items=130, done_items=130).total_known
