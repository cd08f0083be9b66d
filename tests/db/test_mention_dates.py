"""Mentions carry their article's date (database triggers), so person + date searches read one index range."""

import datetime

import pytest

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
