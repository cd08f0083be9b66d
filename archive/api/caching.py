"""Read endpoints are public: CORS for everyone, and ETag / Last-Modified so clients and proxies revalidate.

A list or search changes when any article changes, so its validators come from the archive's version
(newest ``Article.updated``, the highest article id and the number of deletions so far, migration 0013); a
single article's come from its own ``updated``. The ETag also covers the full request path, so ``?page=2``
and ``?page=3`` never share one. A conditional GET that matches gets an empty 304 before any expensive work is done.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

DEFAULT_MAX_AGE = 60
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"


@dataclass(frozen=True)
class ArchiveVersion:
    latest: datetime.datetime | None  # the newest change of any article
    newest_id: int | None  # a new article shows here even if its `updated` is not the newest
    deletions: int  # raised by a trigger on every DELETE or TRUNCATE of articles (migration 0013)


VERSION_CACHE_KEY = "hawal-api:archive-version"
DEFAULT_VERSION_SECONDS = 5


_VERSION_SQL = (
    "SELECT (SELECT max(updated) FROM archive_article), (SELECT max(id) FROM archive_article),"
    " (SELECT deletions FROM hawal_article_deletions)"
)


def archive_version() -> ArchiveVersion:
    """The newest change, the highest id and the deletions so far: one query of three index or one-row
    reads (≈ 0.1 ms however large the archive), remembered for ``settings.HAWAL_API_VERSION_SECONDS``
    (default 5; 0 turns that off), so a list's ETag may lag a change by that long, well inside the
    responses' own max-age. (It was the article count until migration 0013: a read of every row, 45 ms at
    100,000 articles, that held up the requests queued behind it.)
    """
    seconds = int(getattr(settings, "HAWAL_API_VERSION_SECONDS", DEFAULT_VERSION_SECONDS))
    if seconds > 0 and (cached := cache.get(VERSION_CACHE_KEY)) is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        latest, newest_id, deletions = cursor.fetchone()
    version = ArchiveVersion(latest, newest_id, deletions or 0)
    if seconds > 0:
        cache.set(VERSION_CACHE_KEY, version, timeout=seconds)
    return version


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime.datetime | None

    @classmethod
    def of(cls, request: HttpRequest, last_modified: datetime.datetime | None, *parts: object) -> Validators:
        """A weak ETag over the request path and `parts`, and Last-Modified (whole seconds, as HTTP has it)."""
        digest = hashlib.sha256(repr((request.get_full_path(), last_modified, *parts)).encode()).hexdigest()
        seconds = last_modified.replace(microsecond=0) if last_modified else None
        return cls(f'W/"{digest[:32]}"', seconds)

    @classmethod
    def for_archive(cls, request: HttpRequest, *parts: object) -> Validators:
        version = archive_version()
        return cls.of(request, version.latest, version.newest_id, version.deletions, *parts)

    def not_modified(self, request: HttpRequest) -> HttpResponse | None:
        """An empty 304 (or 412) when the client's copy is current, else None."""
        timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
        response = get_conditional_response(request, etag=self.etag, last_modified=timestamp)
        if response is not None:
            self.apply(response)
        return response

    def apply(self, response: HttpResponse) -> None:
        response["ETag"] = self.etag
        if self.last_modified:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        max_age = int(getattr(settings, "HAWAL_API_MAX_AGE", DEFAULT_MAX_AGE))
        response["Cache-Control"] = f"public, max-age={max_age}"


def public_read(run: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps a ninja operation (``@decorate_view(public_read)``): every answer, errors too, allows any origin."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = run(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    return wrapper
