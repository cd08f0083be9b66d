"""Writes: turning a draft into a stored, analysed, extracted article, one transaction per article.

`ingest_article` is the one way articles enter the archive (demo loader, uploads, API, import command,
benchmarks). Analysis (archive.text → search vector) and extraction (archive.extract → entities, dates)
happen inside the article's transaction; an extraction failure keeps the article, marked for retry.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.contrib.postgres.search import SearchVectorField
from django.db.models import Count, F, Func, Value
from django.utils.text import slugify

import archive.extract as extract
import archive.text as text
from archive.models import (
    AliasOrigin,
    Article,
    DateMention,
    DatePrecision,
    Entity,
    EntityAlias,
    Mention,
    ProcessingStatus,
    Source,
    UploadItem,
)
from archive.search.document import document_fields, tsvector_literal

logger = logging.getLogger(__name__)

MAX_TITLE_CHARS = 500
MAX_BODY_CHARS = 2_000_000
_SPACES = re.compile(r"\s+")


class IngestError(ValueError):
    """A draft that cannot become an article; `code` is machine-readable, the messages are for people."""

    def __init__(self, code: str, message_en: str, message_ckb: str):
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_ckb = message_ckb


@dataclass(frozen=True)
class IngestResult:
    outcome: str  # one of UploadItem.Outcome
    article: Article | None = None
    duplicate_of: Article | None = None


def content_hash(body: str) -> str:
    """SHA-256 of the normalised text with whitespace collapsed: two spellings of one text are one article."""
    canonical = _SPACES.sub(" ", text.normalize(body)).strip()
    return hashlib.sha256(canonical.encode()).hexdigest()


def infer_title(body: str, limit: int = 120) -> str:
    """The first line if short, else the first sentence, cut at a word boundary."""
    first_line = body.strip().split("\n", 1)[0].strip()
    match = re.search(r"[.؟!?]\s", first_line + " ")
    candidate = first_line[: match.start() + 1] if match else first_line
    if len(candidate) <= limit:
        return candidate
    cut = candidate.rfind(" ", 0, limit)
    return candidate[: cut if cut > limit // 2 else limit].rstrip("،, ") + "…"


def source_for(name: str | None) -> Source | None:
    name = (name or "").strip()[:200]
    if not name:
        return None
    source = Source.objects.filter(name=name).first()
    if source:
        return source
    base = slugify(name, allow_unicode=True)[:180] or "outlet"
    slug, n = base, 1
    while Source.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    source, _ = Source.objects.get_or_create(name=name, defaults={"slug": slug})
    return source


def _validate(body: str, title: str) -> tuple[str, str]:
    if not isinstance(body, str) or not body.strip():
        raise IngestError("empty", "The article has no text.", "وتارەکە هیچ دەقێکی تێدا نییە.")
    if len(body) > MAX_BODY_CHARS:
        raise IngestError(
            "too_large",
            f"The article is longer than {MAX_BODY_CHARS:,} characters.",
            f"وتارەکە لە {MAX_BODY_CHARS:,} پیت درێژترە.",
        )
    body = body.replace("\x00", "").strip()
    title = _SPACES.sub(" ", (title or "").replace("\x00", "")).strip()[:MAX_TITLE_CHARS] or infer_title(body)
    return body, title


def ingest_article(
    *,
    body: str,
    title: str = "",
    source: str | None = None,
    url: str = "",
    published: datetime.date | None = None,
    precision: str = DatePrecision.DAY,
    upload_item: UploadItem | None = None,
    synthetic: bool = False,
) -> IngestResult:
    """Store one article (or report it as a duplicate). Raises IngestError for input that can't be stored."""
    body, title = _validate(body, title)
    digest = content_hash(body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        return IngestResult(UploadItem.Outcome.DUPLICATE, duplicate_of=existing)
    try:
        with transaction.atomic():
            article = Article(
                title=title,
                body=body,
                source=source_for(source),
                url=url[:2000],
                published=published,
                published_precision=precision if published else DatePrecision.UNKNOWN,
                content_hash=digest,
                synthetic=synthetic,
            )
            article.save()
            run_extraction(article)
            index_article(article)
            if upload_item is not None:
                upload_item.article = article
                upload_item.outcome = UploadItem.Outcome.IMPORTED
                upload_item.save(update_fields=["article", "outcome"])
    except IntegrityError:
        # Another worker stored the same text between our check and our insert.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return IngestResult(UploadItem.Outcome.DUPLICATE, duplicate_of=existing)
    return IngestResult(UploadItem.Outcome.IMPORTED, article=article)


def index_article(article: Article) -> None:
    """Write the article's search vector from its text and its entities' names."""
    names = list(
        Entity.objects.filter(mentions__article=article, mentions__rejected=False)
        .values_list("name", flat=True)
        .distinct()
    )
    literal = tsvector_literal(document_fields(article.title, article.body, names))
    Article.objects.filter(pk=article.pk).update(
        search_vector=_tsvector(literal), analyzer_version=text.VERSION
    )
    article.analyzer_version = text.VERSION


def _tsvector(literal: str) -> Func:
    return Func(
        Value(literal), function="", template="%(expressions)s::tsvector", output_field=SearchVectorField()
    )


def run_extraction(article: Article) -> None:
    """Extract entities and dates into the article's rows; keep editors' decisions; never lose the article."""
    try:
        with transaction.atomic():
            result = extract.extract(article.body, published=article.published)
            _store_extraction(article, result)
    except Exception as error:  # noqa: BLE001 — any extractor bug must leave the article stored, marked for retry
        logger.exception("extraction failed for article %s", article.pk)
        article.extraction_status = ProcessingStatus.FAILED
        article.extraction_error = f"{type(error).__name__}: {error}"[:2000]
        article.save(update_fields=["extraction_status", "extraction_error"])
        return
    article.extraction_status = ProcessingStatus.DONE
    article.extraction_error = ""
    article.extractor_version = extract.VERSION
    article.save(
        update_fields=[
            "extraction_status",
            "extraction_error",
            "extractor_version",
            "published",
            "published_precision",
            "published_inferred",
        ]
    )


_KIND = {"person": "person", "place": "place", "org": "org"}


def resolve_entity(kind: str, name: str, key: str, aliases: tuple[str, ...] = ()) -> Entity:
    """The canonical entity for a name: through aliases (editors' first), following merges."""
    alias = EntityAlias.objects.select_related("entity").filter(kind=kind, key=key).first()
    if alias is None:
        for other in aliases:
            other_key = extract.name_key(other)
            alias = EntityAlias.objects.select_related("entity").filter(kind=kind, key=other_key).first()
            if alias:
                break
    if alias is not None:
        entity = alias.entity
    else:
        entity, _ = Entity.objects.get_or_create(kind=kind, key=key, defaults={"name": name})
    seen = set()
    while entity.merged_into_id and entity.pk not in seen:
        seen.add(entity.pk)
        entity = entity.merged_into
    for spelling in (name, *aliases):
        spelling_key = extract.name_key(spelling)
        if spelling_key and not EntityAlias.objects.filter(kind=kind, key=spelling_key).exists():
            EntityAlias.objects.get_or_create(
                kind=kind,
                key=spelling_key,
                defaults={"entity": entity, "name": spelling, "origin": AliasOrigin.EXTRACTED},
            )
    return entity


def _store_extraction(article: Article, result) -> None:
    rejected = set(
        Mention.objects.filter(article=article, rejected=True).values_list("start", "end", "entity_id")
    )
    old_counts = dict(
        Mention.objects.filter(article=article, rejected=False)
        .values_list("entity_id")
        .annotate(n=Count("id"))
    )
    Mention.objects.filter(article=article, rejected=False).delete()
    DateMention.objects.filter(article=article).delete()
    mentions = []
    for found in result.entities:
        kind = _KIND.get(found.kind)
        if kind is None or not found.key:
            continue
        entity = resolve_entity(
            kind, found.name[:300], found.key[:300], tuple(a[:300] for a in found.aliases)
        )
        for m in found.mentions:
            if (m.start, m.end, entity.pk) in rejected:
                continue
            mentions.append(
                Mention(article=article, entity=entity, start=m.start, end=m.end, surface=m.surface[:300])
            )
    Mention.objects.bulk_create(mentions, ignore_conflicts=True)
    new_counts: dict[int, int] = {}
    for m in mentions:
        new_counts[m.entity_id] = new_counts.get(m.entity_id, 0) + 1
    for entity_id in set(old_counts) | set(new_counts):
        delta = new_counts.get(entity_id, 0) - old_counts.get(entity_id, 0)
        if delta:
            Entity.objects.filter(pk=entity_id).update(mention_count=F("mention_count") + delta)
    DateMention.objects.bulk_create(
        DateMention(
            article=article,
            start=d.start,
            end=d.end,
            surface=d.surface[:200],
            value=d.value,
            precision=d.precision,
            relative=d.relative,
        )
        for d in result.dates
    )
    if article.published is None and result.published is not None:
        article.published = result.published.value
        article.published_precision = result.published.precision
        article.published_inferred = True
