"""Planner statistics kept fresh while a bulk import grows the tables it looks things up in.

Every batch looks up stored duplicates (content hash, SimHash bands), entities and aliases by key, and
the upload's items. Planned with statistics from when the tables were a fraction of their size (or with
none: autovacuum may be off, and even when on it analyses a fast-growing table minutes late), those
look-ups turn into sequential scans: at 100,000 articles the duplicate look-up read the whole article
table for every batch (51 ms instead of 6) and the entity look-up walked a bloated index (45 ms instead
of 5). So the importer ANALYZEs those tables itself each time its own inserts have doubled them — a
handful of times per import, logarithmic in its size — and only the columns it looks up by: the search
vectors' statistics (seconds to compute) are left to autovacuum. ANALYZE takes no lock that blocks
readers or writers; an import that stops half-way leaves the statistics as they were or fresher.
"""

from __future__ import annotations

from django.db import connection

# The tables and columns a batch looks up by (see bulk.store_articles, entities.resolve_batch,
# runner._store_batch).
LOOKED_UP = {
    "archive_article": ("content_hash", "sim_band0", "sim_band1", "sim_band2", "sim_band3"),
    "archive_entity": ("kind", "key"),
    "archive_entityalias": ("kind", "key"),
    "archive_uploaditem": ("upload_id", "member"),
}
FIRST_AT = 1000  # articles stored by this run before its first ANALYZE (small imports never need one)


class GrowthAnalyzer:
    """Call `stored(n)` after each batch; it ANALYZEs when this run has doubled the article table
    since the last time (or stored FIRST_AT articles into a table that was smaller than that)."""

    def __init__(self) -> None:
        self.since = 0  # articles stored since the last ANALYZE (or the start)
        self.base = max(_estimated_articles(), FIRST_AT)

    def stored(self, count: int) -> bool:
        """Count `count` more stored articles; True when that triggered an ANALYZE."""
        self.since += count
        if self.since < self.base:
            return False
        analyze_looked_up_tables()
        self.base, self.since = max(_estimated_articles(), FIRST_AT), 0
        return True


def analyze_looked_up_tables() -> None:
    with connection.cursor() as cursor:
        for table, columns in LOOKED_UP.items():
            cursor.execute(f"ANALYZE {table} ({', '.join(columns)})")


def _estimated_articles() -> int:
    """The article table's size as the planner last knew it (0 when never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'archive_article'::regclass")
        return max(0, int(cursor.fetchone()[0]))
