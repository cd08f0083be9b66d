"""Load the demo content (the sample article) once; running it again adds nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand

from archive.ingest.service import ingest_article

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Load the sample article(s) shipped in archive/demo/ (idempotent)."

    def handle(self, *args, **options):
        added = 0
        for path in sorted(DEMO_DIR.glob("*.txt")):
            result = ingest_article(body=path.read_text(encoding="utf-8"))
            if result.article is not None:
                added += 1
                self.stdout.write(f"added: {result.article.title}")
        self.stdout.write(self.style.SUCCESS(f"demo content: {added} article(s) added"))
