"""Re-processing keeps editors' decisions and touches exactly the stale articles."""

import pytest
from django.core.management import call_command

from archive.models import Article, Entity, EntityAlias, Mention
from archive.search.document import INDEX_VERSION

pytestmark = pytest.mark.django_db


def test_reindex_rebuilds_exactly_the_stale_articles(seed_article):
    Article.objects.filter(pk=seed_article.pk).update(
        analyzer_version="old", search_vector=None, phrase_pairs=None
    )
    call_command("reindex", verbosity=0)
    article = Article.objects.get(pk=seed_article.pk)
    assert article.analyzer_version == INDEX_VERSION and article.search_vector and article.phrase_pairs
    assert Article.objects.search("کازمی").filter(pk=article.pk).exists()


def test_rejected_mention_stays_rejected_after_extraction_runs_again(seed_article):
    mention = Mention.objects.filter(article=seed_article, entity__kind="person").order_by("start").first()
    Mention.objects.filter(pk=mention.pk).update(rejected=True)
    call_command("extract", "--ids", str(seed_article.pk), verbosity=0)
    again = Mention.objects.filter(
        article=seed_article, start=mention.start, end=mention.end, entity=mention.entity
    )
    assert again.count() == 1 and again.get().rejected


def test_a_merge_by_an_editor_survives_extraction(seed_article):
    kazmi = Entity.objects.get(kind="person", name="مستەفا کازمی")
    duplicate = Entity.objects.create(kind="person", name="م. کازمی", key="م کازمی")
    # The editor merges the duplicate into the real entity and moves its aliases.
    EntityAlias.objects.filter(entity=kazmi).update(entity=duplicate)
    Entity.objects.filter(pk=kazmi.pk).update(merged_into=duplicate)
    call_command("extract", "--ids", str(seed_article.pk), verbosity=0)
    people = set(
        Mention.objects.filter(article=seed_article, entity__kind="person").values_list(
            "entity_id", flat=True
        )
    )
    assert duplicate.pk in people and kazmi.pk not in people


def test_an_arabic_spelling_links_to_the_kurdish_entity(seed_article):
    from archive.ingest.service import ingest_article

    kazmi = Entity.objects.get(kind="person", name="مستەفا کازمی")
    body = "مصطفى الكاظمي، سەرۆکوەزیرانی پێشووی عێراق، گەیشتە هەولێر و لەگەڵ سەرۆکی هەرێم کۆبووەوە."
    article = ingest_article(body=body).article
    linked = set(
        Mention.objects.filter(article=article, entity__kind="person").values_list("entity_id", flat=True)
    )
    assert kazmi.pk in linked


def test_an_editors_alias_decides_where_a_new_spelling_goes(seed_article):
    from archive.extract import Entity as Found
    from archive.extract import name_key
    from archive.ingest.service import resolve_entities

    kazmi = Entity.objects.get(kind="person", name="مستەفا کازمی")
    EntityAlias.objects.create(entity=kazmi, kind="person", name="مستەفا مشتەت", key=name_key("مستەفا مشتەت"))
    found = Found(
        kind="person",
        name="مستەفا مشتەت",
        key=name_key("مستەفا مشتەت"),
        aliases=("مستەفا مشتەت",),
        mentions=(),
    )
    assert resolve_entities([found]) == {("person", found.key): ("مستەفا کازمی", kazmi.pk)}


def test_a_lone_surname_does_not_link_across_articles_to_whoever_came_first(db):
    from archive.extract import Entity as Found
    from archive.extract import name_key
    from archive.ingest.service import resolve_entities

    def person(name, *aliases):
        return Found(kind="person", name=name, key=name_key(name), aliases=(name, *aliases), mentions=())

    nechirvan = person("نێچیرڤان بارزانی", "بارزانی")
    masrour = person("مەسرور بارزانی", "بارزانی")
    lone = person("بارزانی")
    first = resolve_entities([nechirvan])[("person", nechirvan.key)]
    second = resolve_entities([masrour])[("person", masrour.key)]
    third = resolve_entities([lone])[("person", lone.key)]
    assert len({first[1], second[1], third[1]}) == 3
    assert third[0] == "بارزانی"
