"""Atom feeds (Django's syndication framework): every search, every person/place/organisation, every outlet.

Each feed is the newest FEED_SIZE articles; one page of a feed is a fixed number of SQL queries.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from archive import queries
from archive.models import Article, Entity, Source
from archive.search.query import parse_query
from archive.search.snippets import make_snippet
from archive.search.tsquery import query_terms

FEED_SIZE = 50
MAX_QUERY_PARAM = 10_000
SUMMARY_CHARS = 400


FEED_DEFER = ("search_vector", "phrase_pairs", "extraction_error")


def _newest(articles) -> list[Article]:
    return list(articles.select_related("source").defer(*FEED_DEFER).published_order()[:FEED_SIZE])


def _as_datetime(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=timezone.get_current_timezone())


class ArticleFeed(Feed):
    """What every Hawal feed shares: Atom, articles as entries, a plain-text summary of each."""

    feed_type = Atom1Feed

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # Plain text: the syndication framework escapes it for the XML.
        snippet = make_snippet(item.body, getattr(item, "feed_terms", ()), window=SUMMARY_CHARS)
        return ("… " if snippet.clipped_start else "") + snippet.text + (" …" if snippet.clipped_end else "")

    def item_pubdate(self, item: Article) -> datetime.datetime | None:
        return _as_datetime(item.published) or item.created

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return item.updated

    def item_author_name(self, item: Article) -> str | None:
        return item.source.name if item.source else None

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()


class SearchFeed(ArticleFeed):
    """`/search/feed/?q=…`: the newest matches of a search, so any search can be followed."""

    def get_object(self, request: HttpRequest) -> str:
        return request.GET.get("q", "")[:MAX_QUERY_PARAM].strip()

    def title(self, obj: str) -> str:
        return _("Hawal search: %(query)s") % {"query": obj} if obj else _("Hawal: latest articles")

    def subtitle(self, obj: str) -> str:
        return _("The newest articles matching this search.")

    def link(self, obj: str) -> str:
        return reverse("archive:search") + ("?" + urlencode({"q": obj, "sort": "date"}) if obj else "")

    def feed_url(self, obj: str) -> str:
        return reverse("archive:search_feed") + ("?" + urlencode({"q": obj}) if obj else "")

    def items(self, obj: str):
        if not obj:
            return _newest(Article.objects.all())
        query = parse_query(obj)
        rows = list(
            Article.objects.search(query, sort="date").select_related("source").defer(*FEED_DEFER)[:FEED_SIZE]
        )
        # The feed object is shared by every request, so each item carries its own query's terms.
        terms = frozenset(query_terms(query))
        for row in rows:
            row.feed_terms = terms
        return rows


class EntityFeed(ArticleFeed):
    """`/entities/<pk>/feed/`: the newest articles mentioning a person, place or organisation."""

    def get_object(self, request: HttpRequest, pk: int) -> Entity:
        return queries.canonical_entity(
            get_object_or_404(Entity.objects.select_related("merged_into"), pk=pk)
        )

    def title(self, obj: Entity) -> str:
        return _("Hawal: %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Entity) -> str:
        return _("The newest articles that mention %(name)s.") % {"name": obj.name}

    def link(self, obj: Entity) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Entity):
        return _newest(Article.objects.filter(mentions__entity=obj, mentions__rejected=False).distinct())


class OutletFeed(ArticleFeed):
    """`/outlets/<slug>/feed/`: the newest articles of one outlet."""

    def get_object(self, request: HttpRequest, slug: str) -> Source:
        return get_object_or_404(Source, slug=slug)

    def title(self, obj: Source) -> str:
        return _("Hawal: %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Source) -> str:
        return _("The newest articles from %(name)s.") % {"name": obj.name}

    def link(self, obj: Source) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Source):
        return _newest(obj.articles.all())
