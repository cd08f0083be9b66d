"""GET /api/search: the search page's query language, as JSON (same parser, same ranking, same snippets)."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.decorators import decorate_view

from archive.api.caching import Validators, public_read
from archive.api.params import clean_text
from archive.api.rows import article_summary, finite_or_none, month_key, page_info, snippet_out
from archive.api.schemas import MAX_QUERY_CHARS, ErrorOut, SearchOut, SearchParamsIn
from archive.api.throttle import FixedWindowThrottle
from archive.search.postgres import run_search

router = Router(tags=["search"])


@router.get(
    "",
    response={200: SearchOut, 304: None, 422: ErrorOut, 429: ErrorOut},
    throttle=FixedWindowThrottle("search"),
    summary="Search articles",
)
@decorate_view(public_read)
def search(request: HttpRequest, response: HttpResponse, params: Query[SearchParamsIn]):
    """Articles matching `q`, a page at a time, with a snippet whose `marks` are the matched words.

    Kurdish inflected and attached forms match: `هێرش` finds «هێرشەکەی», `person:كاظمي` finds articles
    about «مستەفا کازمی». Parts of the query that could not be used come back in `messages`.
    """
    validators = Validators.for_archive(request)
    if (cached := validators.not_modified(request)) is not None:
        return cached
    text = clean_text(params.q, MAX_QUERY_CHARS)
    results = run_search(
        text, sort=params.sort, page=params.page, per_page=params.per_page, with_facets=params.facets
    )
    validators.apply(response)
    body = {
        **page_info(results.page, results.per_page, results.total),
        "total_exact": results.total_exact,
        "query": text,
        "sort": results.sort,
        "hits": [
            {
                **article_summary(hit.article),
                "snippet": snippet_out(hit.snippet),
                "score": finite_or_none(hit.score),
            }
            for hit in results.hits
        ],
        "messages": [
            {"code": m.code, "level": level, "message": m.en, "message_ckb": m.ckb}
            for level, messages in (("error", results.query.errors), ("note", results.query.notes))
            for m in messages
        ],
        "suggestion": results.suggestion,
        "facets": None,
        "histogram": None,
    }
    if params.facets:
        facets = {
            kind: [asdict(value) for value in results.facets.get(kind, [])]
            for kind in ("person", "place", "org", "source", "year")
        }
        body["facets"] = {**facets, "sampled": results.facets_sampled}
        body["histogram"] = [
            {"month": month_key(month), "count": count} for month, count in results.histogram
        ]
    return body
