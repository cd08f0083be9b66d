"""Optional RUM indexes: relevance and newest-first straight from the index when the server has `rum`.

PostgreSQL's GIN index finds matches but cannot order them: ranking or sorting a common word means reading
every match. The `rum` extension (Debian: postgresql-15-rum) keeps positions and an attached timestamp in
the index, so `ORDER BY search_vector <=> q LIMIT n` and `ORDER BY published_ts <=| 'far future' LIMIT n`
stop after n rows. It is not a contrib module, so managed servers and the embedded default usually lack
it: everything here is optional, detected at run time, and the GIN path stays correct without it.

- `published_ts`: a stored generated `timestamp`, `published` plus the id in microseconds (RUM 1.3 orders
  timestamps, not dates; the id makes the order total). Not a model field; Django never writes it.
- `article_search_rum`: `rum_tsvector_ops` on the search vector (relevance).
- `article_search_rum_date`: `rum_tsvector_addon_ops` with `published_ts` attached (date order).

`enable(cursor)` creates what is missing (from migration 0003 and `manage.py search_indexes --rum`);
`installed(cursor)` says whether both indexes exist. Plain SQL on a DB-API cursor, no ORM.
"""

from __future__ import annotations

INDEXES = ("article_search_rum", "article_search_rum_date")

# The date plus the id in microseconds: one index order that is newest-first with the id breaking ties,
# exactly the GIN plan's (published DESC, id DESC), and the reverse for oldest first.
PUBLISHED_TS = (
    "ALTER TABLE archive_article ADD COLUMN IF NOT EXISTS published_ts timestamp"
    " GENERATED ALWAYS AS (published::timestamp + id * interval '1 microsecond') STORED"
)
CREATE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS article_search_rum ON archive_article USING rum (search_vector rum_tsvector_ops)",
    "CREATE INDEX IF NOT EXISTS article_search_rum_date ON archive_article"
    " USING rum (search_vector rum_tsvector_addon_ops, published_ts)"
    " WITH (attach = 'published_ts', to = 'search_vector')",
)
DROP = (
    "DROP INDEX IF EXISTS article_search_rum_date",
    "DROP INDEX IF EXISTS article_search_rum",
    "ALTER TABLE archive_article DROP COLUMN IF EXISTS published_ts",
)


def available(cursor) -> bool:
    """The server has the `rum` extension's files (installed in the database or not)."""
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
    return cursor.fetchone() is not None


def installed(cursor) -> bool:
    """Both RUM indexes exist on archive_article in this database."""
    cursor.execute(
        "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
        " AND tablename = 'archive_article' AND indexname = ANY(%s)",
        [list(INDEXES)],
    )
    return cursor.fetchone()[0] == len(INDEXES)


def enable(cursor) -> None:
    """Create the extension, the timestamp column and both indexes (idempotent; needs the privilege to
    create the extension, i.e. a superuser on most servers)."""
    cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    cursor.execute(PUBLISHED_TS)
    for statement in CREATE_INDEXES:
        cursor.execute(statement)


def disable(cursor) -> None:
    """Drop the indexes and the column (the extension stays: other databases may use it)."""
    for statement in DROP:
        cursor.execute(statement)
