"""Storing many prepared articles at once: what `service.store_article` does, with set-based queries.

`store_articles` runs inside the caller's transaction and gives every article the outcome it would get if
the batch were stored one article after another, in order: a text repeated inside the batch is a
duplicate of its first copy, a near-duplicate links to an earlier article of the same batch, and a
spelling recorded for one article links the next (see `entities.resolve_batch`). A batch costs about a
dozen round trips whatever its size: one look-up of exact and near duplicates, one of outlets, fresh ids
from the sequence, COPY of the articles, mentions and dates, entity resolution, one count update.

It raises on any database error; the caller (`runner.store_entries`) then stores the batch again one
article per transaction, so a bad article never costs the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import archive.extract as extract
from archive.ingest import neardup
from archive.ingest.entities import add_mention_counts, resolve_batch
from archive.ingest.prepare import PreparedArticle
from archive.ingest.rows import allocate_ids, copy_rows, select_rows
from archive.models import Article, DateMention, DatePrecision, Mention, Source, UploadItem

# The one-article service checks this many near-duplicate candidates per article (oldest first).
NEAR_CANDIDATES = 200

# Stored articles with one of the content hashes or sharing a SimHash band (arrays: see archive.ingest.rows).
_STORED_MATCHES = (
    "SELECT id, content_hash, simhash, sim_band0, sim_band1, sim_band2, sim_band3 FROM archive_article"
    " WHERE content_hash = ANY(%b::text[])"
    + "".join(f" OR sim_band{index} = ANY(%b::integer[])" for index in range(neardup.BANDS))
    + " ORDER BY id"
)


@dataclass(frozen=True)
class ArticleRequest:
    """One prepared article and the options `store_article` takes for it."""

    prepared: PreparedArticle
    source: str | None = None
    url: str = ""
    published: datetime.date | None = None
    precision: str = DatePrecision.DAY
    original_sha256: str = ""
    original_format: str = ""
    synthetic: bool = False


@dataclass(frozen=True)
class StoredArticle:
    """What became of one request: `outcome` is an UploadItem.Outcome; ids, not model instances."""

    outcome: str
    article_id: int | None = None
    duplicate_of: int | None = None  # the stored copy (exact duplicate) or first copy (near-duplicate)


def _sources(names: set[str]) -> dict[str, int]:
    from archive.ingest.service import source_for

    found = dict(Source.objects.filter(name__in=names).values_list("name", "id")) if names else {}
    for name in names - found.keys():
        found[name] = source_for(name).pk  # first sight of an outlet: rare, one at a time is fine
    return found


def _outlet(name: str | None) -> str:
    return (name or "").strip()[:200]


def store_articles(requests: Sequence[ArticleRequest]) -> list[StoredArticle]:
    """Store a batch of prepared articles in the caller's transaction; one result per request, in order."""
    if not requests:
        return []
    digests = [r.prepared.digest for r in requests]
    bands = [
        neardup.bands(r.prepared.fingerprint) if r.prepared.fingerprint is not None else None
        for r in requests
    ]
    # Exact and near duplicates already stored: one query (content hash, or any shared SimHash band).
    band_values = [sorted({b[index] for b in bands if b is not None}) for index in range(neardup.BANDS)]
    stored_hash: dict[str, int] = {}
    by_band: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pk, digest, simhash, *row_bands in select_rows(_STORED_MATCHES, [sorted(set(digests)), *band_values]):
        stored_hash.setdefault(digest, pk)
        if simhash is not None:
            for index, value in enumerate(row_bands):
                by_band.setdefault((index, value), []).append((pk, simhash))

    fresh = [i for i, digest in enumerate(digests) if digest not in stored_hash]
    fresh_digests = {digests[i] for i in fresh}
    ids = iter(allocate_ids(Article, len(fresh_digests)))
    results: list[StoredArticle | None] = [None] * len(requests)
    new_ids: dict[int, int] = {}  # request index → article id
    near_of: dict[int, int | None] = {}
    for i, digest in enumerate(digests):
        if digest in stored_hash:
            results[i] = StoredArticle(UploadItem.Outcome.DUPLICATE, duplicate_of=stored_hash[digest])
            continue
        fingerprint, own_bands = requests[i].prepared.fingerprint, bands[i]
        near = None
        if own_bands is not None:
            candidates = sorted(
                {c for index, value in enumerate(own_bands) for c in by_band.get((index, value), ())}
            )[:NEAR_CANDIDATES]
            near = next(
                (pk for pk, other in candidates if neardup.distance(fingerprint, other) <= neardup.NEAR_BITS),
                None,
            )
        pk = stored_hash[digest] = next(ids)  # a later copy in this batch is a duplicate of this one
        new_ids[i], near_of[i] = pk, near
        if own_bands is not None:
            for index, value in enumerate(own_bands):
                by_band.setdefault((index, value), []).append((pk, fingerprint))
        outcome = UploadItem.Outcome.NEAR_DUPLICATE if near else UploadItem.Outcome.IMPORTED
        results[i] = StoredArticle(outcome, article_id=pk, duplicate_of=near)
    if not new_ids:
        return results  # type: ignore[return-value]

    sources = _sources({_outlet(requests[i].source) for i in new_ids} - {""})
    extracted = [i for i in new_ids if requests[i].prepared.found is not None]
    resolved = dict(
        zip(extracted, resolve_batch([requests[i].prepared.found.entities for i in extracted]), strict=True)
    )

    from archive.ingest.service import article_fields  # the one description of an article row

    article_rows = []
    columns: tuple[str, ...] = ()
    mention_rows: list[tuple] = []
    date_rows: list[tuple] = []
    counts: dict[int, int] = {}
    for i, pk in new_ids.items():
        request = requests[i]
        fields = article_fields(
            request.prepared,
            source_id=sources.get(_outlet(request.source)),
            url=request.url,
            published=request.published,
            precision=request.precision,
            near_duplicate_of_id=near_of[i],
            original_sha256=request.original_sha256,
            original_format=request.original_format,
            synthetic=request.synthetic,
        )
        fields["search_vector"] = request.prepared.vector
        fields["phrase_pairs"] = request.prepared.pairs
        found = request.prepared.found
        mentions = [] if found is None else _mentions(pk, fields["published"], found, resolved[i], counts)
        # What migration 0019's trigger would compute from the mentions: written with the row, so the
        # trigger that checks them after the mentions' COPY finds nothing to update.
        fields["entity_ids"] = sorted({row[2] for row in mentions})
        columns = ("id", *fields)
        article_rows.append((pk, *fields.values()))
        if found is None:
            continue
        mention_rows.extend(mentions)
        date_rows.extend(
            (pk, d.start, d.end, d.surface[:200], d.value, d.precision, d.relative) for d in found.dates
        )
    copy_rows(Article, columns, article_rows)
    if mention_rows:
        # With the article's date (as the trigger of migration 0006 would copy it), so the trigger that
        # fills it one row at a time is skipped (migration 0016).
        copy_rows(Mention, ("article_id", "published", "entity_id", "start", "end", "surface"), mention_rows)
    if date_rows:
        copy_rows(
            DateMention,
            ("article_id", "start", "end", "surface", "value", "precision", "relative"),
            date_rows,
        )
    add_mention_counts(counts)
    return results  # type: ignore[return-value]


def _mentions(
    article_id: int,
    published: datetime.date | None,
    found: extract.Extraction,
    resolved: dict[tuple[str, str], tuple[str, int]],
    counts: dict[int, int],
) -> list[tuple]:
    """Mention rows of one new article, one per (span, entity) as the unique constraint wants."""
    rows: dict[tuple[int, int, int], tuple] = {}
    for entity in found.entities:
        hit = resolved.get((entity.kind, entity.key[:300]))
        if hit is None:
            continue
        for m in entity.mentions:
            span = (m.start, m.end, hit[1])
            if span not in rows:
                rows[span] = (article_id, published, hit[1], m.start, m.end, m.surface[:300])
                counts[hit[1]] = counts.get(hit[1], 0) + 1
    return list(rows.values())
