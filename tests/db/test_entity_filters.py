"""`person:`/`place:`/`org:` with words: aliases found through their word runs (migration 0017), and the
search starting from the smaller side — the entity's mentions or the words' matches — with the same
results either way (`archive.search.postgres._split_by_entity_size`)."""

import datetime

import pytest
from django.db import connection

import archive.extract as extract
from archive.ingest.service import ingest_article
from archive.models import Article, Entity, EntityAlias, Mention
from archive.search import postgres
from archive.search.query import parse_query

# No module-wide `django_db` mark: it would open the test's transaction before `analysed_again_afterwards`
# and close it after; the tests ask for `db` (through `entity_archive`) instead.

ARTICLES = 100
OIL_EVERY = 4  # «نەوت» in one article of four (25): the words' index is worth starting from
FAMOUS = range(0, ARTICLES, 2)  # the بارزانی family, 50 articles: 50 × TEXT_FIRST_RATIO > 25
RARE = (4, 9)  # ئۆباما, 2 articles: 2 × TEXT_FIRST_RATIO < 25


ANALYSED = ("archive_article", "archive_entity", "archive_entityalias", "archive_mention")


def _analyse():
    with connection.cursor() as cursor:
        for table in ANALYSED:
            cursor.execute(f"ANALYZE {table}")


def _named(name, kind="person", mention_count=0):
    """An entity with its name as its one alias."""
    key = extract.name_key(name)
    entity = Entity.objects.create(kind=kind, name=name, key=key, mention_count=mention_count)
    EntityAlias.objects.create(entity=entity, kind=kind, name=name, key=key)
    return entity


@pytest.fixture
def analysed_again_afterwards(django_db_blocker):
    """ANALYZE writes a table's size to pg_class in place, which the test's rollback does not undo: the
    planner (and tests/db/test_ingest_batches.py) would go on believing the tables hold this test's rows.
    Analysing them again once the rollback has emptied them puts that right. (Set up before `db`, so it
    is torn down after it.)"""
    yield
    with django_db_blocker.unblock():
        _analyse()


@pytest.fixture
def entity_archive(analysed_again_afterwards, db, settings):
    settings.HAWAL_SEARCH_CACHE_SECONDS = 0
    start = datetime.date(2020, 1, 1)
    articles = []
    for n in range(ARTICLES):
        oil = "نرخی نەوت گۆڕا و" if n % OIL_EVERY == 0 else "کەشوهەوا گۆڕا و"
        body = f"ڕاپۆرتی ژمارە {n} {'یەک دوو سێ چوار پێنج شەش حەوت'.split()[n % 7]}: {oil} بازاڕ ئاسایی بوو لە ڕۆژی {n}."
        articles.append(ingest_article(body=body, published=start + datetime.timedelta(days=n)).article)

    for name, numbers in (
        ("مسرور بارزانی", [n for n in FAMOUS if n % 3]),
        ("نێچیرڤان بارزانی", [n for n in FAMOUS if not n % 3]),
        ("باراک ئۆباما", list(RARE)),
    ):
        entity = _named(name, mention_count=len(numbers))
        for n in numbers:
            Mention.objects.create(article=articles[n], entity=entity, start=0, end=5, surface=name)
    _analyse()
    return articles


def _expected(articles, numbers, word_every):
    """The articles among `numbers` holding the word, newest first."""
    chosen = [articles[n] for n in numbers if n % word_every == 0]
    return [a.pk for a in sorted(chosen, key=lambda a: (a.published, a.pk), reverse=True)]


def _page(text, sort, page, per_page):
    results = postgres.run_search(text, sort=sort, page=page, per_page=per_page, snapshot=None)
    return [hit.article.pk for hit in results.hits], results.total


def test_alias_runs_are_every_run_of_consecutive_words(db):
    entity = Entity.objects.create(kind="org", name="ا ب ج", key="ا ب ج")
    alias = EntityAlias.objects.create(entity=entity, kind="org", name="ا ب ج", key="ا ب ج")
    alias.refresh_from_db()
    assert alias.runs == ["ا", "ا ب", "ا ب ج", "ب", "ب ج", "ج"]


def test_a_name_matches_whole_words_of_an_alias_only(entity_archive):
    famous = list(FAMOUS)
    assert set(Article.objects.search("person:بارزانی").values_list("pk", flat=True)) == {
        entity_archive[n].pk for n in famous
    }
    assert set(Article.objects.search('person:"مسرور بارزانی"').values_list("pk", flat=True)) == {
        entity_archive[n].pk for n in famous if n % 3
    }
    assert not Article.objects.search("person:بارزان").exists()  # a part of a word names nobody
    assert not Article.objects.search('person:"بارزانی مسرور"').exists()  # nor the words out of order


@pytest.mark.parametrize("ratio", [0, 10, 10**9], ids=["mentions first", "chosen", "words first"])
@pytest.mark.parametrize("sort", ["date", "date_asc", "relevance"])
def test_both_ways_give_the_same_pages_and_totals(entity_archive, monkeypatch, ratio, sort):
    """Ratio 0 never starts from the words; 10**9 always does (below half the archive). Every page and
    total equals the one the archive's own ORM query gives."""
    monkeypatch.setattr(postgres, "TEXT_FIRST_RATIO", ratio)
    cases = [
        ("نەوت person:بارزانی", FAMOUS, OIL_EVERY),
        ("نەوت person:ئۆباما", RARE, OIL_EVERY),
        ("بازاڕ person:بارزانی", FAMOUS, 1),  # a word in every article: always from the mentions
        ("نەوت person:بارزانی person:مسرور", [n for n in FAMOUS if n % 3], OIL_EVERY),
        # 2020-01-21 … 2020-03-01 are articles 20 … 60
        (
            "نەوت person:بارزانی from:2020-01-21 to:2020-03-01",
            [n for n in FAMOUS if 20 <= n <= 60],
            OIL_EVERY,
        ),
    ]
    for text, numbers, word_every in cases:
        expected = _expected(entity_archive, numbers, word_every)
        orm = set(Article.objects.search(text).values_list("pk", flat=True))
        assert orm == set(expected), text
        pages, total = [], None
        for page in range(1, len(expected) // 7 + 2):  # pages of 7, and one past the end
            ids, total = _page(text, sort, page, per_page=7)
            pages.extend(ids)
        assert total == len(expected), text
        if sort == "date":
            assert pages == expected, text
        elif sort == "date_asc":
            assert pages == expected[::-1], text
        else:
            assert sorted(pages) == sorted(expected), text  # each once, in the score's order


def _words_first_ran(text):
    """Whether the count of `text` read the words' matches and checked them against the entity ids on the
    articles (migration 0019): a plan node with an `entity_ids && …` condition ran at least once."""
    query = parse_query(text)
    matches = postgres.apply_query(Article.objects.all(), query)

    def conditions(node):
        return " ".join(node.get(key, "") for key in ("Filter", "Index Cond", "Recheck Cond"))

    checks = [
        n for n in _plan_nodes(postgres._rows_sql(matches), analyze=True) if "entity_ids &&" in conditions(n)
    ]
    assert checks, "the words-first branch is missing from the statement"
    return any(n["Actual Loops"] > 0 for n in checks)


def test_the_smaller_side_is_read_first(entity_archive, monkeypatch):
    # The fixture is small; at the ratio of 10 its counts reach both sides of the choice.
    monkeypatch.setattr(postgres, "TEXT_FIRST_RATIO", 10)
    # بارزانی: 50 mentions, against 25 articles with «نەوت»: from the words.
    assert _words_first_ran("نەوت person:بارزانی")
    # ئۆباما: 2 mentions: from the mentions.
    assert not _words_first_ran("نەوت person:ئۆباما")
    # «بازاڕ» is in every article: never from the words, whoever is asked for.
    assert not _words_first_ran("بازاڕ person:بارزانی")


def test_at_the_shipped_ratio_two_mentions_against_25_matches_still_start_from_the_words(entity_archive):
    # ANDing the entity index with the text index is cheap: only an entity ≈ 200 times rarer than the
    # words is read from its mentions (TEXT_FIRST_RATIO).
    assert postgres.TEXT_FIRST_RATIO == 200
    assert _words_first_ran("نەوت person:ئۆباما")
    assert not _words_first_ran("بازاڕ person:بارزانی")  # still: words in half the archive or more


def test_a_search_with_an_entity_filter_is_still_one_sql_query(entity_archive, django_assert_max_num_queries):
    postgres.search_plan()  # asked once per process and database (run alone, this test asked it first)
    with django_assert_max_num_queries(1):
        results = postgres.run_search("نەوت person:بارزانی", snapshot=None)
    assert results.total == len(_expected(entity_archive, FAMOUS, OIL_EVERY))


def test_the_entity_finder_takes_whole_words_anywhere_and_the_start_of_a_name(db):
    from archive.queries import find_entities

    masrour = _named("مسرور بارزانی", mention_count=1)
    nechirvan = _named("نێچیرڤان بارزانی", mention_count=1)
    assert set(find_entities("بارزانی")) == {masrour, nechirvan}  # a whole word, anywhere
    assert list(find_entities("مسرور")) == [masrour]
    assert list(find_entities("مسرو")) == [masrour]  # still being typed: the start of the name
    assert list(find_entities("مسرور بار")) == [masrour]
    assert list(find_entities("بارزان")) == []  # the start of a later word is not enough
    assert list(find_entities("ارزانی")) == []
    assert list(find_entities("بارزانی", kind="place")) == []


@pytest.mark.parametrize(
    "text", ["نەوت person:بارزانی", "بازاڕ person:بارزانی", "نەوت person:بارزانی from:2020-01-21"]
)
@pytest.mark.parametrize("by_ids", [True, False], ids=["entity ids", "mentions"])
def test_an_entity_search_s_sample_holds_exactly_its_matches_in_the_sample_buckets(
    entity_archive, text, by_ids, monkeypatch
):
    """What hawal_match_count counts before counting an entity search (migration 0018), read through the
    articles' entity ids (migration 0019) or through their mentions."""
    monkeypatch.setattr(postgres, "SAMPLE_BY_IDS", by_ids)
    query = postgres.parse_query(text)
    sample_sql, scale = postgres._count_args(postgres.apply_query(Article.objects.all(), query), query)[5:]
    assert scale == 16
    assert ("entity_ids" in sample_sql) == by_ids
    in_buckets = [pk for pk in Article.objects.search(text).values_list("pk", flat=True) if pk % 64 < 4]
    if text.startswith("بازاڕ"):  # every article has the word: 100 consecutive ids hold 4 of buckets 0–3
        assert in_buckets
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sample_sql}) s")
        assert cursor.fetchone()[0] == len(in_buckets)


def test_words_and_entity_ids_are_one_scan_of_one_index(entity_archive):
    """Migration 0023: the search vector and the entity ids share one GIN index, so the words-first
    branch reads both conditions in one index scan (GIN skips through the word's posting tree to the
    entity's articles) instead of ANDing two bitmaps."""
    query = parse_query("نەوت person:بارزانی")
    tsquery = postgres.compiled_tsquery(query)
    words_first = postgres._filtered(Article.objects.all(), query, tsquery, None, entities_by_ids=True)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the fixture is small enough to read whole
    nodes = _plan_nodes(postgres._rows_sql(words_first, split=False))
    scans = [n for n in nodes if n.get("Index Name") == "article_search_gin"]
    assert [n["Node Type"] for n in nodes if n["Node Type"] == "BitmapAnd"] == []
    assert any("search_vector" in n["Index Cond"] and "entity_ids &&" in n["Index Cond"] for n in scans)


def _plan_nodes(sql: str, *, analyze: bool = False) -> list[dict]:
    """Every node of the plan of `sql` (EXPLAIN … FORMAT JSON; run with `analyze`)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({'ANALYZE, ' if analyze else ''}FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = plan[0]["Plan"] if isinstance(plan, list) else plan
    found, pending = [], [plan]
    while pending:
        node = pending.pop()
        found.append(node)
        pending.extend(node.get("Plans", ()))
    return found
