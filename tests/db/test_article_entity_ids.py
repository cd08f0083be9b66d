"""`Article.entity_ids` (migration 0019) always equals the entities of the article's live mentions, however
the mentions were written: bulk import, one upload, re-extraction, editors' corrections, deletions."""

import pytest
from django.core.management import call_command
from django.db import connection

from archive.ingest.service import ingest_article
from archive.models import Article, Entity, Mention, Upload
from tests.db.test_ingest_batches import mixed_entries, prepared_batch

pytestmark = pytest.mark.django_db

STALE = """
SELECT a.id, a.entity_ids, coalesce((
    SELECT array_agg(DISTINCT m.entity_id ORDER BY m.entity_id) FROM archive_mention m
    WHERE m.article_id = a.id AND NOT m.rejected
), '{}') AS live
FROM archive_article a
"""


def stale_articles() -> list[tuple]:
    """(id, stored, live) of every article whose column differs from its live mentions."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({STALE}) x WHERE x.entity_ids IS DISTINCT FROM x.live")
        return cursor.fetchall()


def entity_ids(article: Article) -> list[int]:
    return Article.objects.values_list("entity_ids", flat=True).get(pk=article.pk)


def article_updates() -> int:
    """Rows of archive_article updated so far in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'archive_article'")
        row = cursor.fetchone()
        return row[0] if row else 0


def test_one_upload_gets_the_ids_of_its_mentions(seed_article):
    people = set(Mention.objects.filter(article=seed_article).values_list("entity_id", flat=True))
    assert len(people) >= 4  # the seed article names people, places and organisations
    assert entity_ids(seed_article) == sorted(people)
    assert stale_articles() == []


def test_a_batch_writes_the_ids_with_its_articles_and_needs_no_update():
    from archive.ingest.runner import store_entries

    upload = Upload.objects.create(origin="command")
    batch = prepared_batch(mixed_entries())
    before = article_updates()
    store_entries(upload, batch)
    assert Article.objects.exclude(entity_ids=[]).count() >= 10
    assert stale_articles() == []
    # The trigger after the mentions' COPY found every row already right.
    assert article_updates() == before


def test_rejecting_the_only_mention_of_an_entity_takes_it_off_and_undoing_puts_it_back(seed_article):
    counts = {}
    for entity_id in Mention.objects.filter(article=seed_article).values_list("entity_id", flat=True):
        counts[entity_id] = counts.get(entity_id, 0) + 1
    single = next(entity_id for entity_id, n in counts.items() if n == 1)
    several = next(entity_id for entity_id, n in counts.items() if n > 1)
    Mention.objects.filter(article=seed_article, entity_id=single).update(rejected=True)
    assert single not in entity_ids(seed_article)
    # One of several mentions rejected: the entity is still named in the article.
    first = Mention.objects.filter(article=seed_article, entity_id=several).order_by("start").first()
    Mention.objects.filter(pk=first.pk).update(rejected=True)
    assert several in entity_ids(seed_article)
    Mention.objects.filter(article=seed_article, entity_id=single).update(rejected=False)
    assert single in entity_ids(seed_article)
    assert stale_articles() == []


def test_a_mention_moved_to_another_entity_moves_the_id(seed_article):
    kazmi = Entity.objects.get(kind="person", name="مستەفا کازمی")
    other = Entity.objects.create(kind="person", name="کەسێکی تر", key="کسێکی تر")
    Mention.objects.filter(article=seed_article, entity=kazmi).update(entity=other)
    ids = entity_ids(seed_article)
    assert other.pk in ids and kazmi.pk not in ids
    assert stale_articles() == []


def test_deleting_an_entity_or_a_mention_takes_its_id_off(seed_article):
    kazmi = Entity.objects.get(kind="person", name="مستەفا کازمی")
    kazmi.delete()  # its mentions go with it
    assert kazmi.pk not in entity_ids(seed_article)
    mention = Mention.objects.filter(article=seed_article).order_by("start").first()
    Mention.objects.filter(article=seed_article, entity_id=mention.entity_id).delete()
    assert mention.entity_id not in entity_ids(seed_article)
    assert stale_articles() == []


def test_extraction_run_again_keeps_the_ids_true(seed_article):
    other = ingest_article(body="نێچیرڤان بارزانی، سەرۆکی هەرێمی کوردستان، گەیشتە بەغدا.").article
    Mention.objects.filter(article=seed_article).update(rejected=True)
    assert entity_ids(seed_article) == []
    call_command("extract", "--ids", str(seed_article.pk), str(other.pk), verbosity=0)
    assert entity_ids(seed_article) == []  # editors' rejections survive, so do their consequences
    assert entity_ids(other)
    assert stale_articles() == []


def test_the_check_itself_sees_a_wrong_row(seed_article):
    # Written past the triggers (they watch mentions, not articles): the helper above must notice.
    Article.objects.filter(pk=seed_article.pk).update(entity_ids=[])
    assert [row[0] for row in stale_articles()] == [seed_article.pk]
