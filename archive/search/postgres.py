"""The query tree, run on PostgreSQL: matching, filters, ranking, counts, facets and the date histogram.

One entry point for pages, API and feeds: `Article.objects.search(query)` (a queryset method built on
`apply_query` below) and, for a results page, `run_search`, which fetches a page of hits *and* the total in
one SQL query (a window count), then builds snippets in Python from the rows it already has.

What we learned measuring (see the search issue): never `ORDER BY ts_rank(...)` over an unbounded match
set without a LIMIT the planner can use, and for newest-first on a GIN index write the date as an
expression (`published + 0`) so the planner uses the bitmap plan instead of walking the date index and
rechecking every row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth

import archive.extract as extract
from archive.search.query import Query, parse_query
from archive.search.snippets import Snippet, make_snippet
from archive.search.tsquery import query_terms, to_tsquery

# ts_rank_cd weights for D, C, B, A: title (A) matters most, lead (B) next, body (C).
RANK_WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"
# Rank normalisation 1|4: divide by 1 + log(length) and by the mean harmonic distance (proximity).
RANK_NORMALIZATION = 1 | 4
# A mild recency prior: a ten-year-old article needs about 1.3× the text score of today's to rank level.
RECENCY_HALF_LIFE_DAYS = 3650
FACET_SAMPLE = 5000  # facets over at most this many matches (newest first): bounded time on huge result sets
FACET_SIZE = 10

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
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def searchable(self) -> bool:
        return bool(self.query.tree or _has_filters(self.query))


def compiled_tsquery(query: Query) -> str | None:
    """The query's tsquery string; compiled once per distinct tree (filtering and ranking both need it)."""
    return None if query.tree is None else _compile(query.tree)


@lru_cache(maxsize=512)
def _compile(tree) -> str | None:
    return to_tsquery(tree)


def _has_filters(query: Query) -> bool:
    return bool(
        query.people or query.places or query.orgs or query.sources or query.date_from or query.date_to
    )


def entity_filter(kind: str, value: str) -> Q:
    """Articles that mention an entity whose name or alias is `value` or contains it as whole words."""
    from archive.models import EntityAlias, Mention

    key = extract.name_key(value)
    if not key:
        return Q(pk__in=[])
    words = (
        Q(key=key) | Q(key__startswith=key + " ") | Q(key__endswith=" " + key) | Q(key__contains=f" {key} ")
    )
    entity_ids = EntityAlias.objects.filter(words, kind=kind).values("entity_id")
    merged_ids = EntityAlias.objects.filter(words, kind=kind, entity__merged_into__isnull=False).values(
        "entity__merged_into_id"
    )
    mentions = Mention.objects.filter(article=OuterRef("pk"), rejected=False).filter(
        Q(entity_id__in=entity_ids) | Q(entity_id__in=merged_ids)
    )
    return Q(Exists(mentions))


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


def matches_tsquery(tsquery: str) -> Func:
    """`search_vector @@ '…'::tsquery` as a boolean expression for `.filter()`."""
    return Func(
        F("search_vector"),
        TsQuery(tsquery),
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def apply_query(queryset: QuerySet, query: Query | str) -> QuerySet:
    """Filter `queryset` to the articles matching `query` (text, entity, outlet and date filters)."""
    if isinstance(query, str):
        query = parse_query(query)
    tsquery = compiled_tsquery(query)
    if tsquery is None and not _has_filters(query):
        return queryset.none()
    if tsquery is not None:
        queryset = queryset.filter(matches_tsquery(tsquery))
    for kind, values in (("person", query.people), ("place", query.places), ("org", query.orgs)):
        for value in values:
            queryset = queryset.filter(entity_filter(kind, value))
    if query.sources:
        any_source = Q()
        for value in query.sources:
            any_source |= source_filter(value)
        queryset = queryset.filter(any_source)
    if query.date_from:
        queryset = queryset.filter(published__gte=query.date_from)
    if query.date_to:
        queryset = queryset.filter(published__lte=query.date_to)
    return queryset


def _score_sql(tsquery: str) -> RawSQL:
    return RawSQL(
        "ts_rank_cd(%s::float4[], search_vector, %s::tsquery, %s)"
        " * (1.0 + 0.3 * exp(-GREATEST(0, CURRENT_DATE - COALESCE(published, DATE '1900-01-01'))::float8 / %s))",
        (RANK_WEIGHTS, tsquery, RANK_NORMALIZATION, RECENCY_HALF_LIFE_DAYS),
        output_field=FloatField(),
    )


def published_unindexed() -> Func:
    """`published + 0`: the same date, but not the indexed column, so the planner keeps the bitmap plan."""
    return Func(
        F("published"), Value(0), template="(%(expressions)s)", arg_joiner=" + ", output_field=DateField()
    )


def order_results(queryset: QuerySet, query: Query, sort: str) -> QuerySet:
    """Relevance (with a stable tie-break) or date order; `published + 0` keeps the bitmap plan."""
    tsquery = compiled_tsquery(query)
    if sort == "relevance" and tsquery is not None:
        return queryset.annotate(score=_score_sql(tsquery)).order_by(
            F("score").desc(), F("published").desc(nulls_last=True), "-id"
        )
    published_expr = published_unindexed()
    if sort == "date_asc":
        return queryset.order_by(published_expr.asc(nulls_last=True), "id")
    return queryset.order_by(published_expr.desc(nulls_last=True), "-id")


def run_search(
    text: str, *, sort: str = "relevance", page: int = 1, per_page: int = 20, with_facets: bool = False
) -> SearchResults:
    """A page of hits with snippets and the total, in one SQL query; facets and histogram on request."""
    from archive.models import Article

    query = parse_query(text or "")
    sort = sort if sort in SORTS else "relevance"
    per_page = max(1, min(per_page, 100))
    page = max(1, min(page, 10_000))
    results = SearchResults(query=query, sort=sort, page=page, per_page=per_page)
    if not results.searchable:
        return results
    matches = apply_query(Article.objects.all(), query)
    rows = fetch_page(matches, query, sort, offset=(page - 1) * per_page, limit=per_page)
    if not rows and page > 1:
        # Past the last page: report the total so the page can offer a way back.
        results.total = matches.count()
    else:
        results.total = rows[0].total if rows else 0
    terms = query_terms(query)
    results.hits = [Hit(row, make_snippet(row.body, terms), getattr(row, "score", None)) for row in rows]
    if with_facets and results.total:
        results.histogram = date_histogram(matches)
        results.facets, results.facets_sampled = facet_counts(matches, results.total, results.histogram)
    if results.total == 0:
        results.suggestion = suggest(query)
    return results


_PAGE_COLUMNS = (
    "a.id, a.title, a.body, a.url, a.published, a.published_precision, a.published_inferred, a.source_id,"
    " s.name, s.slug, page.total"
)


def fetch_page(matches: QuerySet, query: Query, sort: str, *, offset: int, limit: int) -> list:
    """One page of articles (with outlet, score and the total match count) in ONE SQL query.

    Ranking, ordering and the window count run over narrow rows (id, score, date) in a CTE; only the
    page's rows are joined back for their bodies. Counting over whole rows made PostgreSQL carry every
    match's body through the window aggregate and spill it to disk.
    """
    from archive.models import Article, Source

    ordered = order_results(matches, query, sort).annotate(total=Window(Count("*")))
    has_score = "score" in ordered.query.annotations
    inner = ordered.values("id", "total", *(["score"] if has_score else []))[offset : offset + limit]
    inner_sql, params = inner.query.sql_with_params()
    score = "page.score" if has_score else "NULL::float8"
    order = {
        "relevance": "page.score DESC, a.published DESC NULLS LAST, a.id DESC"
        if has_score
        else "a.published DESC NULLS LAST, a.id DESC",
        "date": "a.published DESC NULLS LAST, a.id DESC",
        "date_asc": "a.published ASC NULLS LAST, a.id ASC",
    }[sort]
    sql = (
        f"WITH page AS ({inner_sql}) SELECT {_PAGE_COLUMNS}, {score} FROM page"
        " JOIN archive_article a ON a.id = page.id LEFT JOIN archive_source s ON s.id = a.source_id"
        f" ORDER BY {order}"
    )
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for (
            pk,
            title,
            body,
            url,
            published,
            precision,
            inferred,
            source_id,
            s_name,
            s_slug,
            total,
            row_score,
        ) in cursor:
            article = Article(
                id=pk,
                title=title,
                body=body,
                url=url,
                published=published,
                published_precision=precision,
                published_inferred=inferred,
                source_id=source_id,
            )
            if source_id is not None:
                article.source = Source(id=source_id, name=s_name, slug=s_slug)
            article.total, article.score = total, row_score
            rows.append(article)
    return rows


def facet_counts(
    matches: QuerySet, total: int, histogram: list[tuple[datetime.date, int]] | None = None
) -> tuple[dict[str, list[FacetValue]], bool]:
    """People, places, organisations and outlets over the newest FACET_SAMPLE matches, in one statement;
    years from the (exact) monthly histogram.

    The sample is computed once (MATERIALIZED) and mentions are looked up by article through their index,
    so the cost is bounded by the sample size, not by how much of the archive the query matches.
    """
    sampled = total > FACET_SAMPLE
    sample = matches.order_by(published_unindexed().desc(nulls_last=True)).values("id", "source_id")[
        :FACET_SAMPLE
    ]
    sample_sql, params = sample.query.sql_with_params()
    sql = f"""
        WITH sample AS MATERIALIZED ({sample_sql}),
        entities AS (
            SELECT e.kind, e.id::text AS key, e.name AS label, count(DISTINCT m.article_id) AS n,
                   row_number() OVER (PARTITION BY e.kind ORDER BY count(DISTINCT m.article_id) DESC, e.name) AS rank
            FROM sample JOIN archive_mention m ON m.article_id = sample.id AND NOT m.rejected
            JOIN archive_entity e ON e.id = m.entity_id
            GROUP BY e.kind, e.id, e.name
        ),
        outlets AS (
            SELECT 'source'::text AS kind, s.slug AS key, s.name AS label, count(*) AS n,
                   row_number() OVER (ORDER BY count(*) DESC, s.name) AS rank
            FROM sample JOIN archive_source s ON s.id = sample.source_id
            GROUP BY s.slug, s.name
        )
        SELECT kind, key, label, n FROM entities WHERE rank <= %s
        UNION ALL
        SELECT kind, key, label, n FROM outlets WHERE rank <= %s
        ORDER BY 1, 4 DESC, 3
    """
    facets: dict[str, list[FacetValue]] = {"person": [], "place": [], "org": [], "source": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, FACET_SIZE, FACET_SIZE])
        for kind, key, label, n in cursor:
            facets.setdefault(kind, []).append(FacetValue(key, label, n))
    years: dict[int, int] = {}
    for month, n in histogram or []:
        years[month.year] = years.get(month.year, 0) + n
    facets["year"] = [FacetValue(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)]
    return facets, sampled


def date_histogram(matches: QuerySet) -> list[tuple[datetime.date, int]]:
    """Matches per month, oldest first (undated articles are not in it)."""
    rows = (
        matches.filter(published__isnull=False)
        .annotate(month=TruncMonth("published"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return [(r["month"], r["n"]) for r in rows]


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
