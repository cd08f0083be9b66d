"""Re-run extraction on stale, failed or chosen articles (and re-index them): `manage.py extract`."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Re-run entity and date extraction where it is stale or failed, or on --ids; editors' decisions are kept."

    def add_arguments(self, parser):
        parser.add_argument("--ids", nargs="*", type=int, help="only these article ids")
        parser.add_argument("--all", action="store_true", help="every article")

    def handle(self, *args, **options):
        extra = ["--ids", *map(str, options["ids"])] if options["ids"] else []
        call_command(
            "reindex", "--extract", *extra, *(["--all"] if options["all"] else []), stdout=self.stdout
        )
