"""Import articles from files, folders, zips, CSV and JSON Lines: `manage.py import_articles PATH…`.

Resumable and idempotent: a run of the same paths continues the unfinished run (items already imported
are skipped), and text already in the archive is reported as a duplicate, never stored twice.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from archive.ingest import Draft, Limits, Refusal, read_upload
from archive.ingest.runner import FINAL, PreparePool, outcome_counts, store_entry
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


def _member(entry: Draft | Refusal, shown: str) -> str:
    return entry.member if entry.member.startswith(shown) else f"{shown} › {entry.member}"


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

    @staticmethod
    def _entries(entries, shown: str, finished: set[str], source: str | None):
        """The entries still to do, with the default outlet filled in."""
        for entry in entries:
            if _member(entry, shown) in finished:
                continue
            if source and isinstance(entry, Draft) and not entry.source:
                entry = replace(entry, source=source)
            yield entry

    def handle(self, *args, paths, source=None, fresh=False, max_file_mb=500, jobs=1, **options):
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
        bar = ProgressBar(len(files), label="files")
        with PreparePool(jobs) as pool:
            for index, (path, shown) in enumerate(files, 1):
                entries = self._entries(
                    read_upload(shown, path.read_bytes(), limits=limits), shown, finished, source
                )
                for entry, prepared in pool.prepared(entries):
                    item, _ = UploadItem.objects.get_or_create(
                        upload=upload, member=_member(entry, shown)[:1000]
                    )
                    if item.outcome not in FINAL:
                        store_entry(item, entry, prepared)
                bar.update(index)
            pool.close()
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
