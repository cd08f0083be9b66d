"""Server-rendered pages. Thin: read through querysets, render templates."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from archive.charts import histogram_bars
from archive.models import Article, Entity, Source
from archive.search.postgres import run_search

PAGE_SIZE = 20
MAX_QUERY_PARAM = 10_000


def _page(request: HttpRequest, queryset):
    # A page number that is not a number, or past the end, falls back to a valid page instead of a 404/500.
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.select_related("source").published_order().defer("body", "search_vector")
    return render(request, "archive/home.html", {"page": _page(request, articles)})


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    return render(request, "archive/article.html", {"article": article})


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    articles = source.articles.published_order().defer("body", "search_vector")
    return render(request, "archive/source.html", {"source": source, "page": _page(request, articles)})


def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(Entity, pk=pk)
    articles = (
        Article.objects.filter(mentions__entity=entity, mentions__rejected=False)
        .distinct()
        .select_related("source")
        .published_order()
        .defer("body", "search_vector")
    )
    return render(request, "archive/entity.html", {"entity": entity, "page": _page(request, articles)})


def search(request: HttpRequest) -> HttpResponse:
    """The search page: the URL is the whole state (q, sort, page)."""
    text = request.GET.get("q", "")[:MAX_QUERY_PARAM]
    sort = request.GET.get("sort", "relevance")
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    results = run_search(text, sort=sort, page=page, with_facets=True)
    keep = {"q": text, "sort": results.sort}
    context = {
        "q": text,
        "results": results,
        "query_string": urlencode(keep),
        "histogram": histogram_bars(results.histogram, text),
    }
    return render(request, "archive/search.html", context)
