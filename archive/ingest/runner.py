"""Running an upload: every file's drafts through `ingest_article`, one transaction per article
(`store_entries`: one per batch of articles for bulk imports, falling back to one per article).

An Upload holds its files' bytes (UploadFile) and one UploadItem per file, archive member or row, with
what became of it. Processing is resumable and idempotent: items that already reached a final outcome are
skipped, so a run killed half-way is finished by running it again, with nothing lost and nothing doubled
(an article and its item are written in the same transaction). `retry_failed` re-reads only the files
with failed items and re-processes only those items.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from archive.ingest import Draft, Limits, Refusal, read_upload
from archive.ingest.bulk import ArticleRequest, store_articles
from archive.ingest.prepare import (
    IngestError,
    PreparedArticle,
    payload,
    prepare_payload,
    prepare_payloads,
    start_worker,
)
from archive.ingest.published import parse_published, unread_published_messages
from archive.ingest.rows import insert_rows, select_rows
from archive.ingest.service import near_duplicate_messages, store_article
from archive.models import DatePrecision, Upload, UploadFile, UploadItem

logger = logging.getLogger(__name__)

FINAL = (UploadItem.Outcome.IMPORTED, UploadItem.Outcome.DUPLICATE, UploadItem.Outcome.NEAR_DUPLICATE)
Progress = Callable[[int, int], None]


def create_upload(
    files: Iterable[tuple[str, bytes]],
    *,
    user=None,
    origin: str = "admin",
    label: str = "",
    resume_key: str = "",
) -> Upload:
    """Store the uploaded files' bytes in a new Upload, ready for a worker."""
    with transaction.atomic():
        upload = Upload.objects.create(
            created_by=user, origin=origin, label=label[:500], resume_key=resume_key
        )
        for name, data in files:
            UploadFile.objects.create(
                upload=upload,
                name=name[:500],
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
            )
    return upload


def _record_failure(item: UploadItem, code: str, message_en: str, message_ckb: str) -> None:
    item.outcome = UploadItem.Outcome.FAILED
    item.code, item.message, item.message_ckb = code[:40], message_en, message_ckb
    item.save(update_fields=["outcome", "code", "message", "message_ckb", "attempts"])


def prepare_entry(entry: Draft | Refusal) -> tuple[Draft | Refusal, PreparedArticle | IngestError | None]:
    """The pure half of importing one entry (safe to run in a worker process)."""
    return entry, prepare_payload(payload(entry))


def store_entry(
    item: UploadItem, entry: Draft | Refusal, prepared: PreparedArticle | IngestError | None
) -> None:
    """The database half: an article (or a recorded reason) for one entry. Never raises for bad input."""
    item.attempts += 1
    if isinstance(entry, Refusal):
        _record_failure(item, entry.code, entry.message_en, entry.message_ckb)
        return
    if isinstance(prepared, IngestError):
        _record_failure(item, prepared.code, prepared.message_en, prepared.message_ckb)
        return
    item.format = entry.format[:20]
    item.original_sha256 = entry.original_sha256
    item.save(update_fields=["format", "original_sha256", "attempts"])
    published = parse_published(entry.published)
    try:
        result = store_article(
            prepared,
            source=entry.source,
            url=entry.url or "",
            published=published[0] if published else None,
            precision=published[1] if published else DatePrecision.UNKNOWN,
            upload_item=item,
            original_sha256=entry.original_sha256,
            original_format=entry.format,
            durable=False,
        )
    except Exception as error:
        logger.exception("import of %s failed", item.member)
        _record_failure(
            item,
            "internal_error",
            f"Unexpected error while storing this article ({type(error).__name__}); it can be retried.",
            f"هەڵەیەکی چاوەڕواننەکراو لە کاتی پاشەکەوتکردنی ئەم وتارەدا ({type(error).__name__})؛ دەتوانرێت دووبارە هەوڵ بدرێتەوە.",
        )
        return
    if result.article is None:  # exact duplicate: nothing stored, say which article it repeats
        item.outcome = UploadItem.Outcome.DUPLICATE
        item.article = result.duplicate_of
        item.code = "duplicate"
        item.message, item.message_ckb = duplicate_messages(result.duplicate_of.pk)
        item.save(update_fields=["outcome", "article", "code", "message", "message_ckb"])
        return
    note = unread_published_messages(entry.published)
    if note is not None:
        item.message, item.message_ckb = imported_messages((item.message, item.message_ckb), note)
        item.save(update_fields=["message", "message_ckb"])


def imported_messages(*notes: tuple[str, str] | None) -> tuple[str, str]:
    """An imported item's report: its notes (English, Sorani) joined, the empty ones left out."""
    present = [note for note in notes if note and note[0]]
    return " ".join(en for en, _ in present), " ".join(ckb for _, ckb in present)


def process_entry(item: UploadItem, entry: Draft | Refusal) -> None:
    """One draft or refusal → an article (or a recorded reason), in this process."""
    store_entry(item, *prepare_entry(entry))


SHARE_RUN = 32  # consecutive entries a worker sharing an upload takes as its own


def _item_states(upload: Upload, upload_file: UploadFile) -> dict[str, tuple[str, int]]:
    """member → (outcome, attempts) of the file's items as they are now."""
    rows = upload.items.filter(file=upload_file).values_list("member", "outcome", "attempts")
    return {member: (outcome, attempts) for member, outcome, attempts in rows}


def claim_entry(
    upload: Upload,
    upload_file: UploadFile,
    entry: Draft | Refusal,
    seen: tuple[str, int],
    *,
    only_failed: bool,
    wait: bool,
) -> bool | None:
    """Process one entry under its item's row lock, so workers sharing an upload never do an item twice.

    `seen` is the item's (outcome, attempts) when this run started; a higher attempt count means another
    worker did it meanwhile. Returns True if this call processed it, False if there was nothing to do, and
    None if another worker holds it right now (`wait=False`; with `wait=True` we wait for its lock). A
    worker killed mid-item rolls back: its lock goes away and the item is still to do, never half-written.
    """
    outcome, attempts = seen
    if outcome in FINAL or (only_failed and outcome != UploadItem.Outcome.FAILED):
        return False
    item, _ = UploadItem.objects.get_or_create(
        upload=upload, member=entry.member[:1000], defaults={"file": upload_file}
    )
    with transaction.atomic():
        item = UploadItem.objects.select_for_update(skip_locked=not wait).filter(pk=item.pk).first()
        if item is None:
            return None
        if item.outcome in FINAL or item.attempts > attempts:
            return False
        process_entry(item, entry)
    return True


def duplicate_messages(article_id: int) -> tuple[str, str]:
    return (
        f"Already in the archive as article {article_id}.",
        f"پێشتر لە ئەرشیفدایە وەک وتاری {article_id}.",
    )


class PreparePool:
    """Runs `prepare_entry` in worker processes, a window at a time (memory stays bounded), with DEPTH
    windows in flight so the workers never wait for the main process to store one. jobs=1 prepares
    in-process.

    A `concurrent.futures` process pool, not `multiprocessing.Pool`: the latter's worker-handler thread
    also waits on the result pipe, so it wakes up (and polls every worker) ≈ 14 times per article while
    results stream in — about a quarter of the importer's CPU, taken from the cores the workers need.
    """

    WINDOW = 64
    DEPTH = 2
    CHUNK = 16  # articles per task: fewer round trips, still several tasks per window for each worker

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self.executor = None
        if self.jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from django.db import connections

            connections.close_all()  # children must not inherit open database sockets
            # Workers run only archive.ingest.prepare (no Django), so "spawn" children start cheaply and safely.
            self.executor = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker
            )
            # The pool starts a process when a task finds no idle one: start them all now, so they load
            # their models while the caller does other work (the import command counts its entries).
            for _ in range(self.jobs):
                self.executor.submit(int)

    def aside(self, function, *args) -> Future:
        """``function(*args)`` in a worker process, beside the preparing (it runs in this process, now,
        when there are no workers). ``function`` and its arguments must pickle and need no Django."""
        if self.executor is not None:
            return self.executor.submit(function, *args)
        done: Future = Future()
        try:
            done.set_result(function(*args))
        except Exception as error:  # noqa: BLE001 -- the caller gets it from the future, as from a worker's
            done.set_exception(error)
        return done

    def prepared(self, entries: Iterable[Draft | Refusal]):
        if self.executor is None:
            yield from map(prepare_entry, entries)
            return
        iterator = iter(entries)

        def submit():
            window = list(islice(iterator, self.WINDOW))
            payloads = [payload(e) for e in window]
            return window, [
                self.executor.submit(prepare_payloads, payloads[i : i + self.CHUNK])
                for i in range(0, len(payloads), self.CHUNK)
            ]

        in_flight = deque(submit() for _ in range(self.DEPTH))
        while in_flight[0][0]:
            window, pending = in_flight.popleft()
            in_flight.append(submit())  # queued before we wait, so the workers always have the next one
            results = [prepared for task in pending for prepared in task.result()]
            yield from zip(window, results, strict=True)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True)

    def __enter__(self) -> PreparePool:
        return self

    def __exit__(self, *exc) -> None:
        if self.executor is not None:
            # Queued windows are dropped; a worker finishes at most the chunk it is on.
            self.executor.shutdown(wait=True, cancel_futures=True)


def _entries(upload_file: UploadFile, limits: Limits):
    yield from read_upload(upload_file.name, bytes(upload_file.data), limits=limits)


def count_entries(upload: Upload, limits: Limits) -> int:
    return sum(1 for f in upload.files.all() for _ in _entries(f, limits))


def configured_limits() -> Limits:
    return Limits(
        max_file_bytes=settings.HAWAL_MAX_FILE_BYTES, max_upload_bytes=settings.HAWAL_MAX_UPLOAD_BYTES
    )


def process_upload(
    upload: Upload,
    *,
    limits: Limits | None = None,
    only_failed: bool = False,
    progress: Progress | None = None,
    slot: int = 0,
    slots: int = 1,
) -> Upload:
    """Process (or resume, or retry the failures of) an upload; returns it with its final counts.

    `slots` workers may share it (archive/tasks.py), this one in `slot`: in each file it first does its
    own runs of SHARE_RUN entries (every `slots`-th run), then what the others have not done, then waits
    for the items they still hold — which a killed worker leaves to be done. Own runs keep the workers
    out of each other's way: claiming an item someone else holds costs queries for nothing.
    """
    limits = limits or configured_limits()
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.RUNNING, finished=None, error="")
    try:
        files = upload.files.all()
        if only_failed:
            files = files.filter(items__outcome=UploadItem.Outcome.FAILED).distinct()
        total = upload.items.count() if only_failed else count_entries(upload, limits)
        done = upload.items.filter(outcome__in=FINAL).count()
        Upload.objects.filter(pk=upload.pk).update(total_items=max(total, done), done_items=done)
        for upload_file in files:
            seen = _item_states(upload, upload_file)
            skip: set[str] = set()  # done by another worker since we started
            busy: set[str] = set()  # held by another worker when we came by
            for phase in ("own", "others", "wait"):
                if phase == "others":
                    if slots == 1:
                        continue
                    now = _item_states(upload, upload_file)
                    skip = {m for m, (o, a) in now.items() if o in FINAL or a > seen.get(m, ("", 0))[1]}
                if phase == "wait" and not busy:
                    break
                for index, entry in enumerate(_entries(upload_file, limits)):
                    member = entry.member[:1000]
                    if phase == "wait" and member not in busy:
                        continue
                    if phase != "wait" and ((index // SHARE_RUN) % slots == slot) != (phase == "own"):
                        continue
                    if member in skip:
                        continue
                    known = seen.get(member, ("", 0))
                    claimed = claim_entry(
                        upload, upload_file, entry, known, only_failed=only_failed, wait=phase == "wait"
                    )
                    if claimed is None:
                        busy.add(member)
                    elif claimed:
                        done += 1
                        Upload.objects.filter(pk=upload.pk).update(done_items=F("done_items") + 1)
                        if progress:
                            progress(done, total)
            UploadFile.objects.filter(pk=upload_file.pk).update(processed=True)
    except Exception as error:
        logger.exception("upload %s stopped", upload.pk)
        Upload.objects.filter(pk=upload.pk).update(
            status=Upload.Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
    counted = upload.items.exclude(outcome=UploadItem.Outcome.PENDING).count()
    Upload.objects.filter(pk=upload.pk).update(
        status=Upload.Status.DONE,
        finished=timezone.now(),
        done_items=counted,
        total_items=upload.items.count(),
    )
    upload.refresh_from_db()
    return upload


def outcome_counts(upload: Upload) -> dict[str, int]:
    counts = dict.fromkeys(UploadItem.Outcome.values, 0)
    for outcome in upload.items.values_list("outcome", flat=True):
        counts[outcome] += 1
    return counts


# (member, entry, what preparing it gave) — one row of a batch for `store_entries`.
BatchEntry = tuple[str, Draft | Refusal, PreparedArticle | IngestError | None]


def store_entries(upload: Upload, batch: Sequence[BatchEntry], *, file: UploadFile | None = None) -> None:
    """`store_entry` for a batch of prepared entries, in one transaction with set-based queries.

    Items already final are left alone; every other entry gets the outcome and report `store_entry`
    would give it, and its item is written in the same transaction as its article, so a run killed
    mid-batch loses the whole batch and the resumed run redoes it — nothing lost, nothing doubled. If
    anything in the batch fails (a bad article, a conflicting concurrent import), the batch is rolled
    back and stored again one entry per transaction, so one bad article records its reason and costs the
    others nothing. Commits don't wait for the WAL flush (see `store_article`'s `durable`).
    """
    if not batch:
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(BULK_SETTINGS)
            _store_batch(upload, batch, file)
    except Exception:
        logger.warning(
            "a batch of %d entries failed; storing them one per transaction", len(batch), exc_info=True
        )
        for member, entry, prepared in batch:
            item, _ = UploadItem.objects.get_or_create(
                upload=upload, member=member[:1000], defaults={"file": file}
            )
            if item.outcome not in FINAL:
                store_entry(item, entry, prepared)


# A bulk batch's transaction: commits don't wait for the WAL flush (see `store_article`'s `durable`), and
# the GIN indexes' pending lists may grow to 16 MB before an insert merges them into the index, in memory
# up to 64 MB: merged in fewer, bigger passes, each posting list is rewritten less often (PostgreSQL's
# CPU per article over 100,000: 1.8 → 1.6 ms; BENCHMARKS.md). `flush_pending_lists` merges what is left
# when the import ends, so searches never scan a long pending list for long.
# A batch's look-ups (stored duplicates, aliases, entities: `= ANY(array)` of 64–300 values) are planned
# without their values: with them, the planner estimates every value against the column's statistics,
# decompressing them each time, and the plan comes out the same (bitmap and index scans). Those three
# look-ups: 14.6 → 8.2 ms a batch of 64 at 20,000 articles (BENCHMARKS.md, ingest).
BULK_SETTINGS = (
    "SET LOCAL synchronous_commit TO OFF;"
    " SET LOCAL gin_pending_list_limit = '16MB';"
    " SET LOCAL work_mem = '64MB';"
    " SET LOCAL plan_cache_mode = force_generic_plan"
)


def flush_pending_lists() -> int:
    """Merge the article table's GIN pending lists into their indexes (the end of a bulk import); returns
    the number of pending-list pages merged."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(gin_clean_pending_list(i.indexrelid)), 0) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
            " WHERE i.indrelid = 'archive_article'::regclass AND a.amname = 'gin'"
        )
        return int(cursor.fetchone()[0])


_ITEM_COLUMNS = (
    "upload_id",
    "member",
    "file_id",
    "format",
    "original_sha256",
    "outcome",
    "code",
    "message",
    "message_ckb",
    "attempts",
    "article_id",
)
_ITEM_KEY_COLUMNS = 3  # upload, member, file: set when the item is first written, never updated
# The batch's items written by an earlier run (arrays: see archive.ingest.rows).
_PRIOR_ITEMS = (
    "SELECT member, file_id, format, original_sha256, outcome, attempts, article_id"
    " FROM archive_uploaditem WHERE upload_id = %s AND member = ANY(%b::text[])"
)


def _store_batch(upload: Upload, batch: Sequence[BatchEntry], file: UploadFile | None) -> None:
    members = [member[:1000] for member, _, _ in batch]
    prior = {row[0]: row[1:] for row in select_rows(_PRIOR_ITEMS, [upload.pk, members])}
    items: dict[int, list] = {}  # batch index → item row (in _ITEM_COLUMNS order)
    requests: list[ArticleRequest] = []
    requested: list[int] = []  # batch index of each request
    for n, (_, entry, prepared) in enumerate(batch):
        file_id, format_, sha256, outcome, attempts, article_id = prior.get(
            members[n], (file.pk if file else None, "", "", "", 0, None)
        )
        if outcome in FINAL:
            continue
        row = [upload.pk, members[n], file_id, format_, sha256, "", "", "", "", attempts + 1, article_id]
        items[n] = row
        refusal = (
            entry if isinstance(entry, Refusal) else prepared if isinstance(prepared, IngestError) else None
        )
        if refusal is not None:
            row[5:9] = [UploadItem.Outcome.FAILED, refusal.code[:40], refusal.message_en, refusal.message_ckb]
            continue
        row[3:5] = [entry.format[:20], entry.original_sha256]
        published = parse_published(entry.published)
        requests.append(
            ArticleRequest(
                prepared,
                source=entry.source,
                url=entry.url or "",
                published=published[0] if published else None,
                precision=published[1] if published else DatePrecision.UNKNOWN,
                original_sha256=entry.original_sha256,
                original_format=entry.format,
            )
        )
        requested.append(n)
    for n, stored in zip(requested, store_articles(requests), strict=True):
        row = items[n]
        if stored.article_id is None:  # exact duplicate: nothing stored, say which article it repeats
            row[5:9] = [stored.outcome, "duplicate", *duplicate_messages(stored.duplicate_of)]
            row[10] = stored.duplicate_of
        else:
            messages = imported_messages(
                near_duplicate_messages(stored.duplicate_of) if stored.duplicate_of else None,
                unread_published_messages(batch[n][1].published),
            )
            row[5:9] = [stored.outcome, "", *messages]
            row[10] = stored.article_id
    insert_rows(
        UploadItem,
        _ITEM_COLUMNS,
        list(items.values()),
        conflict="(upload_id, member) DO UPDATE SET "
        + ", ".join(
            f"{connection.ops.quote_name(c)} = EXCLUDED.{connection.ops.quote_name(c)}"
            for c in _ITEM_COLUMNS[_ITEM_KEY_COLUMNS:]
        ),
    )
