"""The statements a search builds from its matches compiled once (`postgres._from_where`) are exactly the
ORM's own: the same SQL text and parameters as compiling each queryset again, for every kind of query."""

import pytest
from django.db import connection
from django.db.models import F, Value

from archive.models import Article
from archive.search import postgres
from archive.search.query import parse_query

pytestmark = pytest.mark.django_db

QUERIES = [
    "نەوت",
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
