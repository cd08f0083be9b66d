"""Import articles from files, folders, zips, CSV and JSON Lines: `manage.py import_articles PATH…`.

Resumable and idempotent: a run of the same paths continues the unfinished run (items already imported
are skipped), and text already in the archive is reported as a duplicate, never stored twice. Worker
processes prepare articles (analysis, extraction) while this process stores them in batches, one
transaction per batch (`runner.store_entries`: a failing batch is stored again one article at a time),
and refreshes the planner's statistics whenever it has doubled the tables (`ingest.statistics`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from archive.ingest import Draft, Limits
from archive.ingest.published import unread_published_messages
from archive.ingest.readers import count_new_entries, new_entries
from archive.ingest.runner import (
    FINAL,
    PreparePool,
    flush_pending_lists,
    outcome_counts,
    store_entries,
    store_entry,
)
from archive.ingest.statistics import GrowthAnalyzer
from archive.models import Upload, UploadItem
from archive.progress import ProgressBar


def expand(paths: list[str]) -> list[tuple[Path, str]]:
    """Every file under the given paths, with the name to show for it (relative to the path given)."""
    files: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                files.append((child, str(child.relative_to(path.parent))))
        elif path.is_file():
            files.append((path, path.name))
        else:
            raise CommandError(f"No such file or folder: {raw}")
    return files


class Command(BaseCommand):
    help = "Import articles from files, folders, .zip, .csv, .jsonl, .html, .docx (resumable, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--source", help="outlet name for drafts that carry none")
        parser.add_argument(
            "--fresh", action="store_true", help="start a new run instead of resuming an unfinished one"
        )
        parser.add_argument("--max-file-mb", type=int, default=500, help="largest file accepted (MiB)")
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="processes that analyse and extract (default: all cores)",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=64,
            help="articles stored per transaction (1: one transaction per article)",
        )

    @staticmethod
    def _entries(files, limits: Limits, finished: set[str], source: str | None):
        """The entries still to do in every file, named as stored, with the default outlet filled in."""
        for member, entry in new_entries(files, limits, finished):
            if source and isinstance(entry, Draft) and not entry.source:
                entry = replace(entry, source=source)
            yield replace(entry, member=member) if entry.member != member else entry

    def handle(self, *args, paths, source=None, fresh=False, max_file_mb=500, jobs=1, batch=64, **options):
        files = expand(paths)
        key = hashlib.sha256("\n".join(str(p.resolve()) for p, _ in files).encode()).hexdigest()
        limit = max_file_mb * 1024 * 1024
        limits = Limits(max_file_bytes=limit, max_upload_bytes=limit, max_total_uncompressed=4 * limit)
        upload = (
            None
            if fresh
            else Upload.objects.filter(resume_key=key).exclude(status=Upload.Status.DONE).first()
        )
        if upload is None:
            label = ", ".join(paths)[:500]
            upload = Upload.objects.create(
                origin="command", label=label, resume_key=key, status=Upload.Status.RUNNING
            )
        else:
            self.stderr.write(
                f"resuming import #{upload.pk} ({upload.items.filter(outcome__in=FINAL).count()} items already done)"
            )
        finished = set(upload.items.filter(outcome__in=FINAL).values_list("member", flat=True))
        with PreparePool(jobs) as pool:
            self.stderr.write(f"reading {len(files)} file{'s' if len(files) != 1 else ''}…")
            # The entries still to do are counted by a worker while the others start on the articles
            # (≈ 5 s a 100,000 JSON Lines articles): the bar gets its honest total and ETA a few seconds
            # in, and the import does not wait for it.
            counted = pool.aside(count_new_entries, files, limits, frozenset(finished))
            bar = ProgressBar(None, label="articles")
            # The upload's own counts move too, so its admin page shows a command's progress as well.
            # Its total stays 0 (the admin page says "still counting") until the count comes in.
            Upload.objects.filter(pk=upload.pk).update(total_items=0, done_items=len(finished))
            pending: list = []
            unread: list[tuple[str, str]] = []  # (member, published value) of the first dates not read
            unread_count = 0
            stored = 0
            statistics = GrowthAnalyzer()  # the batches' look-ups stay index scans as the tables grow

            def store() -> None:
                nonlocal stored, unread_count, counted
                if batch > 1:
                    store_entries(upload, pending)
                else:
                    for member, entry, prepared in pending:
                        item, _ = UploadItem.objects.get_or_create(upload=upload, member=member)
                        if item.outcome not in FINAL:
                            store_entry(item, entry, prepared)
                for member, entry, _ in pending:
                    if isinstance(entry, Draft) and unread_published_messages(entry.published):
                        unread_count += 1
                        if len(unread) < 10:
                            unread.append((member, entry.published))
                stored += len(pending)
                statistics.stored(len(pending))
                pending.clear()
                progress = {"done_items": len(finished) + stored}
                if counted is not None and counted.done():
                    if counted.exception() is None:
                        bar.total = counted.result()
                        progress["total_items"] = len(finished) + bar.total
                    else:  # the import itself reports each entry it cannot read
                        bar.note(f"could not count the entries ({counted.exception()}); no total shown")
                    counted = None
                bar.update(stored)
                Upload.objects.filter(pk=upload.pk).update(**progress)

            for entry, prepared in pool.prepared(self._entries(files, limits, finished, source)):
                pending.append((entry.member, entry, prepared))
                if len(pending) >= batch:
                    store()
            store()
            pool.close()
        if stored:
            bar.note("merging the search indexes' pending entries…")
            try:
                flush_pending_lists()
            except DatabaseError as error:  # e.g. a database user that doesn't own the indexes
                self.stderr.write(
                    f"note: the search indexes' pending entries were left to autovacuum ({error})"
                )
        bar.close()
        counts = outcome_counts(upload)
        Upload.objects.filter(pk=upload.pk).update(
            status=Upload.Status.DONE,
            finished=timezone.now(),
            total_items=sum(counts.values()),
            done_items=sum(counts.values()),
        )
        summary = ", ".join(f"{UploadItem.Outcome(k).label}: {v}" for k, v in counts.items() if v)
        self.stdout.write(self.style.SUCCESS(f"import #{upload.pk}: {summary or 'nothing to import'}"))
        for item in upload.items.filter(outcome=UploadItem.Outcome.FAILED)[:50]:
            self.stdout.write(f"  failed: {item.member}: {item.message}")
        if unread_count:
            self.stdout.write(
                f"{unread_count} published value{'s' if unread_count != 1 else ''} not read as a date"
                " (those articles are dated from their text; the upload's report names each):"
            )
            for member, value in unread:
                self.stdout.write(f"  {member}: «{value}»")
