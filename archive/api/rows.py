"""Model rows to the plain dicts the ``…Out`` schemas describe (so ninja validates, never guesses)."""

from __future__ import annotations

import datetime
import math
from typing import Any

from archive.models import Article
from archive.search.snippets import Snippet


def article_summary(article: Article) -> dict[str, Any]:
    source = article.source
    return {
        "id": article.pk,
        "title": article.title,
        "outlet": {"name": source.name, "slug": source.slug} if source else None,
        "published": article.published,
        "published_precision": article.published_precision,
        "url": article.url,
    }


def snippet_out(snippet: Snippet) -> dict[str, Any]:
    return {
        "text": snippet.text,
        "start": snippet.start,
        "marks": [{"start": start, "end": end} for start, end in snippet.marks],
        "clipped_start": snippet.clipped_start,
        "clipped_end": snippet.clipped_end,
    }


def finite_or_none(value: float | None) -> float | None:
    """JSON has no NaN or infinity; a score that is not a number is no score."""
    return value if value is not None and math.isfinite(value) else None


def month_key(month: datetime.date) -> str:
    """``month_key(date(2021, 11, 1)) == "2021-11"``."""
    return f"{month.year:04d}-{month.month:02d}"


def page_info(page: int, per_page: int, total: int) -> dict[str, int]:
    return {"page": page, "per_page": per_page, "total": total, "num_pages": max(1, -(-total // per_page))}
