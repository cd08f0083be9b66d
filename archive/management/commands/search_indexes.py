"""Which plan search uses, and the optional RUM indexes (archive/search/rum.py) built or dropped in place.

manage.py search_indexes --status     # the plan, the indexes and their sizes
manage.py search_indexes --rum        # create the extension, column and indexes (after installing rum)
manage.py search_indexes --no-rum     # drop them again (search falls back to GIN alone)
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from archive.search import postgres, rum


class Command(BaseCommand):
    help = "Show the search plan (RUM or GIN), or build/drop the optional RUM indexes."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--status", action="store_true", help="show the plan and index sizes (default)")
        group.add_argument("--rum", action="store_true", help="build the RUM column and indexes")
        group.add_argument("--no-rum", action="store_true", help="drop the RUM indexes and column")

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            if options["rum"]:
                if not rum.available(cursor):
                    raise CommandError(
                        "This PostgreSQL server has no rum extension. Install it first (Debian: "
                        "apt-get install postgresql-15-rum), then run this again."
                    )
                started = time.monotonic()
                self.stdout.write("building the RUM indexes (minutes on a large archive)…")
                try:
                    with transaction.atomic():
                        rum.enable(cursor)
                except DatabaseError as error:
                    raise CommandError(f"Could not create the RUM indexes: {error}") from error
                cursor.execute("ANALYZE archive_article")
                self.stdout.write(f"done in {time.monotonic() - started:.1f} s")
            elif options["no_rum"]:
                with transaction.atomic():
                    rum.disable(cursor)
                self.stdout.write("RUM indexes dropped")
            postgres.forget_search_plan()
            self.stdout.write(f"search plan: {postgres.search_plan()}")
            self.stdout.write(
                f"rum extension available on the server: {'yes' if rum.available(cursor) else 'no'}"
            )
            cursor.execute(
                "SELECT indexname, pg_size_pretty(pg_relation_size(indexname::regclass)) FROM pg_indexes"
                " WHERE schemaname = current_schema() AND tablename = 'archive_article'"
                " AND indexname = ANY(%s) ORDER BY indexname",
                [["article_search_gin", *rum.INDEXES]],
            )
            for name, size in cursor.fetchall():
                self.stdout.write(f"  {name}: {size}")
