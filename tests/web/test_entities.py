"""Person, place and organisation pages, and the name indexes."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from archive import queries
from archive.extract import name_key
from archive.ingest.service import ingest_article
from archive.models import Article, Entity, EntityAlias, Mention

pytestmark = pytest.mark.django_db


def _kazmi() -> Entity:
    return Entity.objects.get(kind="person", name="مستەفا کازمی")


def _mentioning(entity: Entity):
    return Article.objects.filter(mentions__entity=entity, mentions__rejected=False).distinct()


def test_article_page_links_people_places_organisations_and_dates(client, seed_article):
    html = client.get(seed_article.get_absolute_url()).content.decode()
    kazmi = _kazmi()
    body = re.search(r'<div class="article-body" dir="auto">(.*?)</div>', html, re.S).group(1)
    assert (
        f'<a href="/entities/{kazmi.pk}/" class="entity person" title="مستەفا کازمی">مستەفا کازمی</a>' in body
    )
    assert '<a href="/dates/2021/11/25/" class="date" title="2021-11-25">٢٥ - ١١ - ٢٠٢١</a>' in body
    for mention in Mention.objects.filter(article=seed_article).select_related("entity"):
        assert f'href="/entities/{mention.entity_id}/"' in html
    assert "(ڕێکەوت لە دەقەکەوە خوێندراوەتەوە)" in html  # the published date was inferred from the text
    assert 'href="/dates/2021/11/29/"' in html


def test_related_articles_share_entities(client, paragraph_archive):
    first = paragraph_archive[0]
    html = client.get(first.get_absolute_url()).content.decode()
    related = re.search(r'<section aria-labelledby="related-heading">(.*?)</section>', html, re.S).group(1)
    expected = queries.related_articles(first)
    assert expected
    shared = set(Mention.objects.filter(article=first).values_list("entity_id", flat=True))
    for article in expected:
        assert f'href="{article.get_absolute_url()}"' in related
        assert shared & set(Mention.objects.filter(article=article).values_list("entity_id", flat=True))


def test_person_page_aliases_timeline_companions_and_articles(client, seed_article, paragraph_archive):
    ingest_article(
        body="مستەفا کازمی، سەرۆکوەزیرانی عێراق، سەردانی هەولێری کرد و لەگەڵ سەرۆکی هەرێم کۆبووەوە."
    )
    kazmi = _kazmi()
    # An editor's alias, so the test does not hang on which spellings the extractor links.
    full_name = "مستەفا عەبدولڵەتیف مشەتەت"
    EntityAlias.objects.create(
        entity=kazmi, kind="person", name=full_name, key=name_key(full_name), origin="editor"
    )
    html = client.get(kazmi.get_absolute_url()).content.decode()
    assert '<h1 dir="auto">مستەفا کازمی</h1>' in html
    aliases = re.search(r"بەم شێوانەش نووسراوە:(.*?)</p>", html, re.S).group(1)
    shown = re.findall(r'<span dir="auto" class="alias">([^<]+)</span>', aliases)
    expected = set(EntityAlias.objects.filter(entity=kazmi).values_list("name", flat=True)) - {kazmi.name}
    assert full_name in shown and set(shown) == expected
    months = {a.published.replace(day=1) for a in _mentioning(kazmi) if a.published}
    bars = re.findall(r'<a href="(/search/\?q=[^"]+)" aria-label="[^"]+">', html)
    assert len(bars) == len(months) >= 2
    q = parse_qs(urlsplit(unescape(bars[0])).query)["q"][0]
    assert re.fullmatch(r'person:"مستەفا کازمی" from:\d{4}-\d\d-01 to:\d{4}-\d\d-\d\d', q)
    companions = re.search(r'<aside class="co-occurring".*?</aside>', html, re.S).group(0)
    assert "موقتەدا سەدر" in companions and "عێراق" in companions
    listed = re.findall(r'<h3 class="article-title"><a href="(/articles/\d+/)"', html)
    dated = _mentioning(kazmi).filter(published__isnull=False).order_by("-published", "-id")
    assert listed == [a.get_absolute_url() for a in dated] and len(listed) >= 2
    # Undated articles have their own filter (so the dated list can come straight off the date index).
    undated = _mentioning(kazmi).filter(published__isnull=True)
    assert undated.exists()
    assert re.search(r'<a href="\?year=undated">بێ ڕێکەوت <span class="count">', html)
    undated_html = client.get(kazmi.get_absolute_url(), {"year": "undated"}).content.decode()
    listed_undated = re.findall(r'<h3 class="article-title"><a href="(/articles/\d+/)"', undated_html)
    assert listed_undated == [a.get_absolute_url() for a in undated.order_by("-id")]


def test_person_articles_filter_by_year(client, paragraph_archive):
    kazmi = _kazmi()
    html = client.get(kazmi.get_absolute_url(), {"year": "2022"}).content.decode()
    listed = re.findall(r'<h3 class="article-title"><a href="/articles/(\d+)/"', html)
    expected = [a.pk for a in _mentioning(kazmi) if a.published and a.published.year == 2022]
    assert sorted(map(int, listed)) == sorted(expected) and expected
    assert re.search(r'<a href="\?year=2022" aria-current="true">', html)
    # A year with nothing, or nonsense, shows every year.
    everything = client.get(kazmi.get_absolute_url(), {"year": "1890"}).content.decode()
    assert (
        everything.count('class="article-title"')
        == _mentioning(kazmi).filter(published__isnull=False).count()
    )


def test_merged_entity_redirects_to_the_survivor(client, paragraph_archive):
    kazmi = _kazmi()
    other = Entity.objects.create(kind="person", name="کاظمی", key="kazmi-merged-test", merged_into=kazmi)
    response = client.get(other.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == kazmi.get_absolute_url()


def test_people_index_lists_the_most_mentioned_first(client, paragraph_archive):
    html = client.get("/people/").content.decode()
    names = re.findall(r'<li><a class="entity person" href="/entities/\d+/" dir="auto">([^<]+)</a>', html)
    expected = list(
        Entity.objects.filter(kind="person", mention_count__gt=0, merged_into__isnull=True)
        .order_by("-mention_count", "name")
        .values_list("name", flat=True)
    )
    assert names == expected


@pytest.mark.parametrize("typed", ["كاظمي", "کازمی", "مصطفى الكاظمي", "مستەفا"])
def test_people_index_finds_a_name_in_arabic_or_kurdish_spelling(client, seed_article, typed):
    html = client.get("/people/", {"name": typed}).content.decode()
    assert f'href="/entities/{_kazmi().pk}/"' in html, typed
    assert EntityAlias.objects.filter(entity=_kazmi()).exists()


def test_places_index_does_not_list_people(client, seed_article):
    html = client.get("/places/", {"name": "کازمی"}).content.decode()
    assert "مستەفا کازمی" not in html
    assert "empty-state" in html
    assert "عێراق" in client.get("/places/").content.decode()
