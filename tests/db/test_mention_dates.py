"""Mentions carry their article's date (database triggers), so person + date searches read one index range."""

import datetime

import pytest
from django.db import connection

from archive.models import Article, Mention
from archive.search.postgres import run_search

pytestmark = pytest.mark.django_db


def test_mentions_copy_the_article_date_when_written_and_when_it_changes(seed_article):
    mentions = Mention.objects.filter(article=seed_article)
    assert mentions.exists()
    assert set(mentions.values_list("published", flat=True)) == {seed_article.published}

    Article.objects.filter(pk=seed_article.pk).update(published=datetime.date(2019, 5, 4))
    assert set(mentions.values_list("published", flat=True)) == {datetime.date(2019, 5, 4)}

    Article.objects.filter(pk=seed_article.pk).update(published=None)
    assert set(mentions.values_list("published", flat=True)) == {None}


def test_person_and_date_range_follow_the_article_date(seed_article):
    assert seed_article.published is not None
    year = seed_article.published.year
    inside = f"person:کازمی from:{year}-01-01 to:{year}-12-31"
    outside = f"person:کازمی from:{year - 5}-01-01 to:{year - 4}-12-31"
    assert [h.article.pk for h in run_search(inside, sort="date").hits] == [seed_article.pk]
    assert run_search(outside, sort="date").total == 0

    Article.objects.filter(pk=seed_article.pk).update(published=datetime.date(year - 5, 6, 1))
    assert run_search(inside, sort="date").total == 0
    assert [h.article.pk for h in run_search(outside, sort="date").hits] == [seed_article.pk]


def test_person_and_date_range_skip_mentions_marked_wrong(seed_article):
    """The (entity, published, article) index holds every mention since migration 0015; the filter on
    `rejected` must still leave out those an editor marked wrong."""
    year = seed_article.published.year
    query = f"person:کازمی from:{year}-01-01 to:{year}-12-31"
    assert [h.article.pk for h in run_search(query, sort="date").hits] == [seed_article.pk]
    Mention.objects.filter(article=seed_article, entity__name="مستەفا کازمی").update(rejected=True)
    assert run_search(query, sort="date").hits == []


def test_live_mentions_of_an_entity_in_a_range_are_counted_from_the_index_alone(seed_article):
    """`rejected` is carried in the entity index, so counting live mentions in a date range needs no
    table read once the table is all-visible (plans with sequential and bitmap scans turned off, so the
    check is about what the index can answer, not about the planner's costs on a tiny table)."""
    entity_id = Mention.objects.filter(article=seed_article).values_list("entity_id", flat=True)[0]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "EXPLAIN SELECT count(*) FROM archive_mention WHERE entity_id = %s AND NOT rejected"
            " AND published BETWEEN %s AND %s",
            [entity_id, datetime.date(2000, 1, 1), datetime.date(2030, 1, 1)],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using mention_entity_published" in plan, plan


def test_a_mention_moved_to_another_article_takes_that_article_s_date(seed_article):
    other = Article.objects.create(
        title="t", body="b", content_hash="moved-mention-target", published=datetime.date(2010, 3, 4)
    )
    mention = Mention.objects.filter(article=seed_article).first()
    Mention.objects.filter(pk=mention.pk).update(article=other)
    assert Mention.objects.get(pk=mention.pk).published == datetime.date(2010, 3, 4)
