"""archive/tasks.py on real PostgreSQL: the requeue of tasks whose worker died, and parallel re-processing."""

import datetime

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from archive.ingest.runner import create_upload
from archive.ingest.service import ingest_article
from archive.models import Article
from archive.tasks import lease, process_upload_task, reprocess_task, requeue_abandoned, stale_articles

# Workers and leases use connections of their own, which must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

STORY = "هێزەکانی پێشمەرگە لە سنووری {place} هێرشێکی چەکدارانیان تێکشکاند و {n} چەکدار دەستگیرکران."


def running_task(workers: list[str], seconds_ago: float = 120) -> DBTaskResult:
    upload = create_upload([("a.txt", STORY.format(place="هەولێر", n=1).encode())])
    result = process_upload_task.enqueue(upload.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
        worker_ids=workers,
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_running_task_whose_worker_is_gone_goes_back_on_the_queue(settings):
    settings.HAWAL_TASK_MAX_ATTEMPTS = 3
    task = running_task(["dead-worker"])
    assert requeue_abandoned(grace=60) == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY


def test_a_task_whose_worker_holds_its_lease_is_left_alone():
    task = running_task(["live-worker"])
    with lease(str(task.pk)):  # a live worker's lock, on a connection of its own
        assert requeue_abandoned(grace=60) == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_just_claimed_is_given_time_to_take_its_lease():
    task = running_task(["new-worker"], seconds_ago=5)
    assert requeue_abandoned(grace=60) == 0
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_that_keeps_killing_its_workers_is_failed(settings):
    settings.HAWAL_TASK_MAX_ATTEMPTS = 3
    task = running_task(["w1", "w2", "w3"])
    assert requeue_abandoned(grace=60) == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "archive.tasks.AbandonedTask" and "3 workers died" in task.traceback


def test_reprocess_tasks_leave_no_stale_article_and_never_redo_one(seed_article):
    for n, place in enumerate(["کەرکووک", "خانەقین", "دهۆک", "زاخۆ"], 1):
        ingest_article(body=STORY.format(place=place, n=n), source="Rudaw")
    Article.objects.update(analyzer_version="an-old-analyzer")
    for _ in range(2):
        reprocess_task.enqueue(batch=2)
    call_command("worker", "--batch", verbosity=0)
    assert not stale_articles(extraction=False).exists()
    results = DBTaskResult.objects.filter(task_path=reprocess_task.module_path)
    assert [r.status for r in results] == [TaskResultStatus.SUCCESSFUL] * 2
    assert sorted(r.return_value["reprocessed"] for r in results) == [0, Article.objects.count()] == [0, 5]
