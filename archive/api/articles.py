"""GET /api/articles (newest first), GET /api/articles/{id} (entities and dates with offsets), and
POST /api/articles for staff: one article or a batch of up to 100, each reported like an upload's files."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Body, Field, Path, Query, Router
from ninja.decorators import decorate_view

from archive.api.auth import StaffToken
from archive.api.caching import Validators, public_read
from archive.api.errors import ApiError
from archive.api.params import clean_text
from archive.api.rows import article_summary, page_info
from archive.api.schemas import (
    MAX_BATCH,
    ArticleIn,
    ArticleListOut,
    ArticleListParamsIn,
    ArticleOut,
    ErrorOut,
    IngestReportOut,
)
from archive.ingest.published import parse_iso_published as parse_published
from archive.ingest.service import IngestError, ingest_article
from archive.models import Article, Upload, UploadItem
from archive.queries import article_date_mentions, article_list, article_mentions

logger = logging.getLogger(__name__)
router = Router(tags=["articles"])

MAX_ID = 2**63 - 1
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID, description="The article's id.")]
Batch = Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_BATCH)]


@router.get("", response={200: ArticleListOut, 304: None, 422: ErrorOut}, summary="List articles")
@decorate_view(public_read)
def list_articles(request: HttpRequest, response: HttpResponse, params: Query[ArticleListParamsIn]):
    """Articles newest first (undated last), optionally from one outlet and between two dates."""
    validators = Validators.for_archive(request)
    if (cached := validators.not_modified(request)) is not None:
        return cached
    articles = Article.objects.all()
    source = clean_text(params.source, 200)
    if source:
        articles = articles.filter(Q(source__slug__iexact=source) | Q(source__name__iexact=source))
    if params.date_from:
        articles = articles.filter(published__gte=params.date_from)
    if params.date_to:
        articles = articles.filter(published__lte=params.date_to)
    total = articles.count()
    offset = (params.page - 1) * params.per_page
    rows = article_list(articles)[offset : offset + params.per_page] if offset < total else []
    validators.apply(response)
    return {**page_info(params.page, params.per_page, total), "items": [article_summary(a) for a in rows]}


@router.get(
    "/{id}", response={200: ArticleOut, 304: None, 404: ErrorOut, 422: ErrorOut}, summary="One article"
)
@decorate_view(public_read)
def get_article(request: HttpRequest, response: HttpResponse, id: ArticleId):
    """The article with its text, the people, places and organisations it names and the dates in it.

    Every mention carries `start`/`end` offsets into `body`, so `body[start:end] == surface`.
    """
    article = (
        Article.objects.select_related("source").defer("search_vector", "phrase_pairs").filter(pk=id).first()
    )
    if article is None:
        raise ApiError("article_not_found")
    mentions = article_mentions(article)
    dates = article_date_mentions(article)
    entities: dict[int, dict[str, Any]] = {}
    for mention in mentions:
        entity = mention.entity.merged_into or mention.entity
        entry = entities.setdefault(
            entity.pk, {"id": entity.pk, "kind": entity.kind, "name": entity.name, "mentions": []}
        )
        entry["mentions"].append({"start": mention.start, "end": mention.end, "surface": mention.surface})
    names = tuple((e["id"], e["name"]) for e in entities.values())
    validators = Validators.of(request, article.updated, article.pk, names)
    if (cached := validators.not_modified(request)) is not None:
        return cached
    validators.apply(response)
    return {
        **article_summary(article),
        "body": article.body,
        "language": article.language,
        "published_inferred": article.published_inferred,
        "near_duplicate_of": article.near_duplicate_of_id,
        "created": article.created,
        "updated": article.updated,
        "entities": list(entities.values()),
        "dates": [
            {
                "start": d.start,
                "end": d.end,
                "surface": d.surface,
                "value": d.value,
                "precision": d.precision,
                "relative": d.relative,
            }
            for d in dates
        ],
    }


# Per-item messages for what went right; failures carry IngestError's own messages.
_IMPORTED = ("Imported.", "هاوردە کرا.")
_DUPLICATE = (
    "The same text is already in the archive (article {id}).",
    "هەمان دەق پێشتر لە ئەرشیفدایە (وتاری {id}).",
)
_BAD_DATE = (
    "The published date is not a date; write YYYY-MM-DD, YYYY-MM or YYYY.",
    "بەرواری بڵاوکردنەوە بەروار نییە؛ بەم شێوەیە بینووسە: YYYY-MM-DD، YYYY-MM یان YYYY.",
)
_INTERNAL = (
    "This article could not be stored because of an error on our side.",
    "ئەم وتارە بەهۆی هەڵەیەک لە لای ئێمە هەڵنەگیرا.",
)


def _ingest_one(item: ArticleIn, index: int, upload: Upload) -> dict[str, Any]:
    row = UploadItem(upload=upload, member=f"api#{index}", format="json")
    row.save()
    report: dict[str, Any] = {"index": index, "article_id": None}
    try:
        published = parse_published(item.published)
        if item.published and published is None:
            raise IngestError("bad_date", *_BAD_DATE)
        day, precision = published or (None, "day")
        result = ingest_article(
            body=item.body,
            title=item.title,
            source=clean_text(item.source, 200) or None,
            url=clean_text(item.url, 2000),
            published=day,
            precision=precision,
            upload_item=row,
        )
    except IngestError as error:
        row.outcome, row.code, row.message = UploadItem.Outcome.FAILED, error.code, error.message_en
        report.update(
            outcome="failed", code=error.code, message=error.message_en, message_ckb=error.message_ckb
        )
    except Exception:  # one bad article must not lose the report for the others
        logger.exception("API ingest failed for item %s of upload %s", index, upload.pk)
        row.outcome, row.code, row.message = UploadItem.Outcome.FAILED, "internal_error", _INTERNAL[0]
        report.update(outcome="failed", code="internal_error", message=_INTERNAL[0], message_ckb=_INTERNAL[1])
    else:
        if result.article is not None:
            report.update(
                outcome="imported",
                article_id=result.article.pk,
                code="",
                message=_IMPORTED[0],
                message_ckb=_IMPORTED[1],
            )
            return report  # ingest_article already marked the row imported
        existing = result.duplicate_of.pk if result.duplicate_of else None
        row.outcome, row.code, row.article_id = UploadItem.Outcome.DUPLICATE, "duplicate", existing
        row.message = _DUPLICATE[0].format(id=existing)
        report.update(
            outcome="duplicate",
            article_id=existing,
            code="duplicate",
            message=_DUPLICATE[0].format(id=existing),
            message_ckb=_DUPLICATE[1].format(id=existing),
        )
    row.save(update_fields=["outcome", "code", "message", "article"])
    return report


@router.post(
    "",
    auth=StaffToken(),
    response={
        200: IngestReportOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    summary="Add articles (staff token)",
)
def add_articles(request: HttpRequest, payload: Body[ArticleIn | Batch]):
    """Store one article (a JSON object) or up to 100 (a JSON array), each analysed and extracted.

    The report lists every item in order with `imported`, `duplicate` (with the existing article's id) or
    `failed` (with a code such as `empty` or `bad_date` and the reason in English and Sorani). The run is
    recorded as an upload with origin `api`, like an editor's upload.
    """
    items = payload if isinstance(payload, list) else [payload]
    upload = Upload.objects.create(
        created_by=request.auth, origin="api", status=Upload.Status.RUNNING, total_items=len(items)
    )
    reports = [_ingest_one(item, index, upload) for index, item in enumerate(items)]
    upload.status = Upload.Status.DONE
    upload.done_items = len(items)
    upload.finished = timezone.now()
    upload.save(update_fields=["status", "done_items", "finished"])
    return {
        "upload_id": upload.pk,
        "imported": sum(r["outcome"] == "imported" for r in reports),
        "duplicates": sum(r["outcome"] == "duplicate" for r in reports),
        "failed": sum(r["outcome"] == "failed" for r in reports),
        "items": reports,
    }
