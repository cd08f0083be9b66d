"""Server-rendered pages. Thin: read through archive.queries and the search entry point, render templates.

Every page issues a fixed number of SQL queries whatever the size of the archive (pinned in
tests/web/test_query_counts.py).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archive import queries
from archive.charts import histogram_bars, month_bars, month_end, search_month_link
from archive.display import LinkSpan, linked_text_html
from archive.models import Article, Entity, EntityKind, Source
from archive.search import cache as search_cache
from archive.search.postgres import SORTS, run_search
from archive.search.query import parse_query
from archive.search.tsquery import query_terms
from archive.templatetags.hawal import reader_language, wants_latin_digits

PAGE_SIZE = 20
INDEX_PAGE_SIZE = 60
MAX_QUERY_PARAM = 10_000
MIN_YEAR, MAX_YEAR = 1, 9999
DIGITS_COOKIE_AGE = 365 * 24 * 3600

# URL segment ↔ entity kind (the person, place and organisation indexes).
KIND_SLUGS = {"people": EntityKind.PERSON, "places": EntityKind.PLACE, "organisations": EntityKind.ORG}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}
# The search filter each kind's timeline bars narrow with.
FILTER_OF_KIND = {EntityKind.PERSON: "person", EntityKind.PLACE: "place", EntityKind.ORG: "org"}


class KnownCountPaginator(Paginator):
    """A paginator told its total in advance (from counts the page has already fetched)."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def _page(request: HttpRequest, queryset, *, size: int = PAGE_SIZE, param: str = "page"):
    # A page number that is not a number, or past the end, falls back to a valid page instead of a 404/500.
    return Paginator(queryset, size).get_page(request.GET.get(param))


def _render(
    request: HttpRequest, template_name: str, context: dict, snapshot: str | object | None = search_cache.TAKE
) -> HttpResponse:
    """`render`, with the page's main content remembered until the database changes (base.html's
    {% remembered %}): a repeated page skips its list queries and most of its template work."""
    return render(request, template_name, {**context, "remember_as": _remember_as(request, snapshot)})


def _remember_as(request: HttpRequest, snapshot: str | object | None = search_cache.TAKE) -> tuple | None:
    """The database snapshot and everything else a page's content depends on — the path with its query,
    the language, the digits and today's date ("on this day") — or None outside the cache's reach."""
    snap = search_cache.snapshot() if snapshot is search_cache.TAKE else snapshot
    if snap is None:
        return None
    return snap, (
        request.get_full_path(),
        reader_language(),
        wants_latin_digits(request),
        timezone.localdate(),
    )


def _later[T](compute: Callable[[], T]) -> Callable[[], T]:
    """A context value the template computes when it first uses it, once (templates call callables), and
    never when the page's content is remembered."""
    return functools.cache(compute)


def _chart_options(request: HttpRequest) -> dict:
    return {"language": reader_language(), "latin_digits": wants_latin_digits(request)}


def _day(year: int, month: int, day: int = 1) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise Http404(_("There is no such date.")) from error


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("There is no such date."))
    return year


def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "page": _page(request, queries.article_list()),
        "today": today,
        "on_this_day": queries.on_this_day(today, limit=5),
        "top_people": list(queries.top_entities(EntityKind.PERSON)[:10]),
    }
    return _render(request, "archive/home.html", context)


# ---------------------------------------------------------------------------------------------------
# Search


def _search_params(request: HttpRequest) -> tuple[str, str]:
    text = request.GET.get("q", "")[:MAX_QUERY_PARAM]
    sort = request.GET.get("sort", "relevance")
    return text, sort if sort in SORTS else "relevance"


def search(request: HttpRequest) -> HttpResponse:
    """The search page: the URL is the whole state (q, sort, page)."""
    text, sort = _search_params(request)
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    snapshot = search_cache.snapshot()  # one read for the results and the page's content
    results = run_search(text, sort=sort, page=page, with_facets=True, snapshot=snapshot)
    keep = {"q": text, "sort": results.sort}
    context = {
        "q": text,
        "results": results,
        "query_string": urlencode(keep),
        "feed_query": urlencode({"q": text}),
        "sorts": [
            ("relevance", _("Most relevant")),
            ("date", _("Newest first")),
            ("date_asc", _("Oldest first")),
        ],
        # Callables are called by the template only when it renders them (not when the content is remembered).
        "histogram": _later(lambda: histogram_bars(results.histogram, text, **_chart_options(request))),
    }
    return _render(request, "archive/search.html", context, snapshot)


# ---------------------------------------------------------------------------------------------------
# Articles


def _mention_links(mentions, date_mentions) -> list[LinkSpan]:
    links = []
    for mention in mentions:
        entity = mention.entity.merged_into if mention.entity.merged_into_id else mention.entity
        links.append(
            LinkSpan(
                mention.start, mention.end, entity.get_absolute_url(), f"entity {entity.kind}", entity.name
            )
        )
    for date in date_mentions:
        if date.precision == "day":
            href = reverse("archive:day", args=(date.value.year, date.value.month, date.value.day))
        elif date.precision == "month":
            href = reverse("archive:month", args=(date.value.year, date.value.month))
        elif date.precision == "year":
            href = reverse("archive:year", args=(date.value.year,))
        else:
            continue
        links.append(LinkSpan(date.start, date.end, href, "date", date.value.isoformat()))
    return links


ARTICLE_DETAILS = ("body_html", "match_count", "people", "places", "orgs", "related")


def _article_details(article: Article, q: str) -> dict:
    """The linked and marked text, the entities by kind and related articles (four queries)."""
    mentions = queries.article_mentions(article)
    date_mentions = queries.article_date_mentions(article)
    marks: list[tuple[int, int]] = []
    if q:
        from archive.text import highlight

        terms = query_terms(parse_query(q))
        marks = sorted(highlight(article.body, terms)) if terms else []
    entities: dict[str, list[Entity]] = {kind: [] for kind in EntityKind.values}
    seen: set[int] = set()
    for mention in mentions:
        entity = mention.entity.merged_into if mention.entity.merged_into_id else mention.entity
        if entity.pk not in seen:
            seen.add(entity.pk)
            entities[entity.kind].append(entity)
    return {
        "body_html": linked_text_html(article.body, _mention_links(mentions, date_mentions), marks),
        "match_count": len(marks),
        "people": entities[EntityKind.PERSON],
        "places": entities[EntityKind.PLACE],
        "orgs": entities[EntityKind.ORG],
        "related": queries.related_articles(article),
    }


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source", "near_duplicate_of"), pk=pk)
    q = request.GET.get("q", "")[:MAX_QUERY_PARAM]
    details = _later(lambda: _article_details(article, q))
    context = {
        "article": article,
        "q": q,
        **{name: _later(lambda name=name: details()[name]) for name in ARTICLE_DETAILS},
    }
    return _render(request, "archive/article.html", context)


# ---------------------------------------------------------------------------------------------------
# People, places, organisations


def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(Entity.objects.select_related("merged_into"), pk=pk)
    survivor = queries.canonical_entity(entity)
    if survivor.pk != entity.pk:
        return redirect(survivor)
    profile = queries.entity_profile(entity)
    year = request.GET.get("year", "")
    undated = year == "undated" and profile.undated > 0
    year_value = int(year) if year.isdigit() and profile.year_count(int(year)) else None
    articles = queries.entity_articles(entity, year=year_value, undated=undated)
    filter_name = FILTER_OF_KIND[entity.kind]
    name = entity.name.replace('"', "")

    month_link = search_month_link(f'{filter_name}:"{name}"', path=reverse("archive:search"))
    # The profile already knows how many articles there are: the paginator needs no COUNT query.
    if undated:
        known_count = profile.undated
    elif year_value:
        known_count = profile.year_count(year_value)
    else:
        known_count = profile.article_count - profile.undated
    context = {
        "entity": entity,
        "kind_slug": SLUG_OF_KIND[entity.kind],
        "aliases": profile.aliases,
        "timeline": _later(
            lambda: month_bars(
                [(m.month, m.count) for m in profile.timeline], month_link, **_chart_options(request)
            )
        ),
        "co_occurring": profile.co_occurring,
        "years": profile.years,
        "year": year_value,
        "undated": undated,
        "undated_count": profile.undated,
        "article_count": profile.article_count,
        "page": KnownCountPaginator(articles, PAGE_SIZE, known_count).get_page(request.GET.get("page")),
        "search_query": urlencode({"q": f'{filter_name}:"{name}"', "sort": "date"}),
    }
    return _render(request, "archive/entity.html", context)


def entity_index(request: HttpRequest, kind_slug: str) -> HttpResponse:
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404(_("There is no such list."))
    name = request.GET.get("name", "").strip()[:300]
    entities = queries.find_entities(name, kind=kind) if name else queries.top_entities(kind)
    titles = {
        EntityKind.PERSON: _("People"),
        EntityKind.PLACE: _("Places"),
        EntityKind.ORG: _("Organisations"),
    }
    context = {
        "kind": kind,
        "kind_slug": kind_slug,
        "heading": titles[kind],
        "name": name,
        "page": _page(request, entities, size=INDEX_PAGE_SIZE),
        "query_string": urlencode({"name": name}) if name else "",
        "kinds": [(slug, titles[k]) for slug, k in KIND_SLUGS.items()],
    }
    return _render(request, "archive/entity_index.html", context)


# ---------------------------------------------------------------------------------------------------
# Dates


def dates_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "years": queries.year_counts(),
        "today": today,
        "on_this_day": queries.on_this_day(today, limit=20),
    }
    return _render(request, "archive/dates.html", context)


def dates_year(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    months = queries.month_counts(year)
    context = {
        "year": year,
        "months": months,
        "peak": max((m.count for m in months), default=0),
        "previous_year": year - 1 if year > MIN_YEAR else None,
        "next_year": year + 1 if year < MAX_YEAR else None,
    }
    return _render(request, "archive/dates_year.html", context)


def dates_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    first = _day(_year(year), month)
    previous = (first - datetime.timedelta(days=1)).replace(day=1) if first > datetime.date(1, 1, 1) else None
    following = month_end(first) + datetime.timedelta(days=1) if first.year < MAX_YEAR or month < 12 else None
    context = {
        "month": first,
        "weeks": queries.month_calendar(year, month),
        "weekdays": _weekday_names(),
        "previous": previous,
        "next": following,
    }
    return _render(request, "archive/dates_month.html", context)


def _weekday_names() -> list[tuple[str, str]]:
    """(short, full) weekday names from Saturday, the first day of the Kurdish week."""
    return [
        (_("Sat"), _("Saturday")),
        (_("Sun"), _("Sunday")),
        (_("Mon"), _("Monday")),
        (_("Tue"), _("Tuesday")),
        (_("Wed"), _("Wednesday")),
        (_("Thu"), _("Thursday")),
        (_("Fri"), _("Friday")),
    ]


def dates_day(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    date = _day(_year(year), month, day)
    context = {
        "day": date,
        "published": _later(lambda: _page(request, queries.articles_published_on(date))),
        "mentioning": _later(
            lambda: _page(request, queries.articles_mentioning_day(date), param="mentions_page")
        ),
        "on_this_day": _later(lambda: queries.on_this_day(date, limit=10)),
        "previous": date - datetime.timedelta(days=1) if date > datetime.date.min else None,
        "next": date + datetime.timedelta(days=1) if date < datetime.date.max else None,
    }
    return _render(request, "archive/dates_day.html", context)


# ---------------------------------------------------------------------------------------------------
# Outlets


def outlets_index(request: HttpRequest) -> HttpResponse:
    return _render(request, "archive/outlets.html", {"outlets": list(queries.outlets_with_counts())})


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    name = source.name.replace('"', "")
    month_link = search_month_link(f'source:"{name}"', path=reverse("archive:search"))
    context = {
        "source": source,
        "timeline": lambda: month_bars(
            [(m.month, m.count) for m in queries.outlet_timeline(source)],
            month_link,
            **_chart_options(request),
        ),
        "page": _page(request, queries.article_list(source.articles.all())),
    }
    return _render(request, "archive/source.html", context)


# ---------------------------------------------------------------------------------------------------
# Reader settings


@require_POST
def set_digits(request: HttpRequest) -> HttpResponse:
    """Remember whether the reader wants Latin (0–9) or Eastern Arabic (٠–٩) digits, then go back."""
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("digits") == "latin":
        response.set_cookie("digits", "latin", max_age=DIGITS_COOKIE_AGE, samesite="Lax")
    else:
        response.delete_cookie("digits", samesite="Lax")
    return response
