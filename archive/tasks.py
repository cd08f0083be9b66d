"""Background work on Django's tasks framework (database-backed queue: django-tasks-db).

Any number of worker processes, on any machine that reaches the database, share the queue: a worker
claims a task with `SELECT … FOR UPDATE SKIP LOCKED` (django_tasks_db.models.DBTaskResultQuerySet.get_locked)
and marks it RUNNING in the same transaction, so no two workers run one task.

Sharing one upload: `process_upload_task` enqueues HAWAL_TASKS_PER_UPLOAD - 1 helper tasks for the same
upload, each with its own slot; every worker that picks one up does its slot's share first, then takes
whatever nobody else has done or holds (row locks, see `archive.ingest.runner.process_upload` and
`claim_entry`), so a big upload is imported by all idle workers at once.

Re-processing after an analyzer or extractor change: `reprocess_task`, enqueued once per worker
(`[reprocess_task.enqueue(extraction=True) for _ in range(4)]`), splits the stale articles the same way.

A worker killed mid-task: its item transaction rolls back (nothing half-written) and its task stays
RUNNING, which django-tasks-db alone would leave so for ever. Each of our tasks holds a PostgreSQL
advisory lock on a connection of its own while it runs (`lease`); the lock disappears with the process.
`requeue_abandoned` (run by `manage.py worker` every few seconds) puts a RUNNING task whose lock nobody
holds back on the queue, and gives up on one that has killed HAWAL_TASK_MAX_ATTEMPTS workers.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Q, QuerySet
from django.tasks import TaskContext, TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import archive.extract as extract
from archive.ingest.runner import process_upload
from archive.ingest.service import reprocess_article
from archive.models import Article, ProcessingStatus, Upload
from archive.search.document import INDEX_VERSION

logger = logging.getLogger(__name__)

LEASE_NAMESPACE = 0x4857  # first key of our advisory locks ("HW"), apart from anyone else's


class AbandonedTask(Exception):
    """Recorded as the error of a task whose workers kept dying."""


def lease_key(task_id: str) -> int:
    """The second advisory-lock key of a task: 32 bits of its UUID."""
    return int.from_bytes(uuid.UUID(str(task_id)).bytes[:4], "big", signed=True)


@contextmanager
def lease(task_id: str) -> Iterator[None]:
    """Hold the task's advisory lock for the duration, on a connection of its own: the task's own
    connection may be closed and reopened, this one lives exactly as long as the work (or the process)."""
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LEASE_NAMESPACE, lease_key(task_id)])
        yield
    finally:
        holder.close()


@task(takes_context=True)
def process_upload_task(
    context: TaskContext, upload_id: int, only_failed: bool = False, slot: int = 0, slots: int | None = None
) -> dict[str, int]:
    """Process an upload; the first task of a fresh one enqueues a helper for each other slot."""
    with lease(context.task_result.id):
        upload = Upload.objects.get(pk=upload_id)
        if slot > 0 and upload.status == Upload.Status.DONE:
            return {"total": upload.total_items, "done": upload.done_items}  # nothing left to help with
        if slots is None:
            slots = 1 if only_failed else max(1, settings.HAWAL_TASKS_PER_UPLOAD)
            if context.attempt == 1:  # a requeued run has its helpers already
                for helper in range(1, slots):
                    process_upload_task.enqueue(upload_id, slot=helper, slots=slots)
        upload = process_upload(upload, only_failed=only_failed, slot=slot, slots=slots)
    return {"total": upload.total_items, "done": upload.done_items}


def stale_articles(extraction: bool) -> QuerySet[Article]:
    """Articles analysed by another analyzer version (and, with `extraction`, extractor version or failed)."""
    stale = ~Q(analyzer_version=INDEX_VERSION)
    if extraction:
        stale |= ~Q(extractor_version=extract.VERSION) | Q(extraction_status=ProcessingStatus.FAILED)
    return Article.objects.filter(stale)


@task(takes_context=True)
def reprocess_task(context: TaskContext, extraction: bool = False, batch: int = 20) -> dict[str, int]:
    """Re-analyse (and re-extract) stale articles, a locked batch per transaction: enqueue it once per
    worker and they split the archive between them (`SKIP LOCKED`); a killed one's batch is redone."""
    done, last_id = 0, 0
    with lease(context.task_result.id):
        while True:
            with transaction.atomic():
                chunk = list(
                    stale_articles(extraction)
                    .filter(pk__gt=last_id)
                    .order_by("pk")
                    .select_for_update(skip_locked=True)[:batch]
                )
                if not chunk:
                    break
                for article in chunk:
                    reprocess_article(article, extraction=extraction)
            done, last_id = done + len(chunk), chunk[-1].pk
    return {"reprocessed": done}


LEASED_TASKS = (process_upload_task.module_path, reprocess_task.module_path)


def requeue_abandoned(*, grace: float | None = None) -> int:
    """Put RUNNING tasks whose worker died back on the queue; returns how many were requeued or failed.

    Only tasks that hold a `lease` are judged, and only after `grace` seconds (a task just claimed has
    not taken its lock yet). Safe to run from any number of workers at once.
    """
    grace = settings.HAWAL_TASK_REQUEUE_AFTER if grace is None else grace
    cutoff = timezone.now() - datetime.timedelta(seconds=grace)
    candidates = DBTaskResult.objects.running().filter(task_path__in=LEASED_TASKS, started_at__lt=cutoff)
    handled = 0
    for task_id in candidates.values_list("id", flat=True):
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=task_id, status=TaskResultStatus.RUNNING)
                .first()
            )
            if result is None:
                continue
            with connection.cursor() as cursor:
                # Transaction-level, so we let go at commit; taken only if no live worker holds the lease.
                cursor.execute(
                    "SELECT pg_try_advisory_xact_lock(%s, %s)", [LEASE_NAMESPACE, lease_key(str(task_id))]
                )
                if not cursor.fetchone()[0]:
                    continue
            if len(result.worker_ids) >= settings.HAWAL_TASK_MAX_ATTEMPTS:
                logger.error("task %s abandoned by %d workers; giving up", task_id, len(result.worker_ids))
                result.set_failed(AbandonedTask(f"{len(result.worker_ids)} workers died running this task"))
            else:
                logger.warning("task %s lost its worker; back on the queue", task_id)
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
            handled += 1
    return handled
