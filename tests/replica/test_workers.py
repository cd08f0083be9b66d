"""Two real `manage.py worker` processes import one upload; one is killed with SIGKILL half-way."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time

from tests.replica.cluster import REPO, django_env, manage

PLACES = ["هەولێر", "سلێمانی", "دهۆک", "کەرکووک", "هەڵەبجە", "زاخۆ", "خانەقین", "شنگال", "ڕانیە", "کۆیە"]
EVENTS = [
    "پەرلەمانی کوردستان کۆبوونەوەیەکی نائاسایی ئەنجامدا بۆ تاوتوێکردنی یاسای بودجە",
    "هێزەکانی پێشمەرگە هێرشێکی چەکدارانیان تێکشکاند و چەند چەکدارێک دەستگیرکران",
    "وەزارەتی تەندروستی ڕایگەیاند نەخۆشخانەیەکی نوێ دەکرێتەوە",
    "بارانێکی بەخوڕ بووە هۆی داخستنی چەند ڕێگایەکی سەرەکی",
]
ENQUEUE = """
import os
from archive.ingest.runner import create_upload
from archive.tasks import process_upload_task
with open(os.environ["BATCH_CSV"], "rb") as batch:
    upload = create_upload([("batch.csv", batch.read())], origin="command", label="two workers")
for _ in range(int(os.environ.get("ENQUEUE_TIMES", "1"))):
    process_upload_task.enqueue(upload.pk)
print(upload.pk)
"""


def batch_csv(distinct: int, repeated: int) -> bytes:
    """`distinct` different articles, then the first `repeated` of them again (exact duplicates)."""
    rows = []
    for n in range(distinct):
        place, event = PLACES[n % len(PLACES)], EVENTS[n % len(EVENTS)]
        body = (
            f"{event} لە {place}. بەرپرسێکی ناوچەکە گوتی ژمارە {n + 1} ی ئەم هەفتەیە ڕەوشەکە ئارامە."
            f" ڕاپۆرتی {n * 7 + 3} ی ئاژانسەکە وردەکاری زیاتری بڵاوکردەوە."
        )
        rows.append({"Body": body, "Source": "Rudaw", "Published": f"2021-11-{n % 28 + 1:02d}"})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["Body", "Source", "Published"])
    writer.writeheader()
    writer.writerows(rows + rows[:repeated])
    return buffer.getvalue().encode()


def start_worker(env: dict[str, str], worker_id: str, log) -> subprocess.Popen:
    command = [
        sys.executable,
        "manage.py",
        "worker",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0.2",
    ]
    return subprocess.Popen(
        [*command, "--worker-id", worker_id], env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT
    )


def test_two_workers_share_one_upload_and_a_killed_one_loses_and_doubles_nothing(cluster, tmp_path):
    primary = cluster.primary
    # Enough articles that each worker's half takes several batches: with 40, both halves were sometimes
    # done in one commit each before the kill could land between two (a CI run killed at 44 of 44).
    distinct, repeated = 300, 4
    (tmp_path / "batch.csv").write_bytes(batch_csv(distinct, repeated))
    env = django_env(
        primary,
        BATCH_CSV=str(tmp_path / "batch.csv"),
        HAWAL_TASKS_PER_UPLOAD="2",
        HAWAL_TASK_REQUEUE_AFTER="2",
    )
    articles_before = primary.value("SELECT count(*) FROM archive_article")
    upload = int(manage(env, "shell", "-c", ENQUEUE).strip().splitlines()[-1])

    def tasks() -> list[tuple[str, list[str]]]:
        return primary.query("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")

    def done_items() -> int:
        return primary.value(
            "SELECT count(*) FROM archive_uploaditem WHERE upload_id = %s AND outcome <> 'pending'", (upload,)
        )

    logs = {name: (tmp_path / f"worker-{name}.log").open("w") for name in "AB"}
    workers = {name: start_worker(env, name, logs[name]) for name in "AB"}
    try:
        killed = None
        deadline = time.monotonic() + 120
        while killed is None:  # kill a worker in the middle of its task, once both are at work
            assert time.monotonic() < deadline, "the workers never shared the upload"
            running = {w[-1] for status, w in tasks() if status == "RUNNING"}
            if running == {"A", "B"} and done_items() >= 8:
                killed = "A"
                os.kill(workers[killed].pid, signal.SIGKILL)
                workers[killed].wait()
            time.sleep(0.05)
        killed_at = done_items()
        while any(status in {"READY", "RUNNING"} for status, _ in tasks()):
            assert time.monotonic() < deadline, f"tasks never finished: {tasks()}"
            time.sleep(0.2)
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        for log in logs.values():
            log.close()

    assert killed_at < distinct + repeated  # the kill really was half-way
    statuses = tasks()
    assert [status for status, _ in statuses] == ["SUCCESSFUL"] * 2, statuses
    assert sorted(ids for _, ids in statuses) == [
        ["A", "B"],
        ["B"],
    ]  # the killed task was requeued, and finished
    items = primary.query(
        "SELECT outcome, article_id, attempts FROM archive_uploaditem WHERE upload_id = %s", (upload,)
    )
    assert len(items) == distinct + repeated  # nothing lost
    outcomes = sorted(outcome for outcome, _, _ in items)
    assert outcomes.count("duplicate") == repeated and "pending" not in outcomes and "failed" not in outcomes
    stored = [article for outcome, article, _ in items if outcome != "duplicate"]
    assert len(set(stored)) == len(stored) == distinct  # nothing doubled
    assert {article for outcome, article, _ in items if outcome == "duplicate"} <= set(stored)
    assert sum(attempts for _, _, attempts in items) == len(items)  # no item processed twice; none half-done
    assert primary.value("SELECT count(*) FROM archive_article") == articles_before + distinct
    assert primary.value("SELECT status FROM archive_upload WHERE id = %s", (upload,)) == "done"


def test_a_worker_outlives_a_database_restart(cluster, tmp_path):
    primary = cluster.primary
    (tmp_path / "batch.csv").write_bytes(batch_csv(3, 0).replace("ژمارە".encode(), "ڕۆژی".encode()))
    env = django_env(primary, BATCH_CSV=str(tmp_path / "batch.csv"), HAWAL_TASKS_PER_UPLOAD="1")
    with (tmp_path / "worker.log").open("w") as log:
        worker = start_worker(env, "C", log)
        try:
            # Wait until it polls the queue (a busy machine starts Django slowly), then keep the
            # database down for longer than a poll interval, so the worker is sure to meet it down.
            started = time.monotonic() + 120
            while "Starting worker" not in (tmp_path / "worker.log").read_text():
                assert worker.poll() is None and time.monotonic() < started, "the worker never started"
                time.sleep(0.2)
            time.sleep(1)
            primary.stop("fast")
            time.sleep(3)
            primary.start()
            upload = int(manage(env, "shell", "-c", ENQUEUE).strip().splitlines()[-1])
            deadline = time.monotonic() + 60
            while primary.value("SELECT status FROM archive_upload WHERE id = %s", (upload,)) != "done":
                assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "the upload was never processed"
                time.sleep(0.2)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert "database unavailable" in (tmp_path / "worker.log").read_text()


def test_two_tasks_on_one_upload_at_once_import_every_item_once(cluster, tmp_path):
    """Both workers walk the whole upload in the same order (an upload enqueued twice, no slots), so they
    meet on every item: only the row locks keep them from importing anything twice."""
    primary = cluster.primary
    distinct, repeated = 30, 3
    body = batch_csv(distinct, repeated).replace("ژمارە".encode(), "هەفتەی".encode())
    (tmp_path / "batch.csv").write_bytes(body)
    env = django_env(
        primary, BATCH_CSV=str(tmp_path / "batch.csv"), HAWAL_TASKS_PER_UPLOAD="1", ENQUEUE_TIMES="2"
    )
    logs = {name: (tmp_path / f"worker-{name}.log").open("w") for name in "DE"}
    workers = {name: start_worker(env, name, logs[name]) for name in "DE"}
    try:
        deadline = time.monotonic() + 120
        while not all("Starting worker" in (tmp_path / f"worker-{n}.log").read_text() for n in "DE"):
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.1)  # both polling before the tasks exist, so each takes one
        upload = int(manage(env, "shell", "-c", ENQUEUE).strip().splitlines()[-1])
        while primary.value(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status <> 'SUCCESSFUL'"
        ):
            assert time.monotonic() < deadline, "tasks never finished"
            time.sleep(0.2)
    finally:
        for process in workers.values():
            process.terminate()
            process.wait(timeout=30)
        for log in logs.values():
            log.close()
    workers_used = primary.query(
        "SELECT worker_ids FROM django_tasks_database_dbtaskresult WHERE args_kwargs->'args'->>0 = %s",
        (str(upload),),
    )
    assert sorted(ids[0] for (ids,) in workers_used) == ["D", "E"]  # both ran at once
    items = primary.query(
        "SELECT outcome, article_id, attempts FROM archive_uploaditem WHERE upload_id = %s", (upload,)
    )
    assert len(items) == distinct + repeated
    assert sorted(outcome for outcome, _, _ in items).count("duplicate") == repeated
    stored = [article for outcome, article, _ in items if outcome != "duplicate"]
    assert len(set(stored)) == len(stored) == distinct
    assert sum(attempts for _, _, attempts in items) == len(items)
