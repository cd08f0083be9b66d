"""`manage.py worker`: django-tasks-db's `db_worker`, plus a sweeper that requeues tasks whose worker died,
and patience when the database restarts (db_worker alone exits on the first connection error).

Same options as db_worker. Run one per core on as many machines as you like; they share the queue.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.conf import settings
from django.db import OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from archive.tasks import requeue_abandoned

logger = logging.getLogger(__name__)


def sweep() -> None:
    try:
        if found := requeue_abandoned():
            logger.warning("requeued %d task(s) whose worker died", found)
    except Exception:  # a failed sweep must not stop the worker; the next one tries again
        logger.exception("requeue sweep failed")
    finally:
        connections.close_all()  # this thread's connections only


def sweep_forever(stop: threading.Event, interval: float) -> None:
    while not stop.wait(interval):
        sweep()


class Command(DbWorkerCommand):
    help = "Run a background worker (db_worker) that also requeues tasks abandoned by dead workers"

    def handle(self, *args, **options):
        # With --reload the parent only restarts the child; the child (or a plain worker) sweeps.
        if not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            sweep()
            if not options.get("batch"):
                interval = max(1.0, settings.HAWAL_TASK_REQUEUE_AFTER / 2)
                threading.Thread(
                    target=sweep_forever, args=(threading.Event(), interval), daemon=True, name="requeue"
                ).start()
        failures, last_failure = 0, 0.0
        while True:
            try:
                super().handle(*args, **options)
                return
            except OperationalError as error:  # the database restarted or is unreachable: wait, then go on
                failures = 1 if time.monotonic() - last_failure > 60 else failures + 1
                last_failure = time.monotonic()
                delay = min(30, 2 ** (failures - 1))
                logger.warning("database unavailable (%s); trying again in %d s", error, delay)
                connections.close_all()
                time.sleep(delay)
