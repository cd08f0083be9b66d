"""Search results remembered for exactly as long as the database cannot have changed under them.

Every key starts with the database snapshot (`pg_current_snapshot()`, read on the connection the search
runs on). Two statements whose snapshots print the same see the same committed rows: the snapshot is
`xmin:xmax:in-progress`, and any transaction that starts writing or ends changes one of the three. So an
import, an editor's merge or a deleted article makes every older entry unreachable at once, on the primary
and on a replica alike; the entries of old snapshots are never asked for again and age out
(`HAWAL_SEARCH_CACHE_SECONDS`, and the cache backend's own size limit). Transaction ids belong to the
whole server, so a write in another database on the same server also starts afresh: never stale, only
less often reused.

Elasticsearch keeps a request cache for the same reason (facet counts of a popular query are the costly
part, and they only change when the index does); ours also keeps result pages, and the facets apart from
them, so turning a page or changing the sort does not count the facets again.

Nothing is remembered inside a transaction (an atomic block): its own uncommitted writes do not change the
snapshot it reads, so a search after a write in the same transaction must run afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

DEFAULT_SECONDS = 300
TAKE = object()  # "read the snapshot now" (archive.search.postgres.run_search's default)


def lifetime() -> int:
    """Seconds an entry is kept (settings.HAWAL_SEARCH_CACHE_SECONDS; 0 turns the cache off)."""
    return max(0, int(getattr(settings, "HAWAL_SEARCH_CACHE_SECONDS", DEFAULT_SECONDS)))


def snapshot() -> str | None:
    """The connection's current snapshot as text, or None when results must not be remembered (cache off,
    or inside a transaction). One tiny query."""
    if not lifetime() or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def remembered[T](snap: str | None, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or its value stored under (database, snapshot, parts) when there is one."""
    if snap is None:
        return compute()
    settings_dict = connection.settings_dict
    name = repr(
        (settings_dict.get("HOST"), settings_dict.get("PORT"), settings_dict.get("NAME"), snap, parts)
    )
    key = "hawal:search:" + hashlib.sha256(name.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, lifetime())
    return value
