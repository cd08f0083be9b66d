"""The two ways a results page is computed — RUM indexes (when the server has them) and GIN alone — give
complete, disjoint, stable pages in the promised order, with the exact total, in one SQL query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest.service import _tsvector
from archive.models import Article, Source, sample_vector
from archive.search import postgres, rum
from archive.search.document import document_fields, document_vectors, tsvector_literal
from archive.search.postgres import COUNT_CAP, forget_search_plan, run_search, search_plan

pytestmark = pytest.mark.django_db

ARTICLES = 260  # more than RERANK (100), so relevance pages past the re-ranked window are exercised
PER_PAGE = 20
TITLE_MATCHES = len(range(0, ARTICLES, 13))  # articles whose title has «نەوت» (and «بازاڕ»)


def _server_has_rum() -> bool:
    with connection.cursor() as cursor:
        return rum.available(cursor)


@pytest.fixture
def many_articles(db):
    """ARTICLES articles that all mention «نەوت», a few in the title, some undated, several per day."""
    source = Source.objects.create(name="Test outlet", slug="test-outlet")
    articles = []
    for i in range(ARTICLES):
        title = f"نەوت و بازاڕ {i}" if i % 13 == 0 else f"هەواڵی ژمارە {i}"
        body = " ".join(["نرخی نەوت بەرزبووەوە"] * (1 + i % 5) + ["هەولێر و سلێمانی"] * (i % 7))
        published = (
            None if i % 17 == 0 else datetime.date(2015, 1, 1) + datetime.timedelta(days=(i * 37) % 900)
        )
        articles.append(
            Article(
                title=title,
                body=body,
                source=source,
                published=published,
                content_hash=f"plan-{i}",
                search_vector=_tsvector(tsvector_literal(document_fields(title, body))),
            )
        )
    Article.objects.bulk_create(articles)
    forget_search_plan()
    yield
    forget_search_plan()


def _use_the_rum_plan(settings) -> None:
    """Search on the RUM plan (the test is skipped on a server without the rum extension)."""
    if not _server_has_rum():
        pytest.skip("this PostgreSQL server has no rum extension")
    settings.HAWAL_SEARCH_RUM = "auto"
    forget_search_plan()
    assert search_plan() == "rum"


def _page_statement(text: str, sort: str = "relevance") -> str:
    """The results page's one statement for `text` (after ANALYZE, as on a live archive)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    with CaptureQueriesContext(connection) as captured:
        assert run_search(text, sort=sort, per_page=PER_PAGE).total == ARTICLES
    (page,) = [q["sql"] for q in captured.captured_queries if "hawal_match_count" in q["sql"]]
    return page


def _all_pages(query: str, sort: str) -> tuple[list[Article], list[int]]:
    hits, totals = [], []
    page = 1
    while True:
        results = run_search(query, sort=sort, page=page, per_page=PER_PAGE)
        if not results.hits:
            break
        totals.append(results.total)
        hits.extend(hit.article for hit in results.hits)
        page += 1
    return hits, totals


def _expected_date_order(sort: str) -> list[int]:
    rows = list(Article.objects.values_list("id", "published"))
    dated = sorted((r for r in rows if r[1] is not None), key=lambda r: (r[1], r[0]), reverse=sort == "date")
    undated = sorted((r for r in rows if r[1] is None), key=lambda r: r[0], reverse=sort == "date")
    return [r[0] for r in dated + undated]


# How a common query's page is read (postgres.WALK_BLOCK, RUM_WALK_COST): walking the date index;
# newest blocks in the RUM index's date order (the RUM plan; the GIN plan walks); or sorting the matches.
WAYS = {"walk-date-index": (0, 0), "rum-date-order": (0, 10**9), "sort-bitmap": (10**9, 10**9)}


def _read_by(monkeypatch, way: str) -> None:
    walk_block, rum_walk_cost = WAYS[way]
    monkeypatch.setattr(postgres, "WALK_BLOCK", walk_block)
    monkeypatch.setattr(postgres, "RUM_WALK_COST", rum_walk_cost)


@pytest.fixture(params=["rum", "gin"])
def plan(request, settings, many_articles):
    if request.param == "rum":
        if not _server_has_rum():
            pytest.skip("this PostgreSQL server has no rum extension (the GIN plan is tested instead)")
        settings.HAWAL_SEARCH_RUM = "auto"
    else:
        settings.HAWAL_SEARCH_RUM = "off"
    forget_search_plan()
    assert search_plan() == request.param
    return request.param


@pytest.mark.parametrize("sort", ["relevance", "date", "date_asc"])
def test_pages_are_complete_disjoint_and_exactly_counted(plan, sort):
    hits, totals = _all_pages("نەوت", sort)
    ids = [a.id for a in hits]
    assert len(ids) == len(set(ids)) == ARTICLES
    assert set(totals) == {ARTICLES}
    past_the_end = run_search("نەوت", sort=sort, page=50, per_page=PER_PAGE)
    assert past_the_end.hits == [] and past_the_end.total == ARTICLES


@pytest.mark.parametrize("sort", ["date", "date_asc"])
def test_date_order_is_exact_with_undated_last(plan, sort):
    hits, _ = _all_pages("نەوت", sort)
    assert [a.id for a in hits] == _expected_date_order(sort)


def test_relevance_ranks_title_matches_first_and_pages_are_stable(plan):
    first = run_search("نەوت", page=1, per_page=PER_PAGE)
    again = run_search("نەوت", page=1, per_page=PER_PAGE)
    assert [h.article.id for h in first.hits] == [h.article.id for h in again.hits]
    scores = [h.score for h in first.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(h.article.title.startswith("نەوت") for h in first.hits[:TITLE_MATCHES])


def test_plans_agree_on_the_first_page(settings, many_articles):
    if not _server_has_rum():
        pytest.skip("this PostgreSQL server has no rum extension: only one plan to compare")
    pages = {}
    for choice in ("auto", "off"):
        settings.HAWAL_SEARCH_RUM = choice
        forget_search_plan()
        for sort in ("relevance", "date"):
            pages[choice, sort] = [h.article.id for h in run_search("نەوت بازاڕ", sort=sort).hits]
    assert pages["auto", "date"] == pages["off", "date"]
    assert pages["auto", "relevance"] == pages["off", "relevance"]


def test_gin_plan_ranks_the_newest_matches_block_by_block_past_its_limit(
    settings, many_articles, monkeypatch
):
    settings.HAWAL_SEARCH_RUM = "off"
    monkeypatch.setattr(postgres, "RANK_ALL", 50)
    monkeypatch.setattr(postgres, "RANK_NEWEST", 30)
    newest = _expected_date_order("date")
    for page in (1, 2, 5):
        results = run_search("نەوت", page=page, per_page=30)
        assert results.total == ARTICLES
        assert {h.article.id for h in results.hits} == set(newest[(page - 1) * 30 : page * 30])
        assert [h.score for h in results.hits] == sorted((h.score for h in results.hits), reverse=True)


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_one_sql_query_per_results_page(plan, sort, django_assert_num_queries):
    search_plan()  # asked once per database, before the page
    with django_assert_num_queries(1):
        results = run_search("نەوت", sort=sort, page=3, per_page=PER_PAGE)
    assert len(results.hits) == PER_PAGE


def test_enable_and_disable_rum_indexes_in_place(many_articles):
    if not _server_has_rum():
        pytest.skip("this PostgreSQL server has no rum extension")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred checks
        rum.disable(cursor)
        assert not rum.installed(cursor)
        forget_search_plan()
        assert search_plan() == "gin"
        rum.enable(cursor)
        assert rum.installed(cursor)
    forget_search_plan()
    assert search_plan() == "rum"
    assert run_search("نەوت", sort="date").total == ARTICLES


def test_totals_past_the_cap_are_estimates_and_never_below_it(plan, monkeypatch):
    monkeypatch.setattr(postgres, "COUNT_CAP", 100)
    results = run_search("نەوت")
    assert results.total > 100
    assert not results.total_exact
    exact = run_search("بازاڕ")  # only in the titles of every 13th article
    assert exact.total == TITLE_MATCHES
    assert exact.total_exact


def test_facets_of_a_large_result_set_come_from_an_even_sample_scaled_up(plan, monkeypatch):
    dated = Article.objects.filter(published__isnull=False).count()
    exact = run_search("نەوت", with_facets=True)
    assert not exact.facets_sampled
    assert sum(n for _, n in exact.histogram) == dated
    assert exact.facets["source"][0].count == ARTICLES

    monkeypatch.setattr(postgres, "FACET_SAMPLE", 50)
    sampled = run_search("نەوت", with_facets=True)
    assert sampled.facets_sampled
    scale = 8  # 64 buckets × 50 / 260 → 13 → rounded down to a power of two
    assert all(n % scale == 0 for _, n in sampled.histogram)
    assert abs(sum(n for _, n in sampled.histogram) - dated) <= 0.25 * dated
    assert sampled.facets["source"][0].count % scale == 0
    assert abs(sampled.facets["source"][0].count - ARTICLES) <= 0.25 * ARTICLES


def test_a_match_in_every_bucket_is_thinned_to_about_the_sample_size(plan, monkeypatch):
    monkeypatch.setattr(postgres, "FACET_SAMPLE", 2)  # 260 matches: one bucket (of 64) holds 4 of them
    sample, scale = postgres.facet_sample(postgres.parse_query("نەوت"), ARTICLES)
    assert scale == 64 * 2  # 4 in the bucket ≥ 2 × 2, so one id in two; 2 left is not ≥ 4
    kept = sorted(sample.values_list("id", flat=True))
    assert len(kept) >= 2 and all(pk % 128 == 0 for pk in kept)
    sampled = run_search("نەوت", with_facets=True)
    assert sampled.facets_sampled
    assert sampled.facets["source"][0].count == len(kept) * scale


@pytest.mark.parametrize("text", ["نەوت", "نەوت -بازاڕ", '"نرخی نەوت"', "هەولێر source:test-outlet"])
def test_a_share_in_the_indexed_buckets_samples_exactly_the_matches_in_it(many_articles, monkeypatch, text):
    monkeypatch.setattr(postgres, "FACET_SAMPLE", 10)  # 64 × 10 / 260 → 3 → 2 buckets of 64: indexed
    query = postgres.parse_query(text)
    total = postgres.count_matches(postgres.apply_query(Article.objects.all(), query), query)
    sample, scale = postgres.facet_sample(query, total)
    assert scale == 32
    expected = [pk for pk in postgres.apply_query(Article.objects.all(), query).values_list("id", flat=True)]
    assert sorted(sample.values_list("id", flat=True)) == sorted(pk for pk in expected if pk % 64 < 2)
    assert any(pk % 64 < 2 for pk in expected)  # the bucket is not empty, so the comparison means something


def test_the_sample_share_is_read_from_its_own_index(many_articles, monkeypatch):
    """A share within the indexed buckets matches `archive.models.sample_vector`, the very expression
    `article_sample_search` holds (if the two drifted apart, PostgreSQL could not use the index and would
    read every bucket article's stored vector)."""
    monkeypatch.setattr(postgres, "FACET_SAMPLE", 10)
    with connection.cursor() as cursor:
        # Statistics of these articles, not of whatever an earlier test left (an empty table's made a
        # one-row estimate, and PostgreSQL walked the date index instead).
        cursor.execute("ANALYZE archive_article")
    sample, _ = postgres.facet_sample(postgres.parse_query("نەوت"), ARTICLES)
    sample_sql, _ = postgres._sql(sample.values("id"))
    assert (
        'CASE WHEN MOD("archive_article"."id", %s) < %s THEN "archive_article"."search_vector"' in sample_sql
    )
    condition = postgres.matches_tsquery(
        postgres.compiled_tsquery(postgres.parse_query("نەوت")), "sample_vector"
    )
    alone = Article.objects.alias(sample_vector=sample_vector()).filter(condition).values("id")
    sql, params = postgres._sql(alone)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_sample_search" in plan


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("sort", ["date", "date_asc"])
def test_date_order_is_the_same_by_every_way_in(plan, monkeypatch, way, sort):
    _read_by(monkeypatch, way)
    hits, totals = _all_pages("نەوت", sort)
    assert [a.id for a in hits] == _expected_date_order(sort)
    assert set(totals) == {ARTICLES}


@pytest.mark.parametrize("way", WAYS)
def test_relevance_blocks_past_the_rank_all_limit_give_complete_disjoint_pages(plan, monkeypatch, way):
    monkeypatch.setattr(postgres, "RANK_ALL", 50)
    monkeypatch.setattr(postgres, "RANK_NEWEST", 30)
    # RUM's blocks are exact while no more than RERANK articles share a distance at a cut
    # (_rum_ranked_sql); here 48 do (the fixture repeats 35 bodies), in an order RUM leaves open, which
    # changed with the ids earlier tests had used up.
    monkeypatch.setattr(postgres, "RERANK", 60)
    if plan == "rum":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM archive_article"
                " WHERE search_vector @@ %s::tsquery GROUP BY search_vector <=> %s::tsquery) g",
                ["'نەوت'", "'نەوت'"],
            )
            assert cursor.fetchone()[0] <= postgres.RERANK
    _read_by(monkeypatch, way)
    hits, totals = _all_pages("نەوت", "relevance")
    ids = [a.id for a in hits]
    assert len(ids) == len(set(ids)) == ARTICLES
    assert set(totals) == {ARTICLES}


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("sort", ["date", "date_asc", "relevance"])
def test_a_date_range_gives_exactly_the_articles_inside_it_in_order(plan, monkeypatch, way, sort):
    _read_by(monkeypatch, way)
    since, until = datetime.date(2015, 6, 1), datetime.date(2016, 1, 31)
    hits, totals = _all_pages(f"نەوت from:{since} to:{until}", sort)
    inside = list(Article.objects.filter(published__range=(since, until)).values_list("id", flat=True))
    assert sorted(a.id for a in hits) == sorted(inside)
    assert set(totals) == {len(inside)}
    if sort != "relevance":
        expected = [pk for pk in _expected_date_order(sort) if pk in set(inside)]
        assert [a.id for a in hits] == expected


@pytest.fixture(params=[False, True], ids=["no-pair-vectors", "pair-vectors"])
def pair_vectors(request, many_articles) -> bool:
    """Articles without pair vectors (written before migration 0008), or all of them with one (phrases
    that two words make are then read from the pair index alone)."""
    if request.param:
        for pk, title, body in Article.objects.values_list("id", "title", "body"):
            _, pairs = document_vectors(document_fields(title, body))
            Article.objects.filter(pk=pk).update(phrase_pairs=postgres.bigint_array(pairs))
    assert postgres.pairs_complete() is request.param
    return request.param


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_common_phrase_gives_complete_disjoint_pages_either_way_in(
    plan, pair_vectors, monkeypatch, way, sort
):
    monkeypatch.setattr(postgres, "RANK_ALL", 50)
    monkeypatch.setattr(postgres, "RANK_NEWEST", 30)
    _read_by(monkeypatch, way)
    hits, totals = _all_pages('"نرخی نەوت"', sort)  # in every article's body
    ids = [a.id for a in hits]
    assert len(ids) == len(set(ids)) == ARTICLES
    assert set(totals) == {ARTICLES}
    if sort == "date":
        assert ids == _expected_date_order("date")
    # Both words are in every article, never in this order: nothing to walk to.
    assert run_search('"نەوت نرخی"', sort=sort).total == 0


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_phrase_with_a_word_matches_exactly_what_positions_say(plan, pair_vectors, monkeypatch, way, sort):
    _read_by(monkeypatch, way)
    hits, totals = _all_pages('"هەولێر و سلێمانی" نەوت', sort)
    with_both = [pk for pk, body in Article.objects.values_list("id", "body") if "هەولێر و سلێمانی" in body]
    assert sorted(a.id for a in hits) == sorted(with_both)
    assert set(totals) == {len(with_both)}
    assert (
        run_search('"سلێمانی نەوت" نرخی', sort=sort).total == 0
    )  # every article has both, never side by side
    # The word beside the phrase must hold too: «بازاڕ» is only in every 13th title.
    hits, totals = _all_pages('"هەولێر و سلێمانی" بازاڕ', sort)
    in_market = [pk for pk, title in Article.objects.values_list("id", "title") if "بازاڕ" in title]
    expected = sorted(set(with_both) & set(in_market))
    assert expected and sorted(a.id for a in hits) == expected
    assert set(totals) == {len(expected)}


def test_the_count_trusts_the_estimate_of_the_sql_it_is_given(db):
    with connection.cursor() as cursor:
        count = "SELECT hawal_match_count(%s, %s, true, %s, %s)"
        cursor.execute(count, ["SELECT 1 FROM archive_article", 0, 0, "SELECT generate_series(1, 5000)"])
        assert cursor.fetchone()[0] == 5000  # past where it is trusted: the estimate stands
        cursor.execute(
            count, ["SELECT 1 FROM archive_article", 1000, 10_000, "SELECT generate_series(1, 5000)"]
        )
        assert cursor.fetchone()[0] == 0  # below it: counted, and the count is exact
        cursor.execute(
            count, ["SELECT 1 FROM archive_article", 1000, 2000, "SELECT generate_series(1, 5000)"]
        )
        assert cursor.fetchone()[0] == 5000
        cursor.execute(count, ["SELECT generate_series(1, 30)", 10, None, None])
        assert (
            cursor.fetchone()[0] == 30
        )  # never trusted: counted past the cap; its own estimate (30) as the total


def test_the_count_asks_the_sample_before_counting_what_it_does_not_trust(db):
    count = "SELECT hawal_match_count(%s, %s, true, %s::bigint, %s, %s, %s)"
    empty = "SELECT 1 FROM archive_article"  # nothing to count: what a count would return is 0
    with connection.cursor() as cursor:
        # The planner expects 5,000 (≥ 2 × 1,000) and the sample says 200 × 16 = 3,200: no count.
        cursor.execute(
            count,
            [empty, 1000, 10**6, "SELECT generate_series(1, 5000)", "SELECT generate_series(1, 200)", 16],
        )
        assert cursor.fetchone()[0] == 3200
        # The sample says 1,600, under 2 × 1,000: counted, exactly.
        cursor.execute(
            count,
            [empty, 1000, 10**6, "SELECT generate_series(1, 5000)", "SELECT generate_series(1, 100)", 16],
        )
        assert cursor.fetchone()[0] == 0
        # The planner expects under 2 × 1,000: the sample is not even run (it would divide by zero).
        cursor.execute(count, [empty, 1000, 10**6, "SELECT generate_series(1, 1999)", "SELECT 1 / 0", 16])
        assert cursor.fetchone()[0] == 0
        # Counted past the cap: the sample's estimate (16), not the planner's (20), when it is larger.
        cursor.execute(
            count,
            ["SELECT generate_series(1, 30)", 10, 10**6, "SELECT generate_series(1, 20)", "SELECT 1", 16],
        )
        assert cursor.fetchone()[0] == 16


@pytest.mark.parametrize(
    ("text", "sampled"),
    [
        ("نەوت", False),  # a word alone: its own estimate is trusted from 2 × COUNT_CAP
        ("نەوت OR بازاڕ", False),
        ("نەوت بازاڕ", True),
        ("نەوت -بازاڕ", True),
        ("نەوت from:2015-01-01 to:2015-12-31", True),
        ('"نرخی نەوت"', False),  # estimated from its pairs; its sample would read the pair index
        ('"نرخی نەوت" -بازاڕ', False),
        ("نەوت person:کازمی", True),  # never trusted, but sampled
        ("source:test-outlet", False),  # no text: nothing to sample from
    ],
)
def test_searches_counted_below_their_trust_threshold_pass_their_sample(many_articles, text, sampled):
    query = postgres.parse_query(text)
    args = postgres._count_args(postgres.apply_query(Article.objects.all(), query), query)
    sample_sql, scale = args[5], args[6]
    assert (sample_sql is not None) is sampled
    if not sampled:
        return
    assert scale == 16
    # The sample holds exactly the matches of the first four of the 64 buckets.
    in_buckets = [
        pk
        for pk in postgres.apply_query(Article.objects.all(), query).values_list("id", flat=True)
        if pk % 64 < 4
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sample_sql}) s")
        assert cursor.fetchone()[0] == len(in_buckets)


@pytest.mark.parametrize(
    ("text", "trust_above"),
    [
        ("هەولێر", 2 * COUNT_CAP),  # one word: its own frequency
        ("هەولێر OR بەغدا", 2 * COUNT_CAP),  # a union: between its largest part and the sum
        ("هەولێر بەغدا", 10 * COUNT_CAP),  # AND multiplies frequencies as if independent
        ("هەولێر -بەغدا", 10 * COUNT_CAP),
        ("هەولێر source:rudaw", 10 * COUNT_CAP),
        ("هەول*", 10 * COUNT_CAP),
        ('"هەرێمی کوردستان"', 10 * COUNT_CAP),  # a phrase, estimated from its pair lexemes
        ("person:کازمی", None),  # filters alone: always counted
    ],
)
def test_the_count_trusts_an_estimate_from_where_it_cannot_be_twice_the_truth(db, text, trust_above):
    from archive.search.postgres import _count_args, apply_query
    from archive.search.query import parse_query

    query = parse_query(text)
    _, cap, _, trusted_from, *_ = _count_args(apply_query(Article.objects.all(), query), query)
    assert (cap, trusted_from) == (COUNT_CAP, trust_above)


def test_a_phrase_is_estimated_from_its_pairs_and_the_rest_of_the_query():
    def estimate_sql(text: str) -> str | None:
        query = postgres.parse_query(text)
        return postgres._count_args(postgres.apply_query(Article.objects.all(), query), query)[4]

    assert estimate_sql("نەوت") is None
    sql = estimate_sql('"نرخی نەوت" بازاڕ from:2015-01-01')
    assert "phrase_pairs" in sql and "<->" not in sql and "2015-01-01" in sql


def test_a_range_is_walked_by_its_own_share_of_matches_not_the_archive_s(many_articles, monkeypatch):
    monkeypatch.setattr(postgres, "WALK_BLOCK", 30)  # walk from √(30 × N): 42 of a range of 58, 88 of 260
    since, until = datetime.date(2015, 6, 1), datetime.date(2015, 12, 31)
    inside = Article.objects.filter(published__range=(since, until)).count()
    assert inside < 0.5 * ARTICLES  # a minority of the archive, but every article of the range matches

    def common(text: str) -> bool:
        condition = postgres._common_condition("'x'", postgres.parse_query(text))
        with connection.cursor() as cursor:
            cursor.execute(f"WITH total AS (SELECT %s::bigint AS n) SELECT {condition}", [inside])
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    assert common(f"نەوت from:{since} to:{until}")
    assert not common("نەوت")


def test_a_query_that_excludes_what_it_asks_for_costs_no_sql(many_articles, django_assert_num_queries):
    with django_assert_num_queries(0):
        results = run_search("نەوت -لەنەوت")
    assert results.searchable and results.hits == [] and results.total == 0
    assert not postgres.apply_query(Article.objects.all(), "نەوت -نەوت").exists()


def test_a_word_with_several_readings_is_estimated_from_its_main_term():
    query = postgres.parse_query("COVID19")
    sql = postgres._count_args(postgres.apply_query(Article.objects.all(), query), query)[4]
    assert "'covid'" in sql and "'19'" not in sql


def test_rum_relevance_is_read_in_the_index_s_own_order(settings, many_articles, monkeypatch):
    _use_the_rum_plan(settings)
    monkeypatch.setattr(postgres, "RERANK", 20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    query = postgres.parse_query("نەوت")
    tsquery = postgres.compiled_tsquery(query)
    matches = postgres.apply_query(Article.objects.all(), query)
    sql, params = postgres._rum_ranked_sql(matches, query, tsquery, 20, False)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        explained = "\n".join(row[0] for row in cursor.fetchall())
    # the distance alone is the index scan's order; ties are broken by id over the rows it read
    assert "Order By: (search_vector <=>" in explained, explained
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ranked = [pk for pk, _ in sorted(cursor.fetchall(), key=lambda row: row[1])]
    expected = (
        Article.objects.annotate(d=postgres.rum_distance(tsquery))
        .order_by("d", "id")
        .values_list("id", flat=True)
    )
    assert ranked == list(expected[:20])


@pytest.mark.parametrize("sort", ["date", "date_asc"])
@pytest.mark.parametrize(
    "text",
    ["نەوت", "نەوت -بازاڕ", '"نرخی نەوت"', "نەوت source:test-outlet", "نەوت OR هەولێر from:2015-06-01"],
)
def test_rum_date_statements_built_from_the_matches_are_the_orm_s(settings, many_articles, sort, text):
    """`_rum_dated_sql` builds its two statements from the matches' compiled condition instead of
    compiling them through the ORM again: they give the ORM statements' rows, in their order."""
    _use_the_rum_plan(settings)
    query = postgres.parse_query(text)
    matches = postgres.apply_query(Article.objects.all(), query)
    built, params = postgres._rum_dated_sql(matches, query, sort, 30)
    by_orm = [
        postgres._sql(
            matches.filter(published__isnull=False)
            .annotate(d=postgres.rum_date_distance(sort, query))
            .order_by("d")
            .values("id")[:30]
        ),
        postgres._sql(
            matches.filter(published__isnull=True)
            .order_by("id" if sort == "date_asc" else "-id")
            .values("id")[:30]
        ),
    ]
    orm_sql = (
        f"SELECT id, 0 AS undated FROM ({by_orm[0][0]}) x UNION ALL SELECT id, 1 FROM ({by_orm[1][0]}) y"
    )
    with connection.cursor() as cursor:
        cursor.execute(built, params)
        rows = cursor.fetchall()
        cursor.execute(orm_sql, by_orm[0][1] + by_orm[1][1])
        assert rows == cursor.fetchall()
    # dated and undated matches both there (a date range keeps only dated ones)
    assert {undated for _, undated in rows} == ({0} if query.date_from else {0, 1})


def test_rum_date_statements_of_matches_without_a_condition_still_run(settings, many_articles):
    _use_the_rum_plan(settings)
    sql, params = postgres._rum_dated_sql(Article.objects.all(), postgres.parse_query("نەوت"), "date", 5)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    assert [pk for pk, undated in rows if not undated] == _expected_date_order("date")[:5]


def test_rum_ranked_statement_is_the_orm_s_byte_for_byte(many_articles):
    for text in ("نەوت", "نەوت -بازاڕ", "نەوت source:test-outlet", '"نرخی نەوت" from:2015-06-01'):
        query = postgres.parse_query(text)
        tsquery = postgres.compiled_tsquery(query)
        matches = postgres.apply_query(Article.objects.all(), query)
        sql, params = postgres._rum_ranked_sql(matches, query, tsquery, 20, False)
        read = postgres._sql(
            matches.annotate(d=postgres.rum_distance(tsquery))
            .order_by("d")
            .values("id", "d")[: 20 + postgres.RERANK]
        )
        # the ORM's statement with the search vector matched by `@@`, the operator RUM serves
        assert "@@@" in read[0]
        assert f"FROM ({postgres._rum_index_condition(read[0])}) r0" in sql
        assert "@@@" not in sql
        assert params == read[1]


def test_on_the_rum_plan_counts_read_the_gin_index_and_ordered_reads_the_rum_index(
    settings, many_articles, monkeypatch
):
    """Matches are asked for with `@@@` (archive.search.postgres.SEARCH_MATCH), which only GIN serves, so a
    count or any bitmap of matches reads the GIN index; only RUM's ordered reads ask with `@@`."""
    _use_the_rum_plan(settings)
    monkeypatch.setattr(postgres, "RANK_ALL", 50)  # 260 matches: past ranking them all
    _read_by(monkeypatch, "sort-bitmap")  # not common enough for newest blocks: RUM's relevance order
    assert "article_search_rum" in _index_scans_run(
        _page_statement("نەوت")
    )  # the page in RUM's relevance order
    query = postgres.parse_query("نەوت")
    count_sql = postgres._count_args(postgres.apply_query(Article.objects.all(), query), query)[0]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")  # as hawal_match_count counts
    assert _index_scans_run(count_sql) == {"article_search_gin"}


def _index_scans_run(sql: str) -> set[str]:
    """Names of the indexes a statement's plan actually scanned (nodes that ran at least once)."""
    with connection.cursor() as cursor:
        # As on a large archive: a few hundred articles are cheaper to read whole and sort.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0] if isinstance(plan, list) else plan
    found, nodes = set(), [plan["Plan"]]
    while nodes:
        node = nodes.pop()
        if node.get("Index Name") and node.get("Actual Loops", 0) > 0:
            found.add(node["Index Name"])
        nodes.extend(node.get("Plans", ()))
    return found


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("way", ["walk-date-index", "rum-date-order"])
def test_rum_reads_a_common_query_in_date_order_from_its_index_until_walking_is_cheaper(
    settings, many_articles, monkeypatch, way, sort
):
    """Between √(WALK_BLOCK × N) and √(RUM_WALK_COST × rows × N) matches the RUM plan reads the newest matches
    from the RUM index's date order; from there on it walks the date index (what the pages hold is
    the same either way: the tests above)."""
    _use_the_rum_plan(settings)
    monkeypatch.setattr(postgres, "RANK_ALL", 50)  # 260 matches: past ranking them all
    _read_by(monkeypatch, way)
    scanned = _index_scans_run(_page_statement("نەوت", sort))
    assert ("article_search_rum_date" in scanned) is (way == "rum-date-order"), scanned


def test_sessions_run_without_jit(db):
    # A results page at a million articles passes jit_above_cost; compiling took longer than running.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize("probe", [10**6, 5], ids=["probe-holds-the-page", "probe-too-short"])
@pytest.mark.parametrize("sort", ["date", "date_asc", "relevance"])
def test_filters_alone_give_the_exact_date_order_either_way_in(plan, monkeypatch, probe, sort):
    monkeypatch.setattr(postgres, "FILTER_PROBE", probe)
    hits, totals = _all_pages("source:test-outlet", sort)
    expected = _expected_date_order("date_asc" if sort == "date_asc" else "date")
    assert [a.id for a in hits] == expected
    assert set(totals) == {ARTICLES}
    since, until = datetime.date(2015, 6, 1), datetime.date(2016, 1, 31)
    inside = set(Article.objects.filter(published__range=(since, until)).values_list("id", flat=True))
    hits, totals = _all_pages(f"source:test-outlet from:{since} to:{until}", sort)
    assert [a.id for a in hits] == [pk for pk in expected if pk in inside]
    assert set(totals) == {len(inside)}
