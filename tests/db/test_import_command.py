"""`manage.py import_articles`: formats from disk, idempotency, and a kill in the middle followed by a re-run."""

import csv
import datetime
import io
import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connection

from archive.ingest.runner import flush_pending_lists
from archive.models import Article, Source, Upload, UploadItem
from tests.conftest import REPO, SEED_TEXT, shared_path

pytestmark = pytest.mark.django_db(transaction=True)


def distinct_articles(count: int) -> list[str]:
    """`count` different texts made of the sample article's sentences (each with its own number)."""
    sentences = [
        s.strip() for s in re.split(r"(?<=[.،])\s+", SEED_TEXT.read_text(encoding="utf-8")) if len(s) > 40
    ]
    rng = random.Random(7)
    return [f"ژمارە {n}: " + " ".join(rng.sample(sentences, 4)) for n in range(count)]


def write_folder(folder, texts):
    folder.mkdir()
    for n, body in enumerate(texts):
        (folder / f"article-{n:04d}.txt").write_text(body, encoding="utf-8")


@pytest.mark.parametrize("batch", ["1", "5"])  # one transaction per article; batches with a partial last one
def test_folder_import_is_idempotent(tmp_path, batch):
    write_folder(tmp_path / "news", distinct_articles(12))
    call_command("import_articles", str(tmp_path / "news"), "--batch", batch, verbosity=0)
    assert Article.objects.count() == 12
    assert flush_pending_lists() == 0  # the import merged its GIN pending lists before it ended
    assert set(Upload.objects.get().items.values_list("outcome", flat=True)) == {UploadItem.Outcome.IMPORTED}
    call_command("import_articles", str(tmp_path / "news"), "--fresh", "--batch", batch, verbosity=0)
    assert Article.objects.count() == 12
    second = Upload.objects.latest("created")
    assert set(second.items.values_list("outcome", flat=True)) == {UploadItem.Outcome.DUPLICATE}


def test_fakekurdnews_csv_imports_with_timestamps_and_outlets():
    csv_path = shared_path("data", "fakekurdnews", "real-5000.csv")
    call_command("import_articles", str(csv_path), verbosity=0)
    upload = Upload.objects.latest("created")
    imported = Article.objects.count()
    assert imported >= 4500  # a few posts repeat each other word for word: reported as duplicates
    assert upload.items.count() == 5000
    assert set(Source.objects.values_list("name", flat=True)) >= {"Kurdistan24", "NRT", "KNN", "Rudaw"}
    dated = Article.objects.filter(published__isnull=False, published_inferred=False)
    assert dated.count() == imported
    assert dated.order_by("published").first().published.isoformat() >= "2020-02-03"


def _database_url() -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"], settings["PORT"] or "5432"
    if host.startswith("/"):
        return f"postgres://{settings['USER']}@:{port}/{settings['NAME']}?host={host}"
    return f"postgres://{settings['USER']}:{settings['PASSWORD']}@{host}:{port}/{settings['NAME']}"


def _command(folder, *options: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "tests.settings"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(folder), *options],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_a_killed_import_is_completed_by_running_it_again_with_nothing_lost_or_doubled(tmp_path):
    texts = distinct_articles(300)
    folder = tmp_path / "news"
    write_folder(folder, texts)
    process = _command(folder)
    deadline = time.monotonic() + 120
    while Article.objects.count() < 40 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    assert process.poll() is None, "the import finished before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored_before = Article.objects.count()
    assert 40 <= stored_before < 300

    rerun = _command(folder)
    assert rerun.wait(timeout=600) == 0
    assert Article.objects.count() == 300
    upload = Upload.objects.get()  # the second run resumed the first
    assert upload.status == Upload.Status.DONE
    assert upload.items.count() == 300
    assert not upload.items.exclude(
        outcome__in=[UploadItem.Outcome.IMPORTED, UploadItem.Outcome.NEAR_DUPLICATE]
    ).exists()
    assert sorted(Article.objects.values_list("body", flat=True)) == sorted(texts)


BLOCK_KEY = 64_0606


@pytest.fixture
def marked_articles_wait_for_a_lock():
    """A trigger that makes the insert of a marked article wait for an advisory lock this test holds:
    the importer is then stopped in the middle of a batch, with part of the batch already written."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE FUNCTION test_wait_marked() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.body LIKE '%نیشانەی-وەستان%' THEN
                    PERFORM pg_advisory_xact_lock({BLOCK_KEY});
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_wait_marked BEFORE INSERT ON archive_article
                FOR EACH ROW EXECUTE FUNCTION test_wait_marked();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS test_wait_marked ON archive_article; DROP FUNCTION IF EXISTS test_wait_marked();"
        )


def _blocked_backend() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = %s AND NOT granted", [BLOCK_KEY]
        )
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.slow
def test_a_kill_in_the_middle_of_a_batch_loses_the_batch_and_the_rerun_stores_it_once(
    tmp_path, marked_articles_wait_for_a_lock
):
    texts = distinct_articles(100)
    texts[40] += " نیشانەی-وەستان"  # in the third batch of 16: articles 32-47
    folder = tmp_path / "news"
    write_folder(folder, texts)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [BLOCK_KEY])
    try:
        process = _command(folder, "--batch", "16", "--jobs", "1")
        deadline = time.monotonic() + 120
        while _blocked_backend() is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        backend = _blocked_backend()
        assert backend is not None, "the import never reached the marked article"
        process.send_signal(signal.SIGKILL)
        process.wait()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [BLOCK_KEY])
    # Two whole batches were committed; nothing of the third, although part of it had been written.
    upload = Upload.objects.get()
    assert Article.objects.count() == 32
    assert upload.items.filter(outcome=UploadItem.Outcome.IMPORTED).count() == 32
    assert not upload.items.exclude(outcome=UploadItem.Outcome.IMPORTED).exists()

    rerun = _command(folder, "--batch", "16")
    assert rerun.wait(timeout=600) == 0
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE
    assert upload.items.count() == 100
    assert set(upload.items.values_list("outcome", flat=True)) <= {
        UploadItem.Outcome.IMPORTED,
        UploadItem.Outcome.NEAR_DUPLICATE,
    }
    assert set(upload.items.values_list("attempts", flat=True)) == {1}
    assert sorted(Article.objects.values_list("body", flat=True)) == sorted(texts)


@pytest.mark.parametrize("batch", ["1", "5"])  # the one-article path and the batch path write the same report
def test_published_values_in_any_digit_script_are_read_and_unreadable_ones_are_reported(tmp_path, batch):
    bodies = distinct_articles(3)
    rows = [
        ("٢٩ - ١١ - ٢٠٢١", bodies[0]),
        ("0021-11-29", bodies[1]),
        ("Mon, 06 Dec 2021 10:00:00 GMT", bodies[2]),
    ]
    csv_path = tmp_path / "posts.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "body", "published"])
        writer.writerows((f"t{n}", body, when) for n, (when, body) in enumerate(rows))
    out = io.StringIO()
    call_command("import_articles", str(csv_path), "--batch", batch, verbosity=0, stdout=out)
    assert "1 published value not read as a date" in out.getvalue()
    assert "posts.csv#row 3: «0021-11-29»" in out.getvalue()
    items = {item.member: item for item in Upload.objects.get().items.select_related("article")}
    assert {item.outcome for item in items.values()} == {UploadItem.Outcome.IMPORTED}
    first, second, third = (items[f"posts.csv#row {n}"] for n in (2, 3, 4))
    assert (first.article.published, first.article.published_inferred) == (datetime.date(2021, 11, 29), False)
    assert (third.article.published, third.article.published_inferred) == (datetime.date(2021, 12, 6), False)
    assert first.message == third.message == ""
    # Imported all the same, dated from its text where it says when, and the report says why.
    assert second.article.published != datetime.date(21, 11, 29)
    assert "«0021-11-29» is not a date" in second.message and "«0021-11-29»" in second.message_ckb


def test_the_progress_counts_articles_with_their_total_even_in_one_large_file(tmp_path, capsys):
    bodies = distinct_articles(130)
    csv_path = tmp_path / "posts.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "body"])
        writer.writerows((f"t{n}", body) for n, body in enumerate(bodies))
    call_command("import_articles", str(csv_path), "--batch", "64", verbosity=0)
    shown = capsys.readouterr().err
    assert "reading 1 file…" in shown
    assert "articles [" in shown and "/130 " in shown  # counted in articles, out of the file's 130
    assert "articles 130 done in " in shown
    upload = Upload.objects.get()
    assert (upload.total_items, upload.done_items) == (130, 130)


def test_an_import_whose_count_fails_goes_on_without_a_total_and_says_why(tmp_path, capsys, monkeypatch):
    from archive.management.commands import import_articles

    def broken_count(*args):
        raise OSError("disk went away")

    monkeypatch.setattr(import_articles, "count_new_entries", broken_count)
    write_folder(tmp_path / "news", distinct_articles(5))
    call_command("import_articles", str(tmp_path / "news"), "--jobs", "1", "--batch", "2", verbosity=0)
    shown = capsys.readouterr().err
    assert "could not count the entries (disk went away); no total shown" in shown
    assert shown.count("could not count") == 1
    assert "articles 5 done in " in shown
    assert Article.objects.count() == 5
