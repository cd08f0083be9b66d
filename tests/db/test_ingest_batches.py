"""Bulk imports store a batch of prepared articles in one transaction (`runner.store_entries`): same
outcomes as one article at a time, a fixed number of queries per batch, and a bad article in the middle
of a batch costs the others nothing."""

import datetime
import logging
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.ingest import Draft, Refusal
from archive.ingest.rows import copy_rows
from archive.ingest.runner import flush_pending_lists, prepare_entry, store_entries, store_entry
from archive.models import Article, DateMention, Entity, EntityAlias, Mention, Source, Upload, UploadItem
from tests.conftest import SEED_TEXT

pytestmark = pytest.mark.django_db

SENTENCES = [
    s.strip() for s in re.split(r"(?<=[.،])\s+", SEED_TEXT.read_text(encoding="utf-8")) if len(s) > 40
]
ARABIC_KAZMI = "مصطفى الكاظمي، سەرۆکوەزیرانی پێشووی عێراق، گەیشتە هەولێر و لەگەڵ سەرۆکی هەرێم کۆبووەوە."


def draft(n: int, body: str, **fields) -> Draft:
    values = {"title": "", "published": None, "source": "Rudaw", "url": None, "format": "txt"}
    values.update(fields)
    return Draft(body=body, member=f"news/{n:03d}.txt", original_sha256=f"{n:064x}", **values)


def story(n: int, rng: random.Random) -> str:
    return f"ژمارە {n}: " + " ".join(rng.sample(SENTENCES, 4))


def mixed_entries() -> list[Draft | Refusal]:
    """Distinct stories, with repeats inside the batch: an exact copy (typed with Arabic letters), a
    re-publication with one word changed, an Arabic spelling of a name an earlier story spells in Kurdish,
    and two items that can't become articles."""
    rng = random.Random(3)
    bodies = [story(n, rng) for n in range(14)]
    entries: list[Draft | Refusal] = [draft(n, body) for n, body in enumerate(bodies)]
    entries.insert(5, draft(100, bodies[2].replace("ک", "ك").replace("ی", "ي"), published="2021-11-30"))
    edited = bodies[3].split(" ")
    edited[6] = "گۆڕدرا"
    entries.insert(9, draft(101, " ".join(edited) + " سەرچاوە: ئاژانسی هەواڵ."))
    entries.insert(11, draft(102, ARABIC_KAZMI, source="NRT", published="2021-12"))
    entries.insert(12, draft(103, "   "))
    entries.insert(
        13, Refusal(member="news/broken.txt", code="binary", message_en="Binary.", message_ckb="دوانەیی.")
    )
    return entries


def prepared_batch(entries) -> list:
    return [(entry.member, entry, prepared) for entry, prepared in map(prepare_entry, entries)]


def snapshot(upload: Upload) -> dict:
    """Everything an import decides, with database ids replaced by what they stand for."""
    member_of = dict(
        upload.items.filter(outcome__in=["imported", "near_dup"]).values_list("article_id", "member")
    )
    items = {
        item.member: (item.outcome, item.code, item.attempts, member_of.get(item.article_id), item.format)
        for item in upload.items.all()
    }
    articles = {
        member_of[a.pk]: (
            a.title,
            a.published,
            a.published_precision,
            a.published_inferred,
            a.source.name if a.source else None,
            member_of.get(a.near_duplicate_of_id),
            a.extraction_status,
            a.simhash,
            str(a.search_vector),
        )
        for a in Article.objects.select_related("source").filter(pk__in=member_of)
    }
    mentions = sorted(
        (member_of[m.article_id], m.start, m.end, m.surface, m.entity.kind, m.entity.key, m.published)
        for m in Mention.objects.select_related("entity")
    )
    entities = sorted(Entity.objects.values_list("kind", "key", "name", "mention_count"))
    aliases = sorted(EntityAlias.objects.values_list("kind", "key", "name", "entity__key", "origin"))
    dates = sorted(
        (member_of[article_id], start, value)
        for article_id, start, value in DateMention.objects.values_list("article_id", "start", "value")
    )
    return {
        "items": items,
        "articles": articles,
        "mentions": mentions,
        "entities": entities,
        "aliases": aliases,
        "dates": dates,
    }


def wipe() -> None:
    UploadItem.objects.all().delete()
    Upload.objects.all().delete()
    Article.objects.update(near_duplicate_of=None)
    Article.objects.all().delete()
    EntityAlias.objects.all().delete()
    Entity.objects.all().delete()


def test_a_batch_stores_exactly_what_one_article_at_a_time_stores(caplog):
    batch = prepared_batch(mixed_entries())
    upload = Upload.objects.create(origin="command")
    for member, entry, prepared in batch:
        item, _ = UploadItem.objects.get_or_create(upload=upload, member=member)
        store_entry(item, entry, prepared)
    one_by_one = snapshot(upload)
    wipe()

    upload = Upload.objects.create(origin="command")
    with caplog.at_level(logging.WARNING, logger="archive.ingest.runner"):
        store_entries(upload, batch)
    fallbacks = [r for r in caplog.records if r.name == "archive.ingest.runner"]
    assert not fallbacks, "the batch fell back to one transaction per article"
    batched = snapshot(upload)

    assert batched == one_by_one
    # And the cases inside the batch came out as they should.
    items = batched["items"]
    assert items["news/100.txt"][:2] == ("duplicate", "duplicate")
    assert items["news/100.txt"][3] == "news/002.txt"
    assert items["news/101.txt"][0] == "near_dup"
    assert batched["articles"]["news/101.txt"][5] == "news/003.txt"
    assert items["news/103.txt"][:2] == ("failed", "empty")
    assert items["news/broken.txt"][:2] == ("failed", "binary")
    assert batched["mentions"] and batched["dates"]
    assert {m[-1] for m in batched["mentions"] if m[0] == "news/102.txt"} == {datetime.date(2021, 12, 1)}


def test_an_arabic_spelling_links_to_the_kurdish_entity_stored_earlier_in_the_same_batch(seed_text):
    entries = [draft(1, seed_text), draft(2, ARABIC_KAZMI)]
    upload = Upload.objects.create(origin="command")
    store_entries(upload, prepared_batch(entries))
    kazmi = Entity.objects.get(kind="person", name="مستەفا کازمی")
    arabic = upload.items.get(member="news/002.txt").article
    assert Mention.objects.filter(article=arabic, entity=kazmi).exists()
    assert not Entity.objects.filter(kind="person", name__contains="الكاظمي").exists()


def test_a_batch_costs_a_few_queries_whatever_its_size():
    Source.objects.create(name="Rudaw", slug="rudaw")
    rng = random.Random(5)
    small = prepared_batch([draft(n, story(n, rng)) for n in range(6)])
    large = prepared_batch([draft(n, story(n, rng)) for n in range(100, 130)])
    upload = Upload.objects.create(origin="command")
    counts = []
    for batch in (small, large):
        with CaptureQueriesContext(connection) as queries:
            store_entries(upload, batch)
        counts.append(len(queries))
    assert upload.items.filter(outcome="imported").count() == 36
    # Only the optional inserts (new entities, new aliases) can differ between two batches.
    assert counts[1] <= counts[0] + 2 and counts[1] < 20, counts


def test_a_later_batch_updates_entity_counts_in_place_without_touching_an_index():
    """Migration 0014: no index holds mention_count and pages keep room, so a batch that mentions known
    entities again changes their counts by HOT updates (no new index entries, no dead copy left behind)."""
    rng = random.Random(9)
    upload = Upload.objects.create(origin="command")
    store_entries(upload, prepared_batch([draft(n, story(n, rng)) for n in range(8)]))
    before = dict(Entity.objects.values_list("pk", "mention_count"))

    def hot_and_all() -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_stat_get_xact_tuples_hot_updated(%s::regclass),"
                " pg_stat_get_xact_tuples_updated(%s::regclass)",
                ["archive_entity", "archive_entity"],
            )
            return cursor.fetchone()

    hot_before, updated_before = hot_and_all()
    store_entries(upload, prepared_batch([draft(n, story(n, rng)) for n in range(20, 28)]))
    hot, updated = (a - b for a, b in zip(hot_and_all(), (hot_before, updated_before), strict=True))
    grown = [
        pk for pk, count in Entity.objects.values_list("pk", "mention_count") if count > before.get(pk, 0)
    ]
    assert len(grown) >= 5 and updated >= len([pk for pk in grown if pk in before])
    assert updated > 0 and hot == updated, (hot, updated)


@pytest.fixture
def refuse_marked_articles():
    """A real PostgreSQL failure for one article: a trigger that refuses bodies containing a marker."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.body LIKE '%نیشانەی-هەڵە%' THEN
                    RAISE EXCEPTION 'refused by a test trigger';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_refuse_marked BEFORE INSERT ON archive_article
                FOR EACH ROW EXECUTE FUNCTION test_refuse_marked();
            """
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS test_refuse_marked ON archive_article;"
            " DROP FUNCTION IF EXISTS test_refuse_marked();"
        )


def test_a_bad_article_in_the_middle_of_a_batch_costs_the_others_nothing(refuse_marked_articles, caplog):
    rng = random.Random(9)
    bodies = [story(n, rng) for n in range(10)]
    bodies[5] += " نیشانەی-هەڵە"
    batch = prepared_batch([draft(n, body) for n, body in enumerate(bodies)])
    upload = Upload.objects.create(origin="command")
    with caplog.at_level(logging.WARNING, logger="archive.ingest.runner"):
        store_entries(upload, batch)
    assert "one per transaction" in caplog.text
    bad = upload.items.get(member="news/005.txt")
    assert (bad.outcome, bad.code, bad.article) == ("failed", "internal_error", None)
    assert bad.message and bad.message_ckb
    good = upload.items.exclude(pk=bad.pk)
    assert set(good.values_list("outcome", flat=True)) == {"imported"}
    assert Article.objects.count() == 9
    assert sorted(Article.objects.values_list("body", flat=True)) == sorted(bodies[:5] + bodies[6:])

    # The cause goes away; the same batch again stores only the failed one, and nothing twice.
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER test_refuse_marked ON archive_article")
    store_entries(upload, batch)
    bad.refresh_from_db()
    assert (bad.outcome, bad.attempts) == ("imported", 2)
    assert set(good.values_list("attempts", flat=True)) == {1}
    assert sorted(Article.objects.values_list("body", flat=True)) == sorted(bodies)


def test_rows_with_a_required_column_left_out_are_refused_before_any_write():
    with pytest.raises(ValueError, match="entity"):
        copy_rows(Mention, ("article_id", "start", "end", "surface"), [])


def test_a_spelling_recorded_for_one_article_links_the_next_article_of_the_same_batch():
    from archive.extract import Entity as Found
    from archive.extract import name_key
    from archive.ingest.entities import resolve_batch

    def person(name, *aliases):
        return Found(kind="person", name=name, key=name_key(name), aliases=(name, *aliases), mentions=())

    first = person("مستەفا کازمی", "ئەبو هەیسەم کازمی")
    second = person("ئەبو هەیسەم کازمی")  # another key, known only through the first article's alias
    lone = person("کازمی")  # a lone surname of a longer name never links across articles
    one, two, three = resolve_batch([[first], [second], [lone]])
    assert (
        two[("person", second.key)]
        == one[("person", first.key)]
        == ("مستەفا کازمی", two[("person", second.key)][1])
    )
    assert three[("person", lone.key)][1] != one[("person", first.key)][1]
    assert Entity.objects.count() == 2
    assert EntityAlias.objects.get(key=second.key).entity.name == "مستەفا کازمی"


def test_the_worker_pool_returns_every_entry_in_order_across_windows():
    from archive.ingest.runner import PreparePool

    rng = random.Random(11)
    count = PreparePool.WINDOW * PreparePool.DEPTH + 7  # more windows than are ever in flight, one partial
    entries = [draft(n, story(n, rng)) for n in range(count)]
    entries[3] = Refusal(
        member="news/broken.txt", code="binary", message_en="Binary.", message_ckb="دوانەیی."
    )
    with PreparePool(2) as pool:
        results = list(pool.prepared(iter(entries)))
        pool.close()
    assert [entry for entry, _ in results] == entries
    assert results[3][1] is None
    expected = [prepare_entry(entry)[1] for entry in entries[:10]]
    assert [prepared for _, prepared in results[:10]] == expected
    assert len({prepared.digest for _, prepared in results if prepared is not None}) == count - 1


def test_the_pool_starts_its_workers_at_once_warm_and_with_a_quiet_garbage_collector():
    import gc
    import multiprocessing

    from archive.ingest.prepare import WORKER_GC_THRESHOLD
    from archive.ingest.runner import PreparePool

    before = set(multiprocessing.active_children())
    with PreparePool(2) as pool:
        started = set(multiprocessing.active_children()) - before
        assert len(started) == 2  # before any entry was handed to it
        # Builtins pickle by name, so a worker can run them: what each worker's collector is set to.
        states = [pool.executor.submit(f).result() for f in (gc.get_threshold, gc.get_freeze_count) * 4]
    assert set(states[0::2]) == {WORKER_GC_THRESHOLD}
    assert min(states[1::2]) > 10_000  # the models and tables loaded by the warm-up, frozen


def test_a_growing_import_refreshes_the_statistics_of_what_it_looks_up(monkeypatch):
    from archive.ingest import statistics

    def analysed() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'archive_article' AND attname = 'content_hash'"
            )
            return cursor.fetchone()[0] == 1

    monkeypatch.setattr(statistics, "FIRST_AT", 6)
    calls = []
    monkeypatch.setattr(statistics, "analyze_looked_up_tables", lambda: calls.append(True))
    with connection.cursor() as cursor:  # never analysed: the planner knows nothing of its size
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'archive_article'::regclass")
        assert cursor.fetchone()[0] <= 0
    keeper = statistics.GrowthAnalyzer()
    assert [keeper.stored(n) for n in (2, 2, 2, 5)] == [False, False, True, False]
    assert len(calls) == 1 and keeper.since == 5 and keeper.base == 6  # then when 6 more are stored
    monkeypatch.undo()
    rng = random.Random(3)
    store_entries(
        Upload.objects.create(origin="command"), prepared_batch([draft(n, story(n, rng)) for n in range(8)])
    )
    statistics.analyze_looked_up_tables()
    assert analysed()  # the columns a batch looks up by, not the search vectors (seconds to compute)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'archive_article' AND attname = 'search_vector'"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'archive_article'::regclass")
        assert cursor.fetchone()[0] == 8


def test_a_bulk_batch_leaves_pending_index_entries_that_the_end_of_the_import_merges():
    upload = Upload.objects.create(origin="command")
    store_entries(upload, prepared_batch(mixed_entries()))
    assert flush_pending_lists() > 0  # the batch's rows wait in the GIN pending lists (fastupdate)
    assert flush_pending_lists() == 0  # merged: nothing left for a search to scan
    assert Article.objects.search("کازمی").exists()


def _settings(cursor) -> tuple[str, str]:
    cursor.execute("SELECT current_setting('gin_pending_list_limit'), current_setting('plan_cache_mode')")
    return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_a_bulk_batch_changes_its_settings_only_inside_its_own_transaction():
    with connection.cursor() as cursor:
        before = _settings(cursor)
    assert before != ("16MB", "force_generic_plan")
    seen = []

    def spy(execute, sql, params, many, context):
        if "FROM archive_article" in sql and not seen:
            with context["connection"].cursor() as inner:
                seen.append(_settings(inner))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        store_entries(Upload.objects.create(origin="command"), prepared_batch(mixed_entries()[:3]))
    with connection.cursor() as cursor:
        assert _settings(cursor) == before
    assert seen == [("16MB", "force_generic_plan")]
