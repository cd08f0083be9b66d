"""The query tree, run on PostgreSQL: matching, filters, ranking, counts, facets and the date histogram.

One entry point for pages, API and feeds: `Article.objects.search(query)` (a queryset method built on
`apply_query` below) and, for a results page, `run_search`, which fetches a page of hits *and* the total in
one SQL query (a window count), then builds snippets in Python from the rows it already has. Results are
remembered until the database changes (`archive.search.cache`).

What we learned measuring (see the search issue): never `ORDER BY ts_rank(...)` over an unbounded match
set without a LIMIT the planner can use, and for newest-first on a GIN index write the date as an
expression (`published + 0`) so the planner uses the bitmap plan instead of walking the date index and
rechecking every row.
"""

from __future__ import annotations

import datetime
import functools
import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    signals,
)
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.functions import Mod
from django.db.models.query_utils import DeferredAttribute

import archive.extract as extract
from archive.search import cache, rum, shapes
from archive.search.query import And, Or, Phrase, Query, Term, parse_query
from archive.search.snippets import Snippet, make_snippet
from archive.search.tsquery import (
    excludes_itself,
    main_terms,
    pairs_decide_phrases,
    phrase_pairs,
    query_terms,
    title_only,
    to_tsquery,
    without_required_phrases,
)

# ts_rank_cd weights for D, C, B, A: title (A) matters most, lead (B) next, body (C).
RANK_WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"
# Rank normalisation 1|4|32: divide by 1 + log(length) and by the mean harmonic distance (proximity),
# then squash into [0, 1) (rank / (rank + 1)).
RANK_NORMALIZATION = 1 | 4 | 32
TITLE_BONUS = 4  # the text score stays below 1.3, so title matches and exact phrases always come first
PHRASE_BONUS = 2
# A mild recency prior: a ten-year-old article needs about 1.3× the text score of today's to rank level.
RECENCY_HALF_LIFE_DAYS = 3650
# RUM: our score re-ranks the index's first RERANK matches (pages beyond them keep the index's order).
RERANK = 100
# Rank every match up to RANK_ALL of them; past that, in blocks (see _ordered_ids).
RANK_ALL = 500
RANK_NEWEST = 100
# A text query is read newest first from the date index, checking each article, when it matches at least
# √(WALK_BLOCK × articles walked) articles; rarer ones sort their matches instead. Sorting costs in
# proportion to the matches M, walking to the articles passed before a block of 100 is found (≈ 100 × N /
# M of N), each checked article costing about four sorted ones (its stored vector is read): the two meet
# at M = √(400 × N) — 2 % of 1,000,000 articles, 6 % of 100,000 — so neither ever handles more than that
# many rows. (√(100 × N) walked a phrase in 13,720 of 1,000,000 articles through 8,149 pair vectors: 156
# ms, sorted 35; fresh searches at 100,000 articles: mean 25.6 → 16.5 ms, p95 45 → 27.)
WALK_BLOCK = 400
# With RUM, a query between those two sizes is read in date order from the RUM index instead, which
# costs in proportion to its matches M but far less per match than sorting them (their dates are in the
# index). Walking to R rows passes ≈ R × N / M articles, so the two meet at M = √(RUM_WALK_COST × R × N),
# RUM_WALK_COST being what an article walked costs against a match read from RUM. At 1,000,000 articles
# that ratio measured ≈ 15 µs to 0.2–0.4 µs (an OR of three words in 42,000 articles: newest 100 walked
# in 35 ms, read from RUM in 10; a word in 104,000: walked 10 ms, from RUM 43), but at 50 two common
# words became slower, at 20 none (bench/search_ab.py: the OR-of-three queries' p50 27.6 → 20.0 ms).
# With 20, relevance's first block of 100 reads from RUM below 45,000 matches of 1,000,000 articles; a
# first page of 20 in date order walks from 20,000, as before. Only for a query without filters: RUM
# reads every match of the words, and a filter narrows only what the walk finds.
RUM_WALK_COST = 20
FAR_FUTURE = "2100-01-01"
FAR_PAST = "1800-01-01"
# Totals are exact up to COUNT_CAP matches and the planner's estimate beyond (migration 0004).
COUNT_CAP = 2000
# A search counted below its trust threshold asks the 1/16 sample first (`_sample_rows_sql`, migration 0018).
COUNT_SAMPLE = True
# An entity search's sample reads the articles' entity ids (migration 0019) instead of their mentions.
SAMPLE_BY_IDS = True
# Facets of bigger result sets are counted over a share of about this many matches. Each sampled article
# costs a re-check of its text (≈ 15 µs, reading the stored tsvector) and its mentions; 1,000 keeps a
# common word's facets near 30 ms at 100,000 articles, with top-10 lists that rarely change order.
FACET_SAMPLE = 1000
MAX_THINNING = 16  # and within one bucket, at most one id in 16 (facet_sample)
FACET_SIZE = 10
# A query of filters alone first checks this many of the newest articles of its range, one by one.
FILTER_PROBE = 2000

SORTS = ("relevance", "date", "date_asc")


@dataclass(frozen=True)
class Hit:
    article: object
    snippet: Snippet
    score: float | None


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int


@dataclass
class SearchResults:
    query: Query
    sort: str
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    facets_sampled: bool = False
    histogram: list[tuple[datetime.date, int]] = field(default_factory=list)
    suggestion: str | None = None

    @property
    def total_exact(self) -> bool:
        """False when the total is the planner's estimate (more than COUNT_CAP matches)."""
        return self.total <= COUNT_CAP

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def searchable(self) -> bool:
        return bool(self.query.tree or _has_filters(self.query))


_PLANS: dict[tuple, str] = {}
_PHRASE_OPERATOR = re.compile(r"<(?:-|\d+)>")


def search_plan() -> str:
    """ "rum" when this database has the RUM indexes (archive.search.rum), else "gin"; asked once per database.

    HAWAL_SEARCH_RUM=off in the settings forces "gin" (for comparisons and tests).
    """
    from django.conf import settings

    if getattr(settings, "HAWAL_SEARCH_RUM", "auto") == "off":
        return "gin"
    key = (
        connection.alias,
        connection.settings_dict.get("HOST"),
        connection.settings_dict.get("PORT"),
        connection.settings_dict.get("NAME"),
    )
    if key not in _PLANS:
        with connection.cursor() as cursor:
            _PLANS[key] = "rum" if rum.installed(cursor) else "gin"
    return _PLANS[key]


def forget_search_plan() -> None:
    """Ask the database again next time (after `manage.py search_indexes` or in tests)."""
    _PLANS.clear()


def compiled_tsquery(query: Query) -> str | None:
    """The query's tsquery string; compiled once per distinct tree (filtering and ranking both need it)."""
    return None if query.tree is None else _compile(query.tree)


@lru_cache(maxsize=512)
def _compile(tree) -> str | None:
    return to_tsquery(tree)


@lru_cache(maxsize=512)
def _excludes_itself(tree) -> bool:
    return excludes_itself(tree)


@lru_cache(maxsize=512)
def _compile_estimate(tree) -> str | None:
    """The tree compiled with each word's main term only (tsquery.main_terms), for estimating counts."""
    return to_tsquery(tree, analyzer=main_terms)


@lru_cache(maxsize=512)
def _pairs(tree) -> str | None:
    return phrase_pairs(tree)


def _has_filters(query: Query) -> bool:
    return bool(
        query.people or query.places or query.orgs or query.sources or query.date_from or query.date_to
    )


def _entity_filters(query: Query) -> list[tuple[str, str]]:
    """(kind, value) of each `person:`, `place:` and `org:` filter, in that order."""
    return [
        (kind, value)
        for kind, values in (("person", query.people), ("place", query.places), ("org", query.orgs))
        for value in values
    ]


def entity_filter(
    kind: str, value: str, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> Q:
    """Articles that mention an entity whose name or alias is `value` or contains it as whole words.

    A date range is applied to the mentions' copy of the article date too, so PostgreSQL can read just
    that range of the (entity, published) index instead of every mention of a famous name.
    """
    return _entity_filter(kind, extract.name_key(value) or None, date_from, date_to)


def _entity_filter(
    kind: str, key: str | None, date_from: datetime.date | None, date_to: datetime.date | None
) -> Q:
    """`entity_filter` of a name's key (`extract.name_key`; None: the name had none)."""
    from archive.models import Mention

    if key is None:
        return Q(pk__in=[])
    mentions = Mention.objects.filter(article=OuterRef("pk"), rejected=False, entity_id__in=_named(kind, key))
    if date_from:
        mentions = mentions.filter(published__gte=date_from)
    if date_to:
        mentions = mentions.filter(published__lte=date_to)
    return Q(Exists(mentions))


def entity_ids(kind: str, value: str) -> QuerySet | None:
    """Ids of the entities named `value` or a name containing it as whole words («بارزانی» names «مسرور
    بارزانی»), through their aliases' word runs (migration 0017), and of those they were merged into;
    None when `value` names nothing."""
    key = extract.name_key(value)
    return _named(kind, key) if key else None


def _named(kind: str, key: str) -> QuerySet:
    """`entity_ids` of a name's key."""
    from archive.models import EntityAlias

    # ONE id list: an OR of two lists would keep PostgreSQL from using the (entity, …) mention index and
    # make it read every mention.
    named = EntityAlias.objects.filter(runs__contains=[key], kind=kind)
    return named.values("entity_id").union(
        named.filter(entity__merged_into__isnull=False).values("entity__merged_into_id")
    )


@lru_cache(maxsize=1024)
def _entity_ids_sql(kind: str, key: str) -> tuple[str, tuple]:
    """`_named` compiled (a search compiles it twice: for the entities' size and for their hash)."""
    return _sql(_named(kind, key))


# A search asks for each filter's key several times (once per statement built from its filters).
_name_key = lru_cache(maxsize=1024)(extract.name_key)


def _mentioned_by_ids(
    kind: str, key: str | None, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> RawSQL | Q:
    """`_entity_filter` as an overlap of the article's own entity ids (migration 0019) with the entity's:
    both are keys of one GIN index (migration 0023), so PostgreSQL reads the word's entries only where the
    entity's articles are, and only the rows in both. The same articles: `entity_ids` holds the entities
    of the article's live mentions, and a mention's date is its article's, which `_filtered` bounds on
    the article itself."""
    if key is None:
        return Q(pk__in=[])
    ids_sql, ids_params = _entity_ids_sql(kind, key)
    return RawSQL(
        f'"archive_article"."entity_ids" && ARRAY({ids_sql})', ids_params, output_field=BooleanField()
    )


def source_filter(value: str) -> Q:
    return Q(source__name__iexact=value) | Q(source__slug__iexact=value) | Q(source__name__icontains=value)


class TsQuery(Func):
    """A compiled query string cast straight to `tsquery`.

    Not `to_tsquery('simple', …)`: that would re-parse our already-analysed lexemes (lower-casing them and
    splitting at punctuation), so a term could differ from the one the index holds.
    """

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()

    def __init__(self, tsquery: str):
        super().__init__(Value(tsquery))


# The search vector is matched with `@@@`, PostgreSQL's synonym of `@@` (the same function, ts_match_vq,
# and the same selectivity estimate), which GIN's tsvector_ops serves and RUM's operator classes do not.
# With RUM installed the search vector has both kinds of index, and for a bitmap of matches (counts,
# intersections with other indexes, facets) PostgreSQL picked RUM: at 1,000,000 articles «ڕێز کان»
# (1,520 matches) took 7.5 ms to read from RUM against 1.8 ms from GIN. Only the reads in RUM's own order
# (`_rum_index_condition`) ask with `@@`, the operator RUM needs beside its ordering operators.
SEARCH_MATCH = "@@@"


def _infix(left, operator: str, right, output_field) -> Func:
    """`(left operator right)`: a PostgreSQL operator Django has no expression for, for `.filter()`,
    `.annotate()` or `.order_by()`."""
    return Func(
        left, right, template="(%(expressions)s)", arg_joiner=f" {operator} ", output_field=output_field
    )


def matches_tsquery(tsquery: str, vector: str = "search_vector") -> Func:
    """`search_vector @@@ '…'::tsquery` (`SEARCH_MATCH`), or another vector column's `@@`, as a boolean
    expression for `.filter()`."""
    return _infix(
        F(vector), SEARCH_MATCH if vector == "search_vector" else "@@", TsQuery(tsquery), BooleanField()
    )


def bigint_array(literal: str) -> Func:
    """A bigint[] literal ('{1,2}': phrase pairs, archive.search.document.document_vectors) cast to bigint[]."""
    return Func(
        Value(literal), template="%(expressions)s::bigint[]", output_field=ArrayField(BigIntegerField())
    )


def holds_pairs(pairs: str) -> Func:
    """`phrase_pairs @> '{…}'::bigint[]`: the article holds every pair key of `pairs` (a bigint[] literal,
    archive.search.tsquery.phrase_pairs), as a boolean expression for `.filter()`."""
    return _infix(F("phrase_pairs"), "@>", bigint_array(pairs), BooleanField())


@dataclass(frozen=True)
class _TextCondition:
    """What an article's vectors must match: `vector` on the search vector and `pairs` on the pair vector
    (an article without one passes); or, when the pairs decide the phrases (`decided`), `pairs` alone for
    articles that have a pair vector, `vector` for those that have none, and `rest` (the query's words
    besides its phrases, if any) on the search vector for all."""

    vector: str
    pairs: str | None
    decided: bool = False
    rest: str | None = None
    complete: bool = False  # every article has a pair vector: no fallback to the search vector needed


def _text_condition(query: Query, tsquery: str, pairs: str | None, complete: bool) -> _TextCondition:
    if pairs is None or not _pairs_decide(query.tree):
        return _TextCondition(tsquery, pairs)
    rest = without_required_phrases(query.tree)
    return _TextCondition(
        tsquery, pairs, decided=True, rest=None if rest is None else _compile(rest), complete=complete
    )


def _pairs_decided(query: Query) -> bool:
    return query.tree is not None and _pairs(query.tree) is not None and _pairs_decide(query.tree)


@lru_cache(maxsize=512)
def _pairs_decide(tree) -> bool:
    return pairs_decide_phrases(tree)


def _text_q(text: _TextCondition, vector: str = "search_vector") -> Q:
    """The condition as Q; `vector` names the search vector (or an alias standing for it)."""
    if not text.decided:
        found = Q(matches_tsquery(text.vector, vector))
        return found if text.pairs is None else found & holds_phrase_pairs(text.pairs)
    # Phrases from the pair index alone: no position re-check of every candidate's search vector
    # (the results of «بەردەوام بن», 9,000 candidates in 1,000,000 articles: 390 → 40 ms). Articles without
    # a pair vector need the search vector, and that OR makes PostgreSQL re-check every candidate's pair
    # vector instead, so it is left out once every article has one.
    found = Q(holds_pairs(text.pairs))
    if not text.complete:
        found |= Q(phrase_pairs__isnull=True) & Q(matches_tsquery(text.vector, vector))
    return found if text.rest is None else Q(matches_tsquery(text.rest, vector)) & found


def _per_row(condition: Q) -> Func:
    """`(SELECT condition)`: a sub-select, which PostgreSQL evaluates row by row and never through an index,
    with a neutral selectivity (one half) instead of its estimate."""
    return Func(
        ExpressionWrapper(condition, output_field=BooleanField()),
        template="(SELECT %(expressions)s)",
        output_field=BooleanField(),
    )


def holds_phrase_pairs(pairs: str) -> Q:
    """Articles whose pair vector holds every pair of the query's phrases — or that have no pair vector
    yet (written before it existed, until `manage.py reindex`), so a phrase never misses an article.

    The pair index is exact, so PostgreSQL checks positions (`search_vector @@ …`) only on these
    candidates instead of on every article holding the phrase's words (tens of thousands for two common
    words: 2 s at 100,000 articles).
    """
    return Q(holds_pairs(pairs)) | Q(phrase_pairs__isnull=True)


def apply_query(
    queryset: QuerySet | None,
    query: Query | str,
    *,
    pairs_complete: bool = False,
    vector: str = "search_vector",
) -> QuerySet:
    """Filter `queryset` (None: all articles, see `_filtered`) to the articles matching `query` (text,
    entity, outlet and date filters).

    `pairs_complete`: the caller has checked that every article has its pair vector (`pairs_complete`),
    so phrases the pairs decide are read from the pair index alone. `vector`: an alias of `queryset` to
    match the text against instead of the search vector (see `facet_sample`).
    """
    if isinstance(query, str):
        query = parse_query(query)
    if _cannot_match(query):
        if queryset is None:
            from archive.models import Article

            queryset = Article.objects.all()
        return queryset.none()
    tsquery = compiled_tsquery(query)
    pairs = None if tsquery is None else _pairs(query.tree)
    matches = _filtered(queryset, query, tsquery, pairs, complete=pairs_complete, vector=vector)
    if tsquery is not None and vector == "search_vector" and _entity_filters(query):
        # Built when a statement needs it (`_from_where`): ORM users of `search()` never do.
        _split_plans[matches] = (queryset, query, tsquery, pairs, pairs_complete)
    return matches


# Text first when the least-mentioned entity of the filters has more than 1 / TEXT_FIRST_RATIO as many
# mentions as the text is estimated to have matches, and the text matches less than TEXT_FIRST_MAX_SHARE
# of the archive (`_split_by_entity_size`). Text first ANDs two indexes (≈ 0.1 µs per entry of the text's
# posting list); entity first checks each of the entity's articles' stored vectors (≈ 25 µs each), so it
# wins only for an entity some 200 times rarer than the text. At 1,000,000 articles, against 10 (the
# ratio when text first read every text match's row): common word + person p95 660 → 165 ms
# (`bench/search_ab.py --setting TEXT_FIRST_RATIO --before 10 --types term_person`). Since migration 0023
# text first is one scan of one GIN index that skips to the entity's articles, cheaper still; the ratio
# was not measured again.
TEXT_FIRST_RATIO = 200
TEXT_FIRST_MAX_SHARE = 0.5
_split_plans: weakref.WeakKeyDictionary[QuerySet, tuple] = weakref.WeakKeyDictionary()
_split_rows: weakref.WeakKeyDictionary[QuerySet, tuple[str, tuple] | None] = weakref.WeakKeyDictionary()
# The words-first branch's own queryset, by the matches it was built for (`_count_args` samples it).
_words_first: weakref.WeakKeyDictionary[QuerySet, QuerySet] = weakref.WeakKeyDictionary()


def _split_from_where(matches: QuerySet) -> tuple[str, tuple] | None:
    """`_split_by_entity_size` of `matches`, built once (None: not a search it applies to)."""
    if matches not in _split_rows:
        plan = _split_plans.get(matches)
        _split_rows[matches] = None if plan is None else _split_by_entity_size(*plan, matches)
    return _split_rows[matches]


def _only_when(from_where: str, condition: str) -> str:
    """`FROM … WHERE (…) AND condition` from `FROM … WHERE …` (the first WHERE is the statement's own:
    the ORM's joins before it carry none)."""
    head, where, rest = from_where.partition(" WHERE ")
    return f"{head} WHERE ({rest}) AND {condition}" if where else f"{from_where} WHERE {condition}"


def _split_by_entity_size(
    queryset: QuerySet, query: Query, tsquery: str, pairs: str | None, complete: bool, matches: QuerySet
) -> tuple[str, tuple] | None:
    """`FROM … ` of a search with words and `person:`/`place:`/`org:` filters that starts from the smaller
    side, chosen inside the statement (None when a filter names nothing).

    PostgreSQL cannot tell how many articles a name has (the entities are a sub-select to it), so it
    took every entity as rare: it read each of the entity's articles and checked its stored text vector,
    ≈ 25 µs an article. For «نەوت person:بارزانی» at 100,000 articles that is 16,064 articles of 45
    people named بارزانی, for 1,656 matches: 430–550 ms. The entities' own mention counts tell:

    - the entities have fewer than 1 / TEXT_FIRST_RATIO as many mentions as the text is estimated to
      have matches: the plan PostgreSQL picks itself, which starts from the mentions;
    - otherwise the text's matches are read from its index together with the entities' ids on the
      articles (`_mentioned_by_ids`): one scan of the GIN index that holds both (migration 0023) reads
      only the rows in both — unless the text matches half the archive or more. There PostgreSQL reads every article instead of
      the text index («کوردستان», in three of four articles: 716 ms; «عێراق», in 46 %, is still read from
      the index, against 300 ms from the mentions).

    Until migration 0019 the words' side checked each of its matches against a hash of the entities'
    articles, reading every match's row: «دەستگیر person:"گۆران مستەفا"» at 1,000,000 articles read the
    word's 194,780 rows for 6,540 matches (≈ 400 ms).
    """
    sizes, size_params = [], []
    for kind, value in _entity_filters(query):
        key = _name_key(value)
        if not key:
            return None
        ids_sql, ids_params = _entity_ids_sql(kind, key)
        sizes.append(
            f"(SELECT coalesce(sum(e.mention_count), 0) FROM archive_entity e WHERE e.id IN ({ids_sql}))"
        )
        size_params.extend(ids_params)
    text_only = _rows_sql(_filtered(queryset, query, tsquery, pairs, complete=complete, text_only=True))
    smallest = sizes[0] if len(sizes) == 1 else f"least({', '.join(sizes)})"
    choice = (
        f"SELECT {smallest}::float8 * {TEXT_FIRST_RATIO} > x.t AND x.t < {TEXT_FIRST_MAX_SHARE} * x.n AS text_first"
        " FROM (SELECT hawal_estimate(%s)::float8 AS t,"
        " (SELECT reltuples FROM pg_class WHERE oid = 'archive_article'::regclass)::float8 AS n) x"
    )
    text_first = _words_first[matches] = _filtered(
        queryset, query, tsquery, pairs, complete=complete, entities_by_ids=True
    )
    columns = 'SELECT "archive_article"."id", "archive_article"."published" '
    first, first_params = _from_where(matches, split=False)
    second, second_params = _from_where(text_first, split=False)
    first = columns + _only_when(first, "NOT (SELECT text_first FROM choice)")
    second = columns + _only_when(second, "(SELECT text_first FROM choice)")
    sql = f'FROM (WITH choice AS MATERIALIZED ({choice}) {first} UNION ALL {second}) "archive_article"'
    return sql, (*size_params, text_only, *first_params, *second_params)


def _cannot_match(query: Query) -> bool:
    """Nothing to search for (no words left and no filters), or words that exclude what they ask for."""
    if compiled_tsquery(query) is None:
        return not _has_filters(query)
    return _excludes_itself(query.tree)


def pairs_complete() -> bool:
    """True when no article lacks its pair vector (none written before migration 0008 is left
    un-reindexed; every write path fills it). One probe of the partial index `article_pairs_missing`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT NOT EXISTS (SELECT FROM archive_article WHERE phrase_pairs IS NULL)")
        return cursor.fetchone()[0]


def _filtered(
    queryset: QuerySet | None,
    query: Query,
    tsquery: str | None,
    pairs: str | None,
    *,
    per_row: bool = False,
    complete: bool = False,
    vector: str = "search_vector",
    entities_by_ids: bool = False,
    text_only: bool = False,
) -> QuerySet:
    """`queryset` filtered by `tsquery` on the search vector, `pairs` on the pair vector and the query's
    entity, outlet and date filters. `per_row`: the text conditions as a check of each row the planner
    cannot read from an index (see `_walk_matches`); `complete`: every article has a pair vector;
    `vector`: an alias of `queryset` to read instead of the search vector (see `facet_sample`);
    `entities_by_ids`: each entity filter as `_mentioned_by_ids` (see `_split_by_entity_size`);
    `text_only`: the text conditions alone.

    `queryset` None stands for all articles: the result is then built only when used as a queryset, and
    its SQL (`_from_where`) comes from the template of the query's shape (`archive.search.shapes`).
    """
    filters = _Filters.of(query, tsquery, pairs, complete, text_only=text_only)
    options = (per_row, vector, entities_by_ids)
    if queryset is not None:
        return filters.applied(queryset, options)
    from archive.models import Article

    def build() -> QuerySet:
        return filters.applied(Article.objects.all(), options)

    if filters.sources:  # outlet names go through LIKE patterns: not a plain parameter, so not templated
        return build()
    matches = shapes.lazy_queryset(Article, build)
    shape, values = filters.shape(options)
    _compiled_rows[matches] = shapes.compiled(shape, values, functools.partial(_filtered_sql, shape))
    return matches


@dataclass(frozen=True)
class _Filters:
    """What `_filter` applies: the text condition, the entity filters as (kind, `extract.name_key` or
    None), the outlets and the dates."""

    text: _TextCondition | None
    keys: tuple[tuple[str, str | None], ...]
    sources: tuple[str, ...]
    date_from: datetime.date | None
    date_to: datetime.date | None

    @classmethod
    def of(
        cls, query: Query, tsquery: str | None, pairs: str | None, complete: bool, *, text_only: bool = False
    ) -> _Filters:
        text = None if tsquery is None else _text_condition(query, tsquery, pairs, complete)
        if text_only:
            return cls(text, (), (), None, None)
        keys = tuple((kind, _name_key(value) or None) for kind, value in _entity_filters(query))
        return cls(text, keys, tuple(query.sources), query.date_from, query.date_to)

    def applied(self, queryset: QuerySet, options: tuple[bool, str, bool]) -> QuerySet:
        return _filter(queryset, self.text, self.keys, self.sources, self.date_from, self.date_to, options)

    def shape(self, options: tuple[bool, str, bool]) -> tuple[tuple, tuple]:
        """(shape, values) for `shapes.compiled` (outlets aside: never templated); `from_shape` inverts it."""
        text = self.text
        shape = (
            options,
            None if text is None else (text.decided, text.complete),
            tuple(kind for kind, _ in self.keys),
        )
        values = (
            *((None, None, None) if text is None else (text.vector, text.pairs, text.rest)),
            *(key for _, key in self.keys),
            self.date_from,
            self.date_to,
        )
        return shape, values

    @classmethod
    def from_shape(cls, shape: tuple, values: tuple) -> tuple[_Filters, tuple[bool, str, bool]]:
        options, text_shape, kinds = shape
        vector, pairs, rest, *keys, date_from, date_to = values
        text = None
        if text_shape is not None:
            decided, complete = text_shape
            text = _TextCondition(vector, pairs, decided=decided, rest=rest, complete=complete)
        return cls(text, tuple(zip(kinds, keys, strict=True)), (), date_from, date_to), options


def _filtered_sql(shape: tuple, values: tuple) -> tuple[str, tuple]:
    """`FROM … WHERE …` of `_filter` of all articles for `_Filters.shape`'s shape and values."""
    from archive.models import Article

    filters, options = _Filters.from_shape(shape, values)
    return _compiled_from_where(filters.applied(Article.objects.all(), options))


def _filter(
    queryset: QuerySet,
    text: _TextCondition | None,
    keys: tuple[tuple[str, str | None], ...],
    sources: tuple[str, ...],
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    options: tuple[bool, str, bool],
) -> QuerySet:
    """`_filtered`'s queryset: `keys` are the entity filters' (kind, `extract.name_key`)."""
    per_row, vector, entities_by_ids = options
    if text is not None:
        condition = _text_q(text, vector)
        queryset = queryset.filter(_per_row(condition) if per_row else condition)
    by = _mentioned_by_ids if entities_by_ids else _entity_filter
    for kind, key in keys:
        queryset = queryset.filter(by(kind, key, date_from, date_to))
    if sources:
        any_source = Q()
        for value in sources:
            any_source |= source_filter(value)
        queryset = queryset.filter(any_source)
    if date_from:
        queryset = queryset.filter(published__gte=date_from)
    if date_to:
        queryset = queryset.filter(published__lte=date_to)
    return queryset


def score_sql(query: Query, alias: str = "") -> tuple[str, tuple]:
    """Our relevance score as SQL (columns of `alias`, or unqualified) and its parameters.

    Tiers first, then text: +TITLE_BONUS when the whole query matches the title (weight A), +PHRASE_BONUS
    when the words of a plain multi-word query stand together as typed; then ts_rank_cd with our weights and
    proximity, squashed below 1 (normalisation 32) and raised by a mild recency prior.
    """
    tsquery = compiled_tsquery(query)
    col = f"{alias}." if alias else ""
    sql = (
        f"(CASE WHEN {col}search_vector @@ %s::tsquery THEN {TITLE_BONUS} ELSE 0 END"
        f" + ts_rank_cd('{RANK_WEIGHTS}'::float4[], {col}search_vector, %s::tsquery, {RANK_NORMALIZATION})"
        f" * (1.0 + 0.3 * exp(-GREATEST(0, CURRENT_DATE - COALESCE({col}published, DATE '1900-01-01'))::float8"
        f" / {RECENCY_HALF_LIFE_DAYS}))"
    )
    params: tuple = (title_only(tsquery), tsquery)
    phrase = phrase_tsquery(query)
    if phrase is not None:
        sql += f" + CASE WHEN {col}search_vector @@ %s::tsquery THEN {PHRASE_BONUS} ELSE 0 END"
        params += (phrase,)
    return sql + ")", params


def phrase_tsquery(query: Query) -> str | None:
    """For a query of two or more plain words (no operators), the same words as an exact phrase."""
    tree = query.tree
    if not isinstance(tree, And) or not all(isinstance(c, Term) and not c.prefix for c in tree.children):
        return None
    return _compile(Phrase(tuple(child.text for child in tree.children)))


def _score_sql(query: Query) -> RawSQL:
    sql, params = score_sql(query)
    return RawSQL(sql, params, output_field=FloatField())


def published_unindexed() -> Func:
    """`published + 0`: the same date, but not the indexed column, so the planner keeps the bitmap plan."""
    return _infix(F("published"), "+", Value(0), DateField())


def order_results(queryset: QuerySet, query: Query, sort: str) -> QuerySet:
    """Relevance (with a stable tie-break) or date order; `published + 0` keeps the bitmap plan."""
    tsquery = compiled_tsquery(query)
    if sort == "relevance" and tsquery is not None:
        return queryset.annotate(score=_score_sql(query)).order_by(
            F("score").desc(), F("published").desc(nulls_last=True), "-id"
        )
    return _date_order(queryset, sort, published_unindexed())


def run_search(
    text: str,
    *,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    with_facets: bool = False,
    snapshot: str | object | None = cache.TAKE,
) -> SearchResults:
    """A page of hits with snippets and the total, in one SQL query; facets and histogram on request.

    Outside a transaction, pages and facets are remembered per database snapshot (`archive.search.cache`):
    a repeated search costs one tiny query for the snapshot and none for the results. A caller that has
    already read the snapshot for this request passes it (`snapshot`), so it is not read twice.
    """

    query = parse_query(text or "")
    sort = sort if sort in SORTS else "relevance"
    per_page = max(1, min(per_page, 100))
    page = max(1, min(page, 10_000))
    results = SearchResults(query=query, sort=sort, page=page, per_page=per_page)
    if not results.searchable or _cannot_match(query):
        return results  # nothing to search for, or nothing can match: no SQL at all
    snap = cache.snapshot() if snapshot is cache.TAKE else snapshot
    # Phrases the pair vector decides are read from it alone once every article has one (asked once per
    # database snapshot).
    complete = _pairs_decided(query) and cache.remembered(snap, ("pairs-complete",), pairs_complete)
    matches = apply_query(None, query, pairs_complete=complete)
    described = repr(query)
    results.hits, results.total, results.suggestion = cache.remembered(
        snap,
        ("page", described, search_plan(), sort, page, per_page),
        lambda: _page_of_hits(matches, query, sort, page, per_page, complete),
    )
    if with_facets and results.total:
        results.facets, results.histogram, results.facets_sampled = cache.remembered(
            snap, ("facets", described), lambda: facet_counts(query, results.total, complete=complete)
        )
    return results


def _page_of_hits(matches: QuerySet, query: Query, sort: str, page: int, per_page: int, complete: bool):
    """(hits, total, suggestion) of one results page. The hits' articles keep no body: the snippet is
    made here, and a remembered page stays small."""
    rows, total = fetch_page(
        matches, query, sort, offset=(page - 1) * per_page, limit=per_page, pairs_complete=complete
    )
    if not rows and page > 1:
        # Past the last page: report the total so the page can offer a way back.
        total = count_matches(matches, query)
    terms = query_terms(query)
    hits = []
    for row in rows:
        hits.append(Hit(row, make_snippet(row.body, terms), getattr(row, "score", None)))
        row.body = ""
    total = total or 0
    return hits, total, suggest(query) if total == 0 else None


# The article fields a page reads (`_PAGE_COLUMNS`), in this order.
_ARTICLE_FIELDS = (
    "id",
    "title",
    "body",
    "url",
    "published",
    "published_precision",
    "published_inferred",
    "source_id",
)
_SOURCE_FIELDS = ("id", "name", "slug")  # the outlet's: a.source_id, s.name, s.slug
_PAGE_COLUMNS = ", ".join(f"a.{name}" for name in _ARTICLE_FIELDS) + ", s.name, s.slug"


def _sql(queryset: QuerySet) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


_ID_SELECT = 'SELECT "archive_article"."id" AS "id" '
_compiled_rows: weakref.WeakKeyDictionary[QuerySet, tuple[str, tuple]] = weakref.WeakKeyDictionary()


def _from_where(queryset: QuerySet, *, split: bool = True) -> tuple[str, tuple]:
    """`FROM … WHERE …` of an article queryset and its parameters, compiled once per queryset object.

    One search builds several statements from the same matches (their count, the candidates in date order,
    the newest block, the walk down the date index); compiling the queryset through the ORM for each cost
    ≈ 0.3 ms, together a sixth of an API search's Python time. `_ids_by_date` and `_rows_sql` build those
    statements from this; tests/db/test_search_sql.py checks they are the ORM's own, byte for byte.
    Words with entity filters get `_split_by_entity_size`'s form instead, unless `split` is False.
    """
    found = (split and _split_from_where(queryset)) or _compiled_rows.get(queryset)
    if found is None:
        found = _compiled_rows[queryset] = _compiled_from_where(queryset)
    return found


def _compiled_from_where(queryset: QuerySet) -> tuple[str, tuple]:
    """`FROM … WHERE …` of an article queryset and its parameters, compiled through the ORM now."""
    sql, params = _sql(queryset.order_by().values("id"))
    if not sql.startswith(_ID_SELECT):
        raise ValueError(f"not a query of article ids: {sql[:80]}")
    return sql[len(_ID_SELECT) :], params


def _ids_by_date(queryset: QuerySet, sort: str, rows: int, *, indexed: bool) -> tuple[str, tuple]:
    """Ids of the first `rows` articles of `queryset` in date order, newest first (oldest for "date_asc"),
    undated last, ties by id: the SQL of `_date_order(queryset, sort, F("published"))` (`indexed`) or of
    `_date_order(queryset, sort, published_unindexed())`, limited to `rows`, without compiling it again."""
    from_where, params = _from_where(queryset)
    direction = "ASC" if sort == "date_asc" else "DESC"
    published = '"archive_article"."published"'
    if not indexed:
        published, params = f"({published} + %s)", (*params, 0)
    order = f"ORDER BY {published} {direction} NULLS LAST, 1 {direction} LIMIT {rows}"
    return f"{_ID_SELECT}{from_where} {order}", params


def rum_distance(tsquery: str) -> Func:
    """`search_vector <=> q`: RUM's own relevance distance, smallest first, read in index order."""
    return _infix(F("search_vector"), "<=>", TsQuery(tsquery), FloatField())


def rum_date_distance(sort: str, query: Query) -> RawSQL:
    """Date order read from the RUM index with the attached timestamp: newest (or oldest) first, starting
    at the query's own date bound so a `to:`/`from:` range is reached without walking past it."""
    if sort == "date_asc":
        start = query.date_from.isoformat() if query.date_from else FAR_PAST
        return RawSQL("published_ts |=> %s::timestamp", (start,), output_field=FloatField())
    end = (query.date_to + datetime.timedelta(days=1)).isoformat() if query.date_to else FAR_FUTURE
    return RawSQL("published_ts <=| %s::timestamp", (end,), output_field=FloatField())


def _page_sql(scored: str, keys: str, offset: int, limit: int | None) -> str:
    """Number the rows of `scored` (columns id, published, score, …) by `keys` and keep one page of them."""
    window = f" OFFSET {offset} LIMIT {limit}" if limit is not None else ""
    return (
        f"SELECT id, score, row_number() OVER (ORDER BY {keys}) AS ord FROM ({scored}) q ORDER BY ord{window}"
    )


def _rum_ranked_sql(
    matches: QuerySet, query: Query, tsquery: str, rows: int, complete: bool
) -> tuple[str, tuple]:
    """`id, rn` of the first `rows` matches in RUM's relevance order, ties broken by id (`rn` from 1).

    The index can only order by the distance itself (`ORDER BY d`, read from the index without touching
    the matches' rows); ordering by (d, id) makes PostgreSQL compute the distance of every match from its
    stored vector and sort them all (6,983 matches: 130 ms, against 4 ms from the index). So RUM's order
    is read RERANK rows deeper than needed and re-sorted by (d, id): the first `rows` of that are the
    same on every page, because every article closer than the deepest distance read is among the rows
    read, whatever order RUM gives equal distances in — unless more than RERANK articles share the
    distance at the cut, where pages may differ in which of them they show.

    A word with several readings (`'a' & 'b'`) is read from the index by its main term and checked for
    the rest row by row: the planner estimates the pair as independent words (216 for «شێوازی», found
    in 3,092 articles), and for so few it sorts every match by distance instead of reading the index.
    """
    from archive.models import Article

    estimate = _compile_estimate(query.tree)
    if estimate is not None and estimate != tsquery:
        matches = _filtered(Article.objects.all(), query, estimate, _pairs(query.tree), complete=complete)
        matches = matches.filter(_per_row(Q(matches_tsquery(tsquery))))
        read, params = _sql(
            matches.annotate(d=rum_distance(estimate)).order_by("d").values("id", "d")[: rows + RERANK]
        )
        read = _rum_index_condition(read)
    else:
        # The ORM's statement for `matches.annotate(d=rum_distance(tsquery)).order_by("d").values("id", "d")`,
        # built from the matches' compiled `FROM … WHERE …` instead of compiling them again (≈ 0.4 ms).
        from_where, where_params = _from_where(matches, split=False)
        read = f'{_ID_SELECT.rstrip()}, {_RUM_DISTANCE} AS "d" {_rum_index_condition(from_where)}'
        read += f" ORDER BY 2 ASC LIMIT {rows + RERANK}"
        params = (tsquery, *where_params)
    return (
        f"SELECT id, rn FROM (SELECT id, row_number() OVER (ORDER BY d, id) AS rn FROM ({read}) r0) r1"
        f" WHERE rn <= {rows}"
    ), params


# `rum_distance(q)` as the ORM compiles it, with q as its one parameter.
_RUM_DISTANCE = '("archive_article"."search_vector" <=> %s::tsquery)'


def _ordered_ids(
    matches: QuerySet, query: Query, sort: str, plan: str, offset: int, limit: int, complete: bool = False
):
    """(sql, params) of a statement yielding `id, score, ord` for one page, where `ord` is the page order.

    plan "rum": relevance from the RUM index's order, re-ranked by our score (weights, proximity, recency)
    in blocks of RERANK; date order from the index with the attached timestamp, undated articles after
    them. At most RANK_ALL matches are all ranked; a query common enough for newest blocks
    (`_common_condition`) reads them from the index's date order, or, common enough to walk the date
    index (`_rum_walk_condition`), as on the GIN plan.
    plan "gin": every match ranked by our score when there are at most RANK_ALL of them, otherwise the
    newest matches ranked in blocks of RANK_NEWEST (a bounded cost whatever the query); date order as
    `_date_ordered_sql`.
    """
    tsquery = compiled_tsquery(query)
    end = offset + limit
    join = "JOIN archive_article a ON a.id = c.id"
    if sort == "relevance" and tsquery is not None:
        score, score_params = score_sql(query, "a")
        # Candidates come in blocks, each ranked by our score on its own: RUM's order in blocks of RERANK,
        # or the newest matches in blocks of RANK_NEWEST. Every page reads whole blocks up to its end, so
        # pages stay disjoint and complete however deep the reader goes.
        rows = -(-end // RANK_NEWEST) * RANK_NEWEST
        by_date = f"(row_number() OVER (ORDER BY a.published DESC NULLS LAST, a.id DESC) - 1) / {RANK_NEWEST}"
        # At most RANK_ALL matches: rank them all. The LIMIT changes nothing (the branch runs only then)
        # but tells the planner the candidates are few, so it joins them back by primary key. The order
        # is by `published + 0`: with the model's own order (the date column) a planner that expects
        # many more matches than there are walked the date index through the whole archive looking for
        # them («پەرلەمانتارێکى -پەرلەمانتاری», estimated 10,000, none: 1.2 s at 100,000 articles).
        every, every_params = _ids_by_date(matches, "date", RANK_ALL, indexed=False)
        few = f"(SELECT n FROM total) <= {RANK_ALL}"
        if plan == "rum" and not _has_filters(query) and not (complete and _pairs_decided(query)):
            # (With filters the bitmap of text AND filters is smaller than RUM's walk through every match
            # in its order, and the newest-blocks path below uses it. So is a phrase read from the pair
            # index alone: RUM would order its candidates by re-reading every one's search vector.)
            # RUM orders by reading every match's positions: cheap for most words, not for one in every
            # tenth article, whose newest matches the date index gives at once (as on the GIN plan).
            common = _common_condition(tsquery, query)
            ranked, ranked_params = _rum_ranked_sql(
                matches, query, tsquery, -(-end // RERANK) * RERANK, complete
            )
            # The newest blocks of a query below RUM's walking size come from the RUM index's date order
            # (the same articles as the walk's, so the same pages, read faster).
            walk, walk_params = _ids_by_date(_walk_matches(query, complete), "date", rows, indexed=True)
            dated, dated_params = _rum_dated_sql(matches, query, "date", rows)
            walking = _rum_walk_condition(tsquery, query, rows)
            inner = (
                f"SELECT id, NULL::bigint AS rn FROM ({every}) m WHERE {few}"
                f" UNION ALL SELECT id, rn FROM ({ranked}) r WHERE NOT {few} AND NOT {common}"
                f" UNION ALL SELECT id, NULL FROM ({dated}) x WHERE NOT {few} AND {common} AND NOT {walking}"
                f" UNION ALL SELECT id, NULL FROM ({walk}) w WHERE NOT {few} AND {walking}"
            )
            block = f"CASE WHEN {few} THEN 0 WHEN {common} THEN {by_date} ELSE (c.rn - 1) / {RERANK} END"
            params = every_params + ranked_params + dated_params + walk_params
        else:
            newest, params = _date_ordered_sql(matches, query, "date", rows, tsquery, complete)
            inner = (
                f"SELECT id FROM ({every}) m WHERE {few}"
                f" UNION ALL SELECT id FROM ({newest}) w WHERE NOT {few}"
            )
            block = f"CASE WHEN {few} THEN 0 ELSE {by_date} END"
            params = every_params + params
        scored = f"SELECT a.id, a.published, {score} AS score, {block} AS block FROM ({inner}) c {join}"
        keys = "block, score DESC, published DESC NULLS LAST, id DESC"
        return _page_sql(scored, keys, offset, limit), (*score_params, *params)
    direction = "ASC" if sort == "date_asc" else "DESC"
    if plan == "rum" and tsquery is not None:
        dated, params = _rum_dated_sql(matches, query, sort, end)
        walk, walk_params = _ids_by_date(_walk_matches(query, complete), sort, end, indexed=True)
        walking = _rum_walk_condition(tsquery, query, end)
        inner = (
            f"SELECT id, undated FROM ({dated}) x WHERE NOT {walking}"
            f" UNION ALL SELECT id, CASE WHEN published IS NULL THEN 1 ELSE 0 END"
            f" FROM archive_article WHERE id IN ({walk}) AND {walking}"
        )
        params = params + walk_params
        scored = f"SELECT a.id, a.published, NULL::float8 AS score, c.undated FROM ({inner}) c {join}"
        keys = f"undated, published {direction}, id {direction}"
        return _page_sql(scored, keys, offset, limit), params
    if tsquery is not None:
        inner, params = _date_ordered_sql(matches, query, sort, end, tsquery, complete)
    else:
        inner, params = _filters_date_ordered_sql(matches, query, sort, end)
    scored = f"SELECT a.id, a.published, NULL::float8 AS score FROM ({inner}) c {join}"
    return _page_sql(scored, f"published {direction} NULLS LAST, id {direction}", offset, limit), params


def _filters_date_ordered_sql(matches: QuerySet, query: Query, sort: str, rows: int) -> tuple[str, tuple]:
    """Ids of the first `rows` matches of a query of filters alone (person, outlet, dates) in date order.

    First the FILTER_PROBE newest (or oldest) articles of the query's date range are checked one by one:
    when `rows` of them match, they are the page (every later match comes after them). Otherwise the
    planner's own way, whose estimate for an entity is no guide (the entity is a parameter to it): a
    person in 85,000 of the 214,000 articles of two years was estimated at 2,938, and PostgreSQL hashed
    all 107,000 of the person's mentions to sort them (88 ms) where the probe checks about fifty articles.
    """
    from archive.models import Article

    in_range = _filtered(
        Article.objects.all(), Query("", date_from=query.date_from, date_to=query.date_to), None, None
    )
    recent, recent_params = _sql(
        _date_order(in_range, sort, F("published")).values("id", "published")[:FILTER_PROBE]
    )
    from_where, matching_params = _from_where(matches)
    matching = _ID_SELECT + from_where
    direction = "ASC" if sort == "date_asc" else "DESC"
    # `(SELECT EXISTS …)`: checked row by row (a plain EXISTS would be turned into a join over every match)
    probe = (
        f"SELECT r.id FROM ({recent}) r WHERE (SELECT EXISTS (SELECT 1 FROM ({matching}) f WHERE f.id = r.id))"
        f" ORDER BY r.published {direction} NULLS LAST, r.id {direction} LIMIT {rows}"
    )
    rest, rest_params = _ids_by_date(matches, sort, rows, indexed=True)
    enough = f"(SELECT count(*) FROM probe) >= {rows}"
    sql = (
        f"WITH probe AS MATERIALIZED ({probe})"
        f" SELECT id FROM probe WHERE {enough} UNION ALL SELECT id FROM ({rest}) r WHERE NOT {enough}"
    )
    return sql, recent_params + matching_params + rest_params


def _date_order(queryset: QuerySet, sort: str, published) -> QuerySet:
    if sort == "date_asc":
        return queryset.order_by(published.asc(nulls_last=True), "id")
    return queryset.order_by(published.desc(nulls_last=True), "-id")


def _common_condition(tsquery: str | None, query: Query, block: int | None = None) -> str:
    """SQL true when the query (`total` CTE) matches at least √(block × N) articles (WALK_BLOCK unless
    given), N being the articles a walk down the date index would pass: the whole archive, or those
    inside the query's range.

    Within a range the range is what counts: «ئەمریکا» in 2022 matches 30,000 of 1,000,000 articles
    (3 %: it sorted all 30,000, 285 ms) but 38 % of the 79,000 articles of 2022, so walking that year
    newest first finds a page of them within a few hundred.

    Phrases too: their total is exact up to COUNT_CAP, so a phrase that is in fact rare is never walked;
    past the cap it is the estimate from their pairs (migration 0009), and the walk stops after the page's
    block of matches, where sorting by date would re-check every candidate.
    """
    if tsquery is None:
        return "false"
    walked = "(SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'archive_article'::regclass)"
    if query.date_from or query.date_to:
        bounds = []
        if query.date_from:
            bounds.append(f"published >= DATE ''{query.date_from.isoformat()}''")
        if query.date_to:
            bounds.append(f"published <= DATE ''{query.date_to.isoformat()}''")
        # A sub-select, so it runs once for the statement (the function is volatile: EXPLAIN inside).
        estimate = f"hawal_estimate('SELECT FROM archive_article WHERE {' AND '.join(bounds)}')"
        walked = f"(SELECT greatest({estimate}, 1))"
    return f"(SELECT n FROM total) >= sqrt({WALK_BLOCK if block is None else block}::float8 * {walked})"


def _rum_walk_condition(tsquery: str | None, query: Query, rows: int) -> str:
    """`_common_condition` for the RUM plan's date order of `rows` rows: from √(RUM_WALK_COST × rows × N)
    matches on, walking the date index beats reading the matches in date order from the RUM index (a
    query with filters walks from √(WALK_BLOCK × N), as on the GIN plan)."""
    return _common_condition(tsquery, query, None if _has_filters(query) else RUM_WALK_COST * rows)


def _rum_dated_sql(matches: QuerySet, query: Query, sort: str, rows: int) -> tuple[str, tuple]:
    """Ids of the first `rows` matches in date order read from the RUM index (its attached timestamp
    carries the id, so the index order is the whole order), and of the first `rows` undated matches by
    id, which come after every dated one."""
    # Built from the matches' compiled `FROM … WHERE …` (`_from_where`): compiling the two querysets
    # through the ORM again cost ≈ 0.8 ms of Python per search. The same statements as the ORM's
    # (`matches.filter(published__isnull=…).annotate(d=rum_date_distance(…)).order_by(…).values("id")`)
    # up to the parentheses around the matches' condition (tests/db/test_search_plans.py runs both).
    from_where, where_params = _from_where(matches, split=False)
    head, found, condition = _rum_index_condition(from_where).partition(" WHERE ")
    if not found:  # matches without a condition: never for a text search, but no page may fail on it
        head, condition = from_where, "true"
    distance = rum_date_distance(sort, query)
    published = '"archive_article"."published"'
    dated = (
        f"{_ID_SELECT}{head} WHERE ({condition}) AND {published} IS NOT NULL"
        f" ORDER BY ({distance.sql}) ASC LIMIT {rows}"
    )
    params = (*where_params, *distance.params)
    direction = "ASC" if sort == "date_asc" else "DESC"
    undated = (
        f"{_ID_SELECT}{head} WHERE ({condition}) AND {published} IS NULL ORDER BY 1 {direction} LIMIT {rows}"
    )
    undated_params = tuple(where_params)
    return (
        f"SELECT id, 0 AS undated FROM ({dated}) x UNION ALL SELECT id, 1 FROM ({undated}) y",
        params + undated_params,
    )


def _walk_matches(query: Query, complete: bool) -> QuerySet:
    """The matches, for reading newest (or oldest) first down the date index and checking each article.

    Only used when the query is common enough (`_common_condition`, decided inside the statement), so
    the walk finds a page within a bounded number of articles; but the planner plans it from its own
    estimate, and for a phrase that is far too low (the words as if independent): it then sorted every
    candidate instead (1.8 s for «حیزبە کوردییەکانی», 54,000 matches in 1,000,000 articles; walking: 59 ms).
    Text conditions checked per row leave the date index as the only way to read them in order.
    """

    tsquery = compiled_tsquery(query)
    pairs = None if tsquery is None else _pairs(query.tree)
    return _filtered(None, query, tsquery, pairs, per_row=True, complete=complete)


def _date_ordered_sql(
    matches: QuerySet, query: Query, sort: str, rows: int, tsquery: str | None, complete: bool
) -> tuple[str, tuple]:
    """Ids of the first `rows` text matches in date order (GIN plan), by the cheaper of two ways, chosen
    inside the statement from the match count (`total`):

    - a query common enough (`_common_condition`) walks the date index and checks each article (a
      common word fills a page within a few hundred articles);
    - anything rarer sorts its matches from the text index's bitmap (`published + 0` keeps the planner
      from walking the date index through thousands of non-matching articles).
    """
    walk, walk_params = _ids_by_date(_walk_matches(query, complete), sort, rows, indexed=True)
    bitmap, bitmap_params = _ids_by_date(matches, sort, rows, indexed=False)
    common = _common_condition(tsquery, query)
    sql = f"SELECT id FROM ({walk}) w WHERE {common} UNION ALL SELECT id FROM ({bitmap}) b WHERE NOT {common}"
    return sql, walk_params + bitmap_params


def _is_phrase(tsquery: str) -> bool:
    return bool(_PHRASE_OPERATOR.search(tsquery))


def _count_args(matches: QuerySet, query: Query) -> tuple:
    """Arguments of hawal_match_count (migrations 0011, 0018): the complete SQL of the matches, the cap,
    whether it is a text search, from how many the planner's estimate stands for the count without
    counting (None: never), the SQL to estimate from when it is not the matches' own, and the sample's
    SQL and scale (None, 1: no sample).

    The planner estimates a phrase (`a <-> b`) as if its words were independent, so a phrase is counted
    and its own estimate never trusted; but a phrase with a pair vector is estimated from the pair
    lexemes' statistics instead («a b» is in an article's pair vector exactly when the words stand
    together), which are good enough to trust: «تۆمار کرا» matches 117,000 of 1,000,000 articles and
    the phrase estimate said 27,000 (so its results took the slow sort instead of the date walk).
    Likewise a word with several readings (`'a' & 'b'`, both at every occurrence) is estimated from its
    main term (`_main_terms_estimate_sql`), not as two independent words.

    A word, or words joined by OR, with no filter, is estimated from the words' own sampled frequencies (a
    union lies between its largest part and the sum). Of 200 never-asked searches at 100k, the 90 with
    more than COUNT_CAP matches were estimated at 0.96–1.23 × their true count. From 2 × COUNT_CAP on,
    counting could only confirm that there are more than COUNT_CAP, so it is skipped. Other text searches
    (AND, NOT, filters, whose estimates multiply frequencies as if independent) are counted below
    10 × COUNT_CAP — except with a `person:`/`place:`/`org:` filter, which is always counted: its
    estimate is a guess at a join (51,355 for «کوردستان person:کازمی», of 5,535). Such a search is
    estimated from the ORM's own statement, not from `_split_by_entity_size`'s two branches.

    The counted ones other than phrases also pass their matches in the 1/16 sample (`_sample_rows_sql`):
    estimated at twice COUNT_CAP or more, the function counts those first and, when the scaled count is
    twice the cap or more too, returns it without counting (migration 0018). For an entity search the
    sample is a measurement where the planner's estimate is a guess at a join: «دەستگیر person:"گۆران
    مستەفا"» (6,540 of 1,000,000 articles) no longer counts 2,001 of them (150 ms).
    """
    tsquery = compiled_tsquery(query)
    text_search = tsquery is not None
    estimate_sql = None
    trust_above = None
    sample_sql, sample_scale = None, 1
    if text_search:
        phrase = _is_phrase(tsquery)
        words_alone = not phrase and _words_alone(query)
        estimate_sql = _pair_estimate_sql(query) if phrase else _main_terms_estimate_sql(query)
        if (not phrase or estimate_sql is not None) and not _entity_filters(query):
            trust_above = (2 if words_alone else 10) * COUNT_CAP
        own = _rows_sql(matches, split=False)  # the ORM's statement, not `_split_by_entity_size`'s
        if estimate_sql is None and _split_from_where(matches) is not None:
            estimate_sql = own
        if COUNT_SAMPLE and not phrase and not words_alone:
            # (A phrase's sample was read through the whole archive's pair index: 47 → 411 ms p95.)
            sampled = own
            if SAMPLE_BY_IDS and _split_from_where(matches) is not None:
                # An entity search's sample through the entity ids on the articles (migration 0019): the
                # sample index ANDed with the entity index instead of each sample match's mentions probed
                # (the words-first branch's statement, compiled once for the split already).
                sampled = _rows_sql(_words_first[matches], split=False)
            sample_sql, sample_scale = _sample_rows_sql(sampled)
    return (_rows_sql(matches), COUNT_CAP, text_search, trust_above, estimate_sql, sample_sql, sample_scale)


def _search_vector_match() -> str:
    """How compiled SQL asks for the search vector's matches (read when called: `bench/search_ab.py`
    compares `SEARCH_MATCH` "@@" with "@@@")."""
    return f'"archive_article"."search_vector" {SEARCH_MATCH} '


def _rum_index_condition(sql: str) -> str:
    """`sql` with the search vector matched by `@@`, which RUM serves, instead of `SEARCH_MATCH`, which
    keeps every other read of matches on the GIN index: for the reads in RUM's own order."""
    return sql.replace(_search_vector_match(), '"archive_article"."search_vector" @@ ')


def _sample_rows_sql(rows_sql: str) -> tuple[str, int]:
    """`rows_sql` (the matches' statement, `_rows_sql(…, split=False)`) with every text condition on
    `sample_vector` instead of the search vector, and the factor that scales its count to the archive:
    the matches among the articles of the first SAMPLE_INDEXED sample buckets, read from their own text
    index (migration 0012), which hawal_match_count asks before counting a search it does not trust.

    `sample_vector` is NULL outside those buckets, so the text condition alone keeps to them (a bucket
    condition as well made PostgreSQL AND in a bitmap of all 62,500 bucket articles: 3.6 of 13 ms).
    Rewriting the compiled statement costs a string replace; compiling the search again through the ORM
    cost 0.4–1.9 ms of Python per search (2 ms with an entity filter).
    """
    from archive.models import SAMPLE_BUCKETS, SAMPLE_INDEXED

    return rows_sql.replace(
        _search_vector_match(), f"{_sample_vector_sql()} {SEARCH_MATCH} "
    ), SAMPLE_BUCKETS // SAMPLE_INDEXED


@lru_cache(maxsize=1)
def _sample_vector_sql() -> str:
    """`archive.models.sample_vector()` as SQL, exactly as the index `article_sample_search` holds it."""
    from archive.models import Article, sample_vector

    sql, params = _sql(Article.objects.annotate(v=sample_vector()).values("v"))
    return connection.ops.compose_sql(sql, params).removeprefix("SELECT ").partition(' AS "v" FROM ')[0]


def _words_alone(query: Query) -> bool:
    """One whole word, or whole words joined by OR, and no filter (`_count_args`)."""
    tree = query.tree
    words = tree.children if isinstance(tree, Or) else (tree,)
    return not _has_filters(query) and all(isinstance(word, Term) and not word.prefix for word in words)


def _pair_estimate_sql(query: Query) -> str | None:
    """The matches' SQL with each required phrase replaced by its pairs alone (None without pairs), from
    the template of the query's shape (`archive.search.shapes`; outlet filters: compiled each time)."""
    pairs = _pairs(query.tree)
    if pairs is None:
        return None
    rest = without_required_phrases(query.tree)
    rest_tsquery = None if rest is None else _compile_estimate(rest)
    filters = _Filters.of(query, None, None, False)
    if filters.sources:
        return _rows_sql(_pair_estimate_queryset(pairs, rest_tsquery, filters))
    shape, values = filters.shape((False, "search_vector", False))
    from_where, params = shapes.compiled(
        ("pair-estimate", shape), (pairs, rest_tsquery, *values), functools.partial(_pair_estimate_of, shape)
    )
    return _inlined(from_where, params)


def _pair_estimate_queryset(pairs: str, rest_tsquery: str | None, filters: _Filters) -> QuerySet:
    from archive.models import Article

    estimated = Article.objects.filter(holds_pairs(pairs))
    if rest_tsquery is not None:
        estimated = estimated.filter(matches_tsquery(rest_tsquery))
    return filters.applied(estimated, (False, "search_vector", False))


def _pair_estimate_of(shape: tuple, values: tuple) -> tuple[str, tuple]:
    pairs, rest_tsquery, *filter_values = values
    filters, _ = _Filters.from_shape(shape, tuple(filter_values))
    return _compiled_from_where(_pair_estimate_queryset(pairs, rest_tsquery, filters))


def _main_terms_estimate_sql(query: Query) -> str | None:
    """The matches' SQL with every word reduced to its main term, or None when no word has several."""

    estimate = _compile_estimate(query.tree)
    if estimate is None or estimate == compiled_tsquery(query):
        return None
    return _rows_sql(_filtered(None, query, estimate, None))


def _rows_sql(queryset: QuerySet, *, split: bool = True) -> str:
    """`SELECT 1 …` of the queryset's rows, parameters inlined: what hawal_match_count counts or estimates
    (`split=False`: the ORM's own form, not `_split_by_entity_size`'s)."""
    from_where, params = _from_where(queryset, split=split)
    try:
        return _inlined(from_where, params)
    except TypeError:  # a parameter that cannot be a cache key (none of the search's own)
        return connection.ops.compose_sql('SELECT 1 AS "one" ' + from_where, params)


@lru_cache(maxsize=16)
def _inlined(from_where: str, params: tuple) -> str:
    """`SELECT 1 …` with the parameters inlined, once per statement: a search asks for the same one
    up to three times (the count, the count's own form, its sample), and psycopg's `mogrify` parses
    the statement and quotes every value each time (≈ a seventh of a word search's Python CPU)."""
    return connection.ops.compose_sql('SELECT 1 AS "one" ' + from_where, params)


# The call with `_count_args`; the threshold is typed, so a NULL one never has to pick between overloads.
_MATCH_COUNT = "hawal_match_count(%s, %s, %s, %s::bigint, %s, %s, %s)"


def count_matches(matches: QuerySet, query: Query) -> int:
    """Exact up to COUNT_CAP, estimated beyond (one bounded query; see migration 0011)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_MATCH_COUNT}", _count_args(matches, query))
        return cursor.fetchone()[0]


def fetch_page(
    matches: QuerySet, query: Query, sort: str, *, offset: int, limit: int, pairs_complete: bool = False
) -> tuple[list, int]:
    """One page of articles (with outlet and score) and the total number of matches, in ONE SQL query.

    The total is exact up to COUNT_CAP and estimated beyond (`hawal_match_count`, migration 0011), so
    counting costs the same for a rare word and for one in every other article; the page comes from
    `_ordered_ids`, which never ranks or sorts more than a bounded number of rows; only the page's rows are
    joined back for their bodies.
    """
    from archive.models import Article, Source

    plan = search_plan()
    page_sql, page_params = _ordered_ids(matches, query, sort, plan, offset, limit, pairs_complete)
    sql = (
        f"WITH total AS MATERIALIZED (SELECT {_MATCH_COUNT} AS n),"
        f" page AS MATERIALIZED ({page_sql})"
        f" SELECT {_PAGE_COLUMNS}, page.score, (SELECT n FROM total) FROM page"
        " JOIN archive_article a ON a.id = page.id LEFT JOIN archive_source s ON s.id = a.source_id"
        " ORDER BY page.ord"
    )
    count_params = _count_args(matches, query)
    rows, total = [], None
    make_article, make_source = _row_model(Article, _ARTICLE_FIELDS), _row_model(Source, _SOURCE_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(sql, count_params + page_params)
        for *article_values, s_name, s_slug, score, n in cursor:
            article = make_article(article_values)
            source_id = article.source_id
            if source_id is not None:
                article.source = make_source((source_id, s_name, s_slug))
            article.score = score
            rows.append(article)
            total = n
    return rows, total


@functools.cache
def _row_model(model, names: tuple[str, ...]):
    """A function making a `model` instance from the values of its fields `names`, the others at their
    defaults: what `model(**dict(zip(names, values)))` makes, marked as loaded from the database. A
    callable default is called for each instance, as the model does; any other is the same value every
    time anyway.

    The instance's attributes are set as `Model.__init__` leaves them, without running it (its keyword
    and descriptor handling took 21 µs an article, ≈ 13 % of a search's Python CPU), unless something
    listens for the model's init signals or a field's attribute is a descriptor that does more than store
    the value; then through `from_db`, as Django does. tests/db/test_search.py compares the two."""
    fields = model._meta.concrete_fields
    attnames = [field.attname for field in fields]
    slots = [attnames.index(name) for name in names]
    per_instance = [
        i not in slots and field.has_default() and callable(field.default) for i, field in enumerate(fields)
    ]
    template = [
        None if i in slots or per_instance[i] else field.get_default() for i, field in enumerate(fields)
    ]
    called = [(i, field.default) for i, field in enumerate(fields) if per_instance[i]]
    direct = _plain_attributes(model)

    def make(values):
        row = template.copy()
        for slot, default in called:
            row[slot] = default()
        for slot, value in zip(slots, values, strict=True):
            row[slot] = value
        if not direct:
            return model.from_db(connection.alias, attnames, row)
        instance = model.__new__(model)
        instance.__dict__.update(zip(attnames, row, strict=True))
        state = instance._state = ModelState()
        state.adding, state.db = False, connection.alias
        return instance

    return make


def _plain_attributes(model) -> bool:
    """True when `Model.__init__` of `model` only stores each field's value in the instance's __dict__:
    no init signal receivers, and no field attribute but Django's deferred-loading descriptors."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return False
    return all(
        type(model.__dict__.get(field.attname)) in (DeferredAttribute, ForeignKeyDeferredAttribute)
        for field in model._meta.concrete_fields
    )


def facet_sample(query: Query, total: int, *, complete: bool = False) -> tuple[QuerySet, int]:
    """The matches of `query` facets are counted over, and the factor that scales sample counts to the whole
    (`total` is the number of matches; `complete` as for `apply_query`).

    Up to FACET_SAMPLE matches: all of them. More: the matches whose id falls in the first k of
    SAMPLE_BUCKETS buckets (`id % 64 < k`, an indexed expression, so PostgreSQL intersects it with the
    text index and reads only that share of the rows). Ids follow import order, not the query, so the share
    is an even sample across dates, outlets and people. When even one bucket holds more than twice
    FACET_SAMPLE matches (a common word in a large archive), one in every 2, 4, … of its ids is kept
    (`id / 64 % n = 0`, checked on the bucket's rows), so the mentions of only about FACET_SAMPLE articles
    are read: a word in 248,000 of 1,000,000 articles sampled 3,900 of them before.

    A share within the first SAMPLE_INDEXED buckets (a word in more than about 9,000 of 100,000 articles)
    matches the text against `sample_vector`, which only those buckets' articles have: its own small
    index gives their matches (see `archive.models.sample_vector`).
    """
    from archive.models import Article

    plan = _facet_plan(total)
    tsquery = compiled_tsquery(query)
    filters = _Filters.of(query, tsquery, None if tsquery is None else _pairs(query.tree), complete)
    return _facet_sampled(filters, plan, Article.objects.all()), _facet_scale(plan)


def _facet_plan(total: int) -> tuple[int, int, str] | None:
    """(share of the sample buckets, thinning within them, the vector matched) of `facet_sample` for
    `total` matches; None: all of them."""
    from archive.models import SAMPLE_BUCKETS, SAMPLE_INDEXED

    share = max(1, -(-SAMPLE_BUCKETS * FACET_SAMPLE // total))
    if total <= FACET_SAMPLE or share >= SAMPLE_BUCKETS:
        return None
    # Powers of two keep the scale an integer (64 / share), so scaled counts stay whole numbers.
    share = 1 << (share.bit_length() - 1) if share & (share - 1) else share
    scale = SAMPLE_BUCKETS // share
    thinning = 1
    while share == 1 and thinning < MAX_THINNING and total // (scale * thinning) >= 2 * FACET_SAMPLE:
        thinning *= 2
    return share, thinning, "sample_vector" if share <= SAMPLE_INDEXED else "search_vector"


def _facet_scale(plan: tuple[int, int, str] | None) -> int:
    from archive.models import SAMPLE_BUCKETS

    return 1 if plan is None else SAMPLE_BUCKETS // plan[0] * plan[1]


def _facet_sampled(filters: _Filters, plan: tuple[int, int, str] | None, articles: QuerySet) -> QuerySet:
    """`facet_sample`'s queryset of `plan` (`_facet_plan`) over `articles` (all of them)."""
    from archive.models import SAMPLE_BUCKETS, sample_bucket, sample_vector

    if plan is None:
        return filters.applied(articles, (False, "search_vector", False))
    share, thinning, vector = plan
    if vector == "sample_vector":
        articles = articles.alias(sample_vector=sample_vector())
    sampled = filters.applied(articles, (False, vector, False)).alias(bucket=sample_bucket())
    sampled = sampled.filter(bucket__lt=share)
    if thinning > 1:
        within = Mod(F("id") / SAMPLE_BUCKETS, thinning, output_field=IntegerField())
        sampled = sampled.alias(within=within).filter(within=0)
    return sampled


_FACET_COLUMNS = ("id", "source_id", "published")


def _facet_sample_sql(query: Query, total: int, complete: bool) -> tuple[str, tuple, int]:
    """`SELECT id, source_id, published …` of `facet_sample`, its parameters and scale: from the template
    of the query's shape and plan (`archive.search.shapes`), like the matches."""
    plan = _facet_plan(total)
    tsquery = compiled_tsquery(query)
    filters = _Filters.of(query, tsquery, None if tsquery is None else _pairs(query.tree), complete)
    if filters.sources:  # outlet names: not templated (see `_filtered`)
        from archive.models import Article

        sample = _facet_sampled(filters, plan, Article.objects.all())
        return *_sql(sample.order_by().values(*_FACET_COLUMNS)), _facet_scale(plan)
    shape, values = filters.shape((False, "search_vector", False))
    key = ("facets", plan, shape)
    sql, params = shapes.compiled(key, values, functools.partial(_facet_sample_sql_of, plan, shape))
    return sql, params, _facet_scale(plan)


def _facet_sample_sql_of(plan: tuple[int, int, str] | None, shape: tuple, values: tuple) -> tuple[str, tuple]:
    from archive.models import Article

    filters, _ = _Filters.from_shape(shape, values)
    return _sql(_facet_sampled(filters, plan, Article.objects.all()).order_by().values(*_FACET_COLUMNS))


def facet_counts(
    query: Query, total: int, *, complete: bool = False
) -> tuple[dict[str, list[FacetValue]], list[tuple[datetime.date, int]], bool]:
    """People, places, organisations, outlets, years and the monthly histogram of the `total` matches of
    `query`, in ONE statement over `facet_sample` (so the cost is bounded however much of the archive the
    query matches).

    Returns (facets, histogram oldest month first, sampled); sampled counts are scaled to the whole.
    """
    sample_sql, params, scale = _facet_sample_sql(query, total, complete)
    sql = f"""
        WITH sample AS MATERIALIZED ({sample_sql}),
        counts AS MATERIALIZED (
            SELECT m.entity_id, count(DISTINCT m.article_id) AS n
            FROM sample CROSS JOIN LATERAL (
                -- OFFSET 0 keeps this a lookup per sampled article (two or three index probes each);
                -- as a plain join the planner hashes every mention in the archive instead (5× slower).
                SELECT m.article_id, m.entity_id FROM archive_mention m
                WHERE m.article_id = sample.id AND NOT m.rejected OFFSET 0
            ) m
            GROUP BY m.entity_id
        ),
        entities AS (
            -- Counted first, named after: one primary-key lookup per distinct entity, not an entity join
            -- per sampled article (which hashed the entity table once per article: 2x the whole query).
            SELECT e.kind, c.entity_id::text AS key, e.name AS label, c.n,
                   row_number() OVER (PARTITION BY e.kind ORDER BY c.n DESC, e.name) AS rank
            FROM counts c CROSS JOIN LATERAL (
                SELECT kind, name FROM archive_entity WHERE id = c.entity_id OFFSET 0
            ) e
        ),
        outlets AS (
            SELECT 'source'::text AS kind, s.slug AS key, s.name AS label, count(*) AS n,
                   row_number() OVER (ORDER BY count(*) DESC, s.name) AS rank
            FROM sample JOIN archive_source s ON s.id = sample.source_id
            GROUP BY s.slug, s.name
        ),
        months AS (
            SELECT 'month'::text AS kind, to_char(date_trunc('month', published), 'YYYY-MM') AS key,
                   ''::text AS label, count(*) AS n
            FROM sample WHERE published IS NOT NULL GROUP BY 2
        )
        SELECT kind, key, label, n FROM entities WHERE rank <= %s
        UNION ALL
        SELECT kind, key, label, n FROM outlets WHERE rank <= %s
        UNION ALL
        SELECT kind, key, label, n FROM months
        ORDER BY 1, 4 DESC, 3
    """
    facets: dict[str, list[FacetValue]] = {"person": [], "place": [], "org": [], "source": []}
    months: dict[datetime.date, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, FACET_SIZE, FACET_SIZE])
        for kind, key, label, n in cursor:
            if kind == "month":
                year, month = key.split("-")
                months[datetime.date(int(year), int(month), 1)] = n * scale
            else:
                facets.setdefault(kind, []).append(FacetValue(key, label, n * scale))
    histogram = sorted(months.items())
    years: dict[int, int] = {}
    for month, n in histogram:
        years[month.year] = years.get(month.year, 0) + n
    facets["year"] = [FacetValue(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)]
    return facets, histogram, scale > 1


def suggest(query: Query) -> str | None:
    """ "Did you mean": the closest entity name by trigram similarity to the words typed."""
    words = " ".join(_words(query.tree)) if query.tree is not None else ""
    if not words:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.name FROM archive_entityalias a JOIN archive_entity e ON e.id = a.entity_id"
            " WHERE a.key %% %s ORDER BY similarity(a.key, %s) DESC, e.mention_count DESC LIMIT 1",
            [extract.name_key(words), extract.name_key(words)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _words(node) -> list[str]:
    from archive.search.query import And, Not, Or, Phrase, Term

    if isinstance(node, Term):
        return [node.text]
    if isinstance(node, Phrase):
        return list(node.words)
    if isinstance(node, And | Or):
        return [w for child in node.children for w in _words(child)]
    if isinstance(node, Not):
        return []
    return []
