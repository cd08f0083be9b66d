"""Rebuild search vectors (and, with --extract, extraction) of exactly the stale articles.

Stale = written by another analyzer (or extractor) version than the running code's. Batched, with a
progress bar, and resumable by construction: each article is committed as it is done, and a re-run
picks up only what is still stale.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q

from archive.extract import VERSION as EXTRACTOR_VERSION
from archive.ingest.service import reprocess_article
from archive.models import Article
from archive.progress import ProgressBar
from archive.search.document import INDEX_VERSION


class Command(BaseCommand):
    help = "Re-analyse articles whose analyzer (or, with --extract, extractor) version is stale."

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract", action="store_true", help="also re-run extraction where it is stale or failed"
        )
        parser.add_argument("--all", action="store_true", help="every article, stale or not")
        parser.add_argument("--ids", nargs="*", type=int, help="only these article ids")
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, **options):
        extract, every, ids, batch = options["extract"], options["all"], options["ids"], options["batch"]
        stale = ~Q(analyzer_version=INDEX_VERSION)
        if extract:
            stale |= ~Q(extractor_version=EXTRACTOR_VERSION) | Q(extraction_status="failed")
        queryset = Article.objects.all() if every or ids else Article.objects.filter(stale)
        if ids:
            queryset = queryset.filter(pk__in=ids)
        total = queryset.count()
        bar = ProgressBar(total, label="articles")
        done, last_id = 0, 0
        while True:
            chunk = list(queryset.filter(pk__gt=last_id).order_by("pk")[:batch])
            if not chunk:
                break
            for article in chunk:
                reprocess_article(article, extraction=extract or bool(ids) or every)
                done += 1
                bar.update(done)
            last_id = chunk[-1].pk
        bar.close()
        self.stdout.write(self.style.SUCCESS(f"{done} article(s) re-processed"))
