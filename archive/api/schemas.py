"""What the API accepts (``…In``) and returns (``…Out``): the OpenAPI contract, in one place."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator

from archive.text.normalize import ascii_digits

MAX_QUERY_CHARS = 10_000  # longer text is refused (422); the parser itself keeps the first 2,000 characters
MAX_PAGE = 10_000
MAX_PER_PAGE = 100
MAX_BATCH = 100

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day_only(value: object) -> object:
    """``"٢٠٢١-١١-٠٧"`` → ``"2021-11-07"``; anything but YYYY-MM-DD is refused.

    pydantic's lax dates would otherwise read ``to=0`` as a Unix timestamp (1970-01-01).
    """
    if isinstance(value, str):
        value = ascii_digits(value.strip())
        if not _ISO_DAY.fullmatch(value):
            raise ValueError("write the date as YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_day_only)]

Precision = Literal["day", "month", "year", "unknown"]
EntityKindName = Literal["person", "place", "org"]


class Out(BaseModel):
    """Base of every response schema: plain pydantic, validated from the dicts the endpoints build.
    (ninja's Schema reads each nested value through a Django attribute getter first: a search page with
    facets took 1.1 ms to validate that way.)"""


# --------------------------------------------------------------------------------------------- errors


class ErrorDetailOut(Out):
    code: str = Field(description="Stable machine-readable code, e.g. `validation_error`, `not_found`.")
    message: str = Field(description="The message in English.")
    message_ckb: str = Field(description="The message in Sorani Kurdish.")
    details: Any = Field(None, description="Extra data: the invalid fields for `validation_error`.")


class ErrorOut(Out):
    error: ErrorDetailOut


# ------------------------------------------------------------------------------------------- pieces


class OutletOut(Out):
    name: str
    slug: str


class ArticleSummaryOut(Out):
    id: int
    title: str
    outlet: OutletOut | None
    published: datetime.date | None
    published_precision: Precision
    url: str = Field(description="The original URL at the outlet, if known.")


class PageInfoOut(Out):
    page: int
    per_page: int
    total: int
    num_pages: int


class MessageOut(Out):
    code: str
    level: Literal["error", "note"] = Field(
        description="`error`: part of the query was dropped; `note`: adjusted."
    )
    message: str
    message_ckb: str


# ------------------------------------------------------------------------------------------- search


class SearchParamsIn(Schema):
    q: str = Field(
        "",
        max_length=MAX_QUERY_CHARS,
        description="The search page's query language: words, «phrases», OR, -exclusion, prefix*, "
        "person:/place:/org:/source: and from:/to:/date: filters.",
    )
    sort: Literal["relevance", "date", "date_asc"] = "relevance"
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)
    facets: bool = Field(False, description="Also return facet counts and the monthly histogram.")


class MarkOut(Out):
    start: int = Field(description="Offset of a matched word in the snippet text.")
    end: int


class SnippetOut(Out):
    text: str
    start: int = Field(description="Offset of the snippet in the article body.")
    marks: list[MarkOut]
    clipped_start: bool
    clipped_end: bool


class SearchHitOut(ArticleSummaryOut):
    snippet: SnippetOut
    score: float | None = Field(description="Relevance score (only when sorting by relevance).")


class FacetValueOut(Out):
    key: str = Field(description="Entity id, outlet slug or year.")
    label: str
    count: int


class FacetsOut(Out):
    person: list[FacetValueOut]
    place: list[FacetValueOut]
    org: list[FacetValueOut]
    source: list[FacetValueOut]
    year: list[FacetValueOut]
    sampled: bool = Field(description="True when counted over the newest matches only (large result sets).")


class MonthCountOut(Out):
    month: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2021-11"])
    count: int


class SearchOut(PageInfoOut):
    total_exact: bool = Field(
        description="False when `total` is an estimate: searches matching more than 2,000 articles are"
        " counted exactly up to 2,000 and estimated beyond."
    )
    query: str
    sort: str
    hits: list[SearchHitOut]
    messages: list[MessageOut]
    suggestion: str | None = Field(description="A close entity name when nothing matched.")
    facets: FacetsOut | None = None
    histogram: list[MonthCountOut] | None = None


# ----------------------------------------------------------------------------------------- articles


class ArticleListParamsIn(Schema):
    source: str | None = Field(None, max_length=200, description="Outlet slug or name.")
    date_from: IsoDate | None = Field(None, alias="from", description="Published on or after (YYYY-MM-DD).")
    date_to: IsoDate | None = Field(None, alias="to", description="Published on or before (YYYY-MM-DD).")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


class ArticleListOut(PageInfoOut):
    items: list[ArticleSummaryOut]


class SpanOut(Out):
    start: int = Field(description="Offset in the article body (characters).")
    end: int
    surface: str = Field(
        description="The text as written: body[start:end] (stored up to 200–300 characters)."
    )


class ArticleEntityOut(Out):
    id: int
    kind: EntityKindName
    name: str
    mentions: list[SpanOut]


class DateMentionOut(SpanOut):
    value: datetime.date
    precision: Precision
    relative: bool = Field(description="Resolved from a relative expression such as «دوێنێ» (yesterday).")


class ArticleOut(ArticleSummaryOut):
    body: str
    language: str
    published_inferred: bool = Field(description="The date was read from the text, not given by the outlet.")
    near_duplicate_of: int | None
    created: datetime.datetime
    updated: datetime.datetime
    entities: list[ArticleEntityOut]
    dates: list[DateMentionOut]


class ArticleIn(Schema):
    body: str = Field(description="The article text (required; empty text is reported as failed).")
    title: str = Field("", description="Taken from the first line when empty.")
    source: str | None = Field(None, description="Outlet name; created when new.")
    url: str = ""
    published: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY (Kurdish digits allowed).")


class IngestItemOut(Out):
    index: int = Field(description="Position in the request (0 for a single article).")
    outcome: Literal["imported", "duplicate", "failed"]
    article_id: int | None = Field(description="The new article, or the existing one for a duplicate.")
    code: str = Field(description="Empty when imported; else `duplicate` or why it failed, e.g. `empty`.")
    message: str
    message_ckb: str


class IngestReportOut(Out):
    upload_id: int
    imported: int
    duplicates: int
    failed: int
    items: list[IngestItemOut]


# ----------------------------------------------------------------------------------------- entities


class EntityListParamsIn(Schema):
    kind: EntityKindName | None = None
    q: str = Field("", max_length=300, description="A name or part of one, in Kurdish or Arabic spelling.")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


class EntitySummaryOut(Out):
    id: int
    kind: EntityKindName
    name: str
    mention_count: int


class EntityListOut(PageInfoOut):
    items: list[EntitySummaryOut]


class CoEntityOut(Out):
    id: int
    kind: EntityKindName
    name: str
    articles: int = Field(description="Articles mentioning both.")


class EntityOut(EntitySummaryOut):
    aliases: list[str] = Field(description="Other spellings seen or added by editors («كاظمي», «کازمی»).")
    months: list[MonthCountOut] = Field(
        description="Articles mentioning it per month of publication, oldest first."
    )
    co_occurring: list[CoEntityOut]


# -------------------------------------------------------------------------------------------- dates


class DayParamsIn(Schema):
    limit: int = Field(50, ge=1, le=MAX_PER_PAGE, description="At most this many articles in each list.")


class DayMentionOut(ArticleSummaryOut):
    mentions: list[SpanOut] = Field(description="Where the article names the day.")


class DayOut(Out):
    day: datetime.date
    published_total: int
    published: list[ArticleSummaryOut]
    mentioned_total: int
    mentioned: list[DayMentionOut]
