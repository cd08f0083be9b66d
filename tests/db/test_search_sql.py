"""The statements a search builds from its matches compiled once (`postgres._from_where`) are exactly the
ORM's own: the same SQL text and parameters as compiling each queryset again, for every kind of query."""

import datetime

import pytest
from django.db import connection
from django.db.models import F, Value

from archive.models import Article
from archive.search import postgres, shapes
from archive.search.query import parse_query

pytestmark = pytest.mark.django_db

QUERIES = [
    "نەوت",
    "نەوت نەوت",
    "نەوتەکە لەبەغدا",
    '"بەردەوام بن" -نەوت',
    '"بەردەوام بن" OR نەوت',
    "person:کازمی person:بارزانی نەوت",
    "person:کازمی place:بەغدا org:پەرلەمان نەوت from:2020-01-01",
    'person:"!!!" نەوت',
    "person:کازمی to:2021-12-31",
    "نەوت from:2020-01-01 to:2020-01-01",
    "نەوت بازاڕ",
    "نەوت OR بازاڕ OR هەولێر",
    "نەوت -بازاڕ",
    "هەول*",
    '"مستەفا کازمی"',
    '"مستەفا کازمی" بەغدا',
    "person:کازمی",
    "person:کازمی نەوت from:2020-01-01 to:2021-12-31",
    "place:هەولێر org:پەرلەمان date:2021",
    "نەوت place:هەولێر org:پەرلەمان",
    "source:rudaw نەوت",
    "source:rudaw source:nrt",
    "نەوت date:٢٠٢١-١١-٢٩",
    "from:2020",
]


def _orm_ids_by_date(queryset, sort, rows, indexed):
    published = F("published") if indexed else postgres.published_unindexed()
    return postgres._sql(postgres._date_order(queryset, sort, published).values("id")[:rows])


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("complete", [False, True])
def test_statements_are_the_orms_own(text, complete):
    query = parse_query(text)
    matches = postgres.apply_query(Article.objects.all(), query, pairs_complete=complete)
    # Words with entity filters get `_split_by_entity_size`'s statement (tests/db/test_entity_filters.py);
    # under it, and for everything else, the ORM's own.
    with_entities = bool(query.people or query.places or query.orgs) and postgres.compiled_tsquery(query)
    assert (postgres._split_from_where(matches) is not None) == bool(with_entities)
    postgres._split_plans.pop(matches, None)
    postgres._split_rows.pop(matches, None)
    walk = postgres._walk_matches(query, complete)
    for queryset in (matches, walk):
        for sort in ("date", "date_asc"):
            for rows, indexed in ((20, True), (500, False), (1, True)):
                built = postgres._ids_by_date(queryset, sort, rows, indexed=indexed)
                assert built == _orm_ids_by_date(queryset, sort, rows, indexed=indexed)
        sql, params = postgres._sql(queryset.order_by().annotate(one=Value(1)).values("one"))
        assert postgres._rows_sql(queryset) == connection.ops.compose_sql(sql, params)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("complete", [False, True])
def test_statements_by_shape_are_the_orms_own(text, complete):
    """All articles' matches get their SQL from the template of the query's shape (`archive.search.shapes`),
    filled with this query's values: the same text and parameters as the ORM compiling them, in every
    form a search reads them — and the same again from a template another query of the shape made."""
    query = parse_query(text)
    tsquery = postgres.compiled_tsquery(query)
    pairs = None if tsquery is None else postgres._pairs(query.tree)
    forms = [{}, {"per_row": True}, {"entities_by_ids": True}, {"text_only": True}]
    for fresh in (True, False):
        if fresh:
            shapes.forget()
        for options in forms:
            lazy = postgres._filtered(None, query, tsquery, pairs, complete=complete, **options)
            built = postgres._filtered(
                Article.objects.all(), query, tsquery, pairs, complete=complete, **options
            )
            templated = postgres._from_where(lazy, split=False)
            orm_sql, orm_params = postgres._sql(built.order_by().values("id"))
            assert templated == (orm_sql.removeprefix(postgres._ID_SELECT), orm_params)
            # Used as a queryset, it is the ORM's own queryset.
            assert postgres._sql(lazy.order_by().values("id")) == (orm_sql, orm_params)


def test_a_template_serves_another_query_of_its_shape():
    shapes.forget()
    first = postgres.apply_query(None, parse_query("نەوت person:کازمی from:2020-01-01"))
    postgres._from_where(first, split=False)
    second = postgres.apply_query(None, parse_query("بازاڕ person:بارزانی from:2021-03-04"))
    sql, params = postgres._from_where(second, split=False)
    assert len(shapes._templates) == 1
    assert {"'بازاڕ'", "بارزانی", datetime.date(2021, 3, 4)} <= set(params)
    built = postgres.apply_query(Article.objects.all(), parse_query("بازاڕ person:بارزانی from:2021-03-04"))
    assert (postgres._ID_SELECT + sql, params) == postgres._sql(built.order_by().values("id"))


def test_a_value_that_does_not_come_out_as_a_parameter_is_not_templated():
    def copied_into_the_text(values):
        return f"WHERE x = '{values[0]}'", ()

    assert shapes.compiled("copied", ("a",), copied_into_the_text) == ("WHERE x = 'a'", ())
    assert shapes.compiled("copied", ("b",), copied_into_the_text) == ("WHERE x = 'b'", ())
    assert shapes._templates[("copied", (False,))] is None

    def transformed(values):
        return "WHERE x LIKE %s", (f"%{values[0]}%",)

    assert shapes.compiled("like", ("a",), transformed) == ("WHERE x LIKE %s", ("%a%",))
    assert shapes.compiled("like", ("b",), transformed) == ("WHERE x LIKE %s", ("%b%",))


def test_each_queryset_is_compiled_once(django_assert_num_queries):
    query = parse_query("نەوت بازاڕ")
    matches = postgres.apply_query(Article.objects.all(), query)
    first = postgres._from_where(matches)
    assert postgres._from_where(matches) is first  # remembered for this queryset
    other = postgres.apply_query(Article.objects.all(), parse_query("نەوت"))
    assert postgres._from_where(other) != first  # and not for another


def test_a_query_of_other_columns_is_refused():
    with pytest.raises(ValueError, match="not a query of article ids"):
        postgres._from_where(Article.objects.values("title").distinct())


def test_a_moved_date_is_not_templated_and_an_unused_value_is_fine():
    def moved(values):
        return "WHERE d = %s", (values[0] + datetime.timedelta(days=1),)

    day = datetime.date(2021, 5, 6)
    assert shapes.compiled("moved", (day,), moved) == ("WHERE d = %s", (datetime.date(2021, 5, 7),))
    assert shapes._templates[("moved", (False,))] is None

    def second_unused(values):
        return "WHERE x = %s", (values[0],)

    assert shapes.compiled("unused", ("a", "b"), second_unused) == ("WHERE x = %s", ("a",))
    assert shapes.compiled("unused", ("c", "d"), second_unused) == ("WHERE x = %s", ("c",))
    assert shapes._templates[("unused", (False, False))] is not None


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("total", [10, 5_000, 40_000, 900_000, 10_000_000])
def test_facet_samples_by_shape_are_the_orms_own(text, total):
    """Facets count over `facet_sample`; its statement comes from the template of the query's shape and the
    sample's plan (all matches, a share of the buckets, from the sample vector, thinned), filled with this
    query's values: the ORM's own, text and parameters, twice over (the second from the template)."""
    query = parse_query(text)
    shapes.forget()
    for _ in range(2):
        for complete in (False, True):
            sample, scale = postgres.facet_sample(query, total, complete=complete)
            expected = postgres._sql(sample.order_by().values("id", "source_id", "published"))
            assert postgres._facet_sample_sql(query, total, complete) == (*expected, scale)


@pytest.mark.parametrize(
    "text",
    [q for q in QUERIES if '"' in q]
    + ['"بەردەوام بن" person:کازمی from:2020-01-01', '"بەردەوام بن" نەوت', '"بەردەوام بن" source:rudaw'],
)
def test_pair_estimates_by_shape_are_the_orms_own(text):
    """A phrase's count is estimated from its pairs (`_pair_estimate_sql`): from the template of the
    query's shape, the same statement as the ORM compiling it, fresh and from the template."""
    query = parse_query(text)
    pairs = postgres._pairs(query.tree)
    if pairs is None:  # no required phrase (one inside an OR): estimated otherwise
        assert postgres._pair_estimate_sql(query) is None
        return
    rest = postgres.without_required_phrases(query.tree)
    rest_tsquery = None if rest is None else postgres._compile_estimate(rest)
    filters = postgres._Filters.of(query, None, None, False)
    expected = postgres._rows_sql(postgres._pair_estimate_queryset(pairs, rest_tsquery, filters))
    shapes.forget()
    assert postgres._pair_estimate_sql(query) == expected
    assert postgres._pair_estimate_sql(query) == expected
