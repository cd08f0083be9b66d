"""Search results as CSV or JSON: every match, streamed row by row with bounded memory.

Rows come through a server-side cursor (`QuerySet.iterator`), so a search matching 100,000 articles costs
the same memory as one matching ten. The URL carries the same `q` and `sort` as the search page.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse

from archive.models import Article
from archive.search.postgres import SORTS

CHUNK_SIZE = 500
MAX_QUERY_PARAM = 10_000
COLUMNS = (
    "id",
    "title",
    "outlet",
    "published",
    "published_precision",
    "published_inferred",
    "url",
    "page",
    "body",
)


def export_rows(text: str, sort: str = "date") -> Iterator[dict]:
    """One dict per matching article, in `sort` order; nothing is held beyond one chunk of rows."""
    sort = sort if sort in SORTS else "date"
    matches = Article.objects.search(text, sort=sort).values_list(
        "id", "title", "source__name", "published", "published_precision", "published_inferred", "url", "body"
    )
    for pk, title, outlet, published, precision, inferred, url, body in matches.iterator(
        chunk_size=CHUNK_SIZE
    ):
        yield {
            "id": pk,
            "title": title,
            "outlet": outlet or "",
            "published": published.isoformat() if isinstance(published, datetime.date) else None,
            "published_precision": precision,
            "published_inferred": inferred,
            "url": url,
            "page": f"/articles/{pk}/",
            "body": body,
        }


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    """A header, then one CSV record per row (UTF-8 BOM first, so spreadsheet programs read Kurdish)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow(
            [
                "" if row[c] is None else ("1" if row[c] is True else "0" if row[c] is False else row[c])
                for c in COLUMNS
            ]
        )


def json_chunks(text: str, rows: Iterator[dict]) -> Iterator[str]:
    """`{"query": …, "articles": [ … ]}` written one article at a time."""
    yield '{"query": ' + json.dumps(text, ensure_ascii=False) + ', "articles": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def _params(request: HttpRequest) -> tuple[str, str]:
    return request.GET.get("q", "")[:MAX_QUERY_PARAM], request.GET.get("sort", "date")


def search_csv(request: HttpRequest) -> StreamingHttpResponse:
    text, sort = _params(request)
    response = StreamingHttpResponse(
        csv_lines(export_rows(text, sort)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="hawal-search.csv"'
    return response


def search_json(request: HttpRequest) -> StreamingHttpResponse:
    text, sort = _params(request)
    response = StreamingHttpResponse(
        json_chunks(text, export_rows(text, sort)), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="hawal-search.json"'
    return response
