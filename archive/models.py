"""Tables of the archive: outlets, articles, extracted entities and dates, uploads.

Articles carry the versions of the analyzer and extractor that processed them, so `manage.py reindex` and
`manage.py extract` can redo exactly the stale ones. The search vector is written by the ingest service
(archive/ingest/service.py) from archive.text's analysis, never by signals.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, F, Func, Q, When
from django.db.models.functions import Mod
from django.db.models.lookups import LessThan
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext_lazy as _

_PLACEHOLDER = "9876543210"


@lru_cache(maxsize=64)
def _url_around(name: str, argument: str, prefix: str) -> tuple[str, str]:
    """`reverse(name)` with a placeholder argument, split around it (per script prefix)."""
    before, _placeholder, after = reverse(name, kwargs={argument: _PLACEHOLDER}).partition(_PLACEHOLDER)
    return before, after


def fast_url(name: str, argument: str, value: object) -> str:
    """`reverse(name, kwargs={argument: value})` for an id or a slug, without resolving the pattern again
    (a results page links forty articles and outlets: `reverse` was a fifth of its template time). The
    value is quoted as `reverse` quotes it (an outlet's slug may be Kurdish: ڕووداو)."""
    before, after = _url_around(name, argument, get_script_prefix())
    return f"{before}{quote(str(value), safe=RFC3986_SUBDELIMS + '/~:@')}{after}"


class Source(models.Model):
    """A news outlet (Rudaw, Kurdistan24, ...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    site_url = models.URLField(_("site URL"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_url("archive:source", "slug", self.slug)


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    UNKNOWN = "unknown", _("unknown")


class ProcessingStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DONE = "done", _("done")
    FAILED = "failed", _("failed — will be retried")


class ArticleQuerySet(models.QuerySet):
    def search(self, query, sort: str = "relevance") -> ArticleQuerySet:
        """The one search entry point: articles matching `query` (text or a parsed Query), ordered by `sort`.

        An empty or unsearchable query gives `.none()`. Ordering is stable (ties broken by date and id).
        """
        from archive.search.postgres import apply_query, order_results
        from archive.search.query import parse_query

        parsed = parse_query(query) if isinstance(query, str) else query
        return order_results(apply_query(self, parsed), parsed, sort)

    def published_order(self) -> ArticleQuerySet:
        """Newest first; undated articles last; id breaks ties so pages are stable."""
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")


SAMPLE_BUCKETS = 64  # an article's sample bucket is id % 64
SAMPLE_INDEXED = 4  # the search vectors of buckets 0-3 are indexed again on their own


def sample_bucket() -> Mod:
    """`id % SAMPLE_BUCKETS` as the indexes hold it (an integer, not Mod's default decimal, or PostgreSQL
    cannot use them)."""
    return Mod("id", SAMPLE_BUCKETS, output_field=models.IntegerField())


def sample_vector() -> Case:
    """The search vector of an article in the first SAMPLE_INDEXED sample buckets, NULL for the others.

    Facets of a common word are counted over its matches in the first k buckets (archive.search.postgres,
    `facet_sample`). With the whole archive's text index those matches cost a scan of the word's posting
    list (51,000 articles for «هەولێر» at 100,000) or a read of every bucket article's stored vector
    (≈ 10 µs each). Indexed as this expression, the bucket articles holding the word come from a small
    index (1/16 of the vectors). An expression rather than a partial index: VACUUM sets a partial GIN
    index's row count to the table's, and the planner then stops using it.
    """
    return Case(
        When(LessThan(sample_bucket(), SAMPLE_INDEXED), then=F("search_vector")),
        output_field=SearchVectorField(),
    )


class Article(models.Model):
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("body"))
    source = models.ForeignKey(
        Source,
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        db_index=False,  # article_source_published starts with the outlet
    )
    url = models.URLField(_("original URL"), max_length=2000, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    published_precision = models.CharField(
        _("date precision"), max_length=7, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    published_inferred = models.BooleanField(
        _("date inferred from the text"),
        default=False,
        help_text=_("The upload had no date; it was read from the text."),
    )
    language = models.CharField(_("language"), max_length=12, default="ckb")
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        help_text=_("SHA-256 of the normalised text: exact duplicates."),
    )
    # Near-duplicates (same story re-published with small edits) point at the first copy seen.
    near_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="near_duplicates"
    )
    # A 64-bit SimHash of the text's shingles, and its four 16-bit bands: two texts within 3 bits of each
    # other share at least one band exactly, so near-duplicate candidates come from four index lookups.
    simhash = models.BigIntegerField(null=True, blank=True, editable=False)
    sim_band0 = models.IntegerField(null=True, editable=False)
    sim_band1 = models.IntegerField(null=True, editable=False)
    sim_band2 = models.IntegerField(null=True, editable=False)
    sim_band3 = models.IntegerField(null=True, editable=False)
    original_sha256 = models.CharField(
        _("original bytes' SHA-256"), max_length=64, blank=True, editable=False
    )
    original_format = models.CharField(_("original format"), max_length=20, blank=True, editable=False)
    synthetic = models.BooleanField(
        default=False, help_text=_("Generated for benchmarks, not a real article.")
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # Filled by the ingest service.
    search_vector = SearchVectorField(null=True, editable=False)
    # Keys of neighbouring word pairs, no positions (archive.search.document.document_vectors): a phrase's
    # candidates. NULL: not computed yet (`manage.py reindex`).
    phrase_pairs = ArrayField(models.BigIntegerField(), null=True, editable=False)
    # The entities of the article's live mentions, sorted, kept by triggers on archive_mention (migration
    # 0019): a search for words and a person ANDs this column's index with the text index.
    entity_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)
    analyzer_version = models.CharField(max_length=100, blank=True, editable=False)
    extractor_version = models.CharField(max_length=100, blank=True, editable=False)
    extraction_status = models.CharField(
        max_length=8, choices=ProcessingStatus.choices, default=ProcessingStatus.PENDING, editable=False
    )
    extraction_error = models.TextField(blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # A constraint rather than unique=True, which also adds a pattern-ops index (for LIKE) that no
        # query uses and every import writes into at a random place.
        constraints = [models.UniqueConstraint(fields=["content_hash"], name="article_unique_content_hash")]
        indexes = [
            # The entity ids beside the terms: a word with `person:` is one scan (migration 0023).
            GinIndex(fields=["search_vector", "entity_ids"], name="article_search_gin"),
            GinIndex(fields=["phrase_pairs"], name="article_phrase_pairs"),
            # Articles written before the pair vector existed (until `reindex` fills it): found cheaply.
            models.Index(fields=["id"], condition=Q(phrase_pairs__isnull=True), name="article_pairs_missing"),
            models.Index(fields=["published", "id"], name="article_published"),
            # Newest-first lists (home, outlet pages) read this index instead of sorting every row.
            models.Index(F("published").desc(nulls_last=True), F("id").desc(), name="article_newest"),
            models.Index(fields=["source", "published"], name="article_source_published"),
            models.Index(fields=["analyzer_version"], name="article_analyzer_version"),
            models.Index(fields=["extractor_version"], name="article_extractor_version"),
            models.Index(fields=["updated"], name="article_updated"),
            models.Index(fields=["sim_band0"], name="article_sim_band0"),
            models.Index(fields=["sim_band1"], name="article_sim_band1"),
            models.Index(fields=["sim_band2"], name="article_sim_band2"),
            models.Index(fields=["sim_band3"], name="article_sim_band3"),
            # Facets of huge result sets read a fixed share of the matches: id % 64 < k (search.postgres).
            models.Index(Mod("id", SAMPLE_BUCKETS), name="article_sample_bucket"),
            # … and a common word's share from this index (see `sample_vector`).
            GinIndex(sample_vector(), name="article_sample_search"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return fast_url("archive:article", "pk", self.pk)


class EntityKind(models.TextChoices):
    PERSON = "person", _("person")
    PLACE = "place", _("place")
    ORG = "org", _("organisation")


class Entity(models.Model):
    """A canonical person, place or organisation; aliases and mentions point here."""

    kind = models.CharField(_("kind"), max_length=6, choices=EntityKind.choices)
    name = models.CharField(_("name"), max_length=300)
    key = models.CharField(
        max_length=300, editable=False, help_text=_("Spelling-folded name used for matching.")
    )
    # An entity merged by an editor keeps existing (so re-extraction still finds its aliases) but points at the survivor.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    edited = models.BooleanField(default=False, help_text=_("Renamed or changed by an editor."))
    mention_count = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="entity_unique_kind_key")]
        # No index holds mention_count: imports change it for about ten entities per article, and with no
        # index to update (and free space left on each page, migration 0014) PostgreSQL updates the row in
        # place (HOT) instead of writing a new copy into every index and leaving the old one as dead bloat.
        # Lists by count sort the entities of a kind instead (a few ms at 16,000 entities).

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_url("archive:entity", "pk", self.pk)


class AliasOrigin(models.TextChoices):
    EXTRACTED = "extracted", _("extracted")
    EDITOR = "editor", _("added by an editor")


class EntityAlias(models.Model):
    """Another spelling of an entity's name. Extraction resolves names through aliases first."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=6, choices=EntityKind.choices, editable=False)
    name = models.CharField(_("alias"), max_length=300)
    key = models.CharField(max_length=300, editable=False)
    origin = models.CharField(max_length=9, choices=AliasOrigin.choices, default=AliasOrigin.EXTRACTED)
    # Every run of consecutive words of the key («مسرور», «مسرور بارزانی», «بارزانی»), kept by PostgreSQL
    # (migration 0017): `person:` finds the aliases containing its words as one indexed lookup, and the
    # planner estimates how many from the array's element statistics instead of guessing at a LIKE.
    runs = models.GeneratedField(
        expression=Func(F("key"), function="hawal_name_runs", output_field=ArrayField(models.TextField())),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="alias_unique_kind_key")]
        indexes = [
            GinIndex(fields=["runs"], name="alias_runs"),
            # Names being typed (`queries.find_entities`): `key LIKE 'مستەف%'` in any collation.
            models.Index(fields=["key"], name="alias_key_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name


class Mention(models.Model):
    """One occurrence of an entity in an article, with offsets into the article's body."""

    # No index of their own: mention_unique_span starts with the article and mention_entity_published with
    # the entity, so each key's own index would only add upkeep to every mention written.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions", db_index=False)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions", db_index=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    surface = models.CharField(max_length=300)
    rejected = models.BooleanField(
        _("wrong"),
        default=False,
        help_text=_("Marked wrong by an editor; kept so re-extraction does not bring it back."),
    )
    # A copy of the article's date, kept by database triggers (migration 0006) so "person X in 2015–2016"
    # reads one index range instead of every mention of X; never written by Django. Bulk import writes it
    # itself, from the article row it stores, and the insert trigger then skips the row (migration 0016).
    published = models.DateField(null=True, editable=False)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end", "entity"], name="mention_unique_span"),
        ]
        indexes = [
            # Every look-up by entity. Pages and searches count only live mentions, and `rejected` is carried
            # in the index, so a person's articles in a date range come from this index alone: no table
            # read to check it (a person in 39,000 mentions of two years at 1M articles: 150 → 26 ms).
            # One index for both, since migration 0015: each index on the entity is written at a random
            # place for each of an article's ≈ 24 mentions.
            models.Index(
                fields=["entity", "published", "article"],
                include=["rejected"],
                name="mention_entity_published",
            ),
            # Facets look up the live mentions of each sampled article: read from this index alone.
            models.Index(
                fields=["article"],
                include=["entity"],
                name="mention_live_article",
                condition=models.Q(rejected=False),
            ),
        ]

    def __str__(self) -> str:
        return self.surface


class DateMention(models.Model):
    """A date expression in an article's body, resolved to a value with its precision."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="date_mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    surface = models.CharField(max_length=200)
    value = models.DateField()
    precision = models.CharField(max_length=7, choices=DatePrecision.choices)
    relative = models.BooleanField(default=False)

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["value", "precision"], name="datemention_value")]

    def __str__(self) -> str:
        return f"{self.surface} = {self.value}"


class Upload(models.Model):
    """One upload (or one `import_articles` run): who, when, and a per-file report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    origin = models.CharField(max_length=20, default="admin", help_text=_("admin, api or command"))
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.QUEUED)
    label = models.CharField(max_length=500, blank=True, help_text=_("What was uploaded, for people."))
    # The import command resumes an unfinished run of the same paths through this key.
    resume_key = models.CharField(max_length=64, blank=True, db_index=True)
    total_items = models.PositiveIntegerField(default=0)
    done_items = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return f"#{self.pk} {self.created:%Y-%m-%d %H:%M}"

    @property
    def total_known(self) -> bool:
        """Whether ``total_items`` is the real total: the import command counts its entries beside the
        import and leaves 0 until the count comes in (a total below what is done is no total either)."""
        return 0 < self.total_items and self.done_items <= self.total_items


class UploadFile(models.Model):
    """One uploaded file's bytes, kept in the database so any worker on any machine can process (and retry) it."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500, help_text=_("The name it was uploaded with (display only)."))
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    processed = models.BooleanField(default=False)

    class Meta:
        ordering = ["upload", "id"]

    def __str__(self) -> str:
        return self.name


class UploadItem(models.Model):
    """One file, archive member or row of an upload, and what became of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("pending")
        IMPORTED = "imported", _("imported")
        DUPLICATE = "duplicate", _("duplicate")
        NEAR_DUPLICATE = "near_dup", _("imported, near-duplicate")
        FAILED = "failed", _("failed")

    # uploaditem_unique_member starts with the upload: no index of its own.
    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="items", db_index=False)
    file = models.ForeignKey(
        UploadFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    member = models.CharField(max_length=1000)
    format = models.CharField(max_length=20, blank=True)
    original_sha256 = models.CharField(max_length=64, blank=True)  # shown, never looked up
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    code = models.CharField(max_length=40, blank=True)
    message = models.TextField(blank=True)
    message_ckb = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload_items"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["upload", "id"]
        constraints = [models.UniqueConstraint(fields=["upload", "member"], name="uploaditem_unique_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.outcome}"
