"""The pure half of ingest: validate, normalise, fingerprint, extract and analyse one article.

No Django here, so it runs in worker processes (the import command prepares articles on every core
while the main process writes them) and is cheap to test.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import logging
import re
from dataclasses import dataclass

import archive.extract as extract
import archive.text as text
from archive.ingest import neardup
from archive.ingest.published import parse_published
from archive.ingest.titles import infer_title
from archive.search.document import document_fields, document_vectors

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

    def __reduce__(self):
        # Workers return refusals to the importer: pickle must call __init__ with all three arguments.
        return (type(self), (self.code, self.message_en, self.message_ckb))


def content_hash(body: str, *, normalized: str | None = None) -> str:
    """SHA-256 of the normalised text with whitespace collapsed: two spellings of one text are one article."""
    # str.split() splits at exactly the characters `\s` matches (str.isspace), so this is
    # `re.sub(r"\s+", " ", text).strip()`, a third as costly (27 against 85 µs an article).
    canonical = " ".join((normalized if normalized is not None else text.normalize(body)).split())
    return hashlib.sha256(canonical.encode()).hexdigest()


def validate_draft(body: str, title: str) -> tuple[str, str]:
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
    return body, title[:MAX_TITLE_CHARS]


def run_extractor(body: str, published: datetime.date | None) -> tuple[extract.Extraction | None, str]:
    try:
        return extract.extract(body, published=published), ""
    except Exception as error:
        logger.exception("extraction failed")
        return None, f"{type(error).__name__}: {error}"[:2000]


@dataclass(frozen=True)
class PreparedArticle:
    """Everything about an article that needs no database: computed once, possibly in another process."""

    title: str
    body: str
    digest: str
    fingerprint: int | None
    found: extract.Extraction | None
    failure: str
    vector: str  # tsvector literal: title, lead, body and the entity names as written in the article
    pairs: str  # the same text's neighbouring word pairs (tsvector literal without positions)

    def __reduce__(self):
        # Workers send prepared articles to the importer: as plain tuples an article pickles and
        # unpickles ≈ 5× faster than as the object graph of its extraction (dataclass pickling runs
        # Python code per entity, mention and date), and the importer's CPU is the import's critical path.
        return (
            _unpack_article,
            (
                self.title,
                self.body,
                self.digest,
                self.fingerprint,
                pack_extraction(self.found),
                self.failure,
                self.vector,
                self.pairs,
            ),
        )


PackedExtraction = tuple[tuple, tuple, tuple | None] | None


def pack_extraction(found: extract.Extraction | None) -> PackedExtraction:
    """An extraction as nested tuples of plain values (`unpack_extraction` gives it back, equal)."""
    if found is None:
        return None
    published = found.published
    return (
        tuple(
            (e.kind, e.name, e.key, e.aliases, tuple((m.start, m.end, m.surface) for m in e.mentions))
            for e in found.entities
        ),
        tuple((d.start, d.end, d.surface, d.value, d.precision, d.relative) for d in found.dates),
        None
        if published is None
        else (published.value, published.precision, published.evidence, published.start, published.end),
    )


def unpack_extraction(packed: PackedExtraction) -> extract.Extraction | None:
    if packed is None:
        return None
    entities, dates, published = packed
    Mention, DateMention = extract.Mention, extract.DateMention
    return extract.Extraction(
        entities=tuple(
            extract.Entity(kind, name, key, aliases, tuple(Mention(*m) for m in mentions))
            for kind, name, key, aliases, mentions in entities
        ),
        dates=tuple(DateMention(*d) for d in dates),
        published=None if published is None else extract.InferredDate(*published),
    )


def _unpack_article(title, body, digest, fingerprint, found, failure, vector, pairs) -> PreparedArticle:
    return PreparedArticle(title, body, digest, fingerprint, unpack_extraction(found), failure, vector, pairs)


def prepare_article(
    *, body: str, title: str = "", published: datetime.date | None = None, normalized: str | None = None
) -> PreparedArticle:
    """The pure part of ingest: validate, normalise, fingerprint, extract, analyse. Raises IngestError.

    A caller that already validated `body` and normalised it passes `normalized`, so it isn't done twice.
    """
    if normalized is None:
        body, title = validate_draft(body, title)
        normalized = text.normalize(body)
    found, failure = run_extractor(body, published)
    names = sorted({entity.name for entity in found.entities}) if found is not None else []
    vector, pairs = document_vectors(document_fields(title, body, names))
    return PreparedArticle(
        title=title,
        body=body,
        digest=content_hash(body, normalized=normalized),
        fingerprint=neardup.simhash(normalized, normalized=True),
        found=found,
        failure=failure,
        vector=vector,
        pairs=pairs,
    )


def payload(entry: object) -> tuple[str, str, str | None] | None:
    """What a worker process needs of an entry (plain, picklable values)."""
    return None if not hasattr(entry, "body") else (entry.body, entry.title, entry.published)


def prepare_payload(payload: tuple[str, str, str | None] | None) -> PreparedArticle | IngestError | None:
    if payload is None:
        return None
    body, title, raw_published = payload
    published = parse_published(raw_published)
    try:
        return prepare_article(body=body, title=title, published=published[0] if published else None)
    except IngestError as refused:
        return refused


# A worker's cyclic garbage collector: preparing an article leaves almost no cycles, but with Python's
# default thresholds (2000, 10, 10) it ran a young collection every ≈ 14 bench articles and a full one,
# over every cached word and model table, every ≈ 1,000: 0.08–0.10 ms of CPU an article (gc.callbacks
# over 4,000 bench articles), 0.02–0.03 with the warm-up's objects frozen and the thresholds below.
WORKER_GC_THRESHOLD = (50_000, 20, 100)


def start_worker() -> None:
    """A preparing process's start: load the extractor's models once, then collect garbage rarely."""
    try:
        prepare_article(body="ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١ مستەفا کازمی لە بەغدا گوتی.")
    except Exception:  # the first real article will fail with the same reason, and be reported
        logger.exception("warming up the extractor failed")
    gc.collect()
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def prepare_payloads(
    payloads: list[tuple[str, str, str | None] | None],
) -> list[PreparedArticle | IngestError | None]:
    """`prepare_payload` of several entries: one task of a worker process."""
    return [prepare_payload(p) for p in payloads]
