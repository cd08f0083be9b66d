"""The Hawal JSON API: one NinjaAPI, a router per area, one error shape. Mounted at /api/ by config/urls.py.

    curl 'https://…/api/search?q=هێرشەکە&facets=true'
    curl 'https://…/api/entities?kind=person&q=كاظمي'
    curl -H 'Authorization: Bearer <token>' -H 'Content-Type: application/json' \
         -d '{"body": "…", "source": "Rudaw", "published": "2021-11-29"}' https://…/api/articles
"""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from archive.api import articles, dates, entities, errors, search


class HawalAPI(NinjaAPI):
    """A NinjaAPI whose unknown paths and wrong methods answer in the JSON error shape too (ninja and Django
    would send an HTML 404 page and an empty 405), and which answers HEAD wherever GET is allowed."""

    @property
    def urls(self):  # type: ignore[override]
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = self._json_405(pattern.callback)
        return (
            [*patterns, re_path(r"^.*$", csrf_exempt(self.unknown_path), name="unknown")],
            app_name,
            namespace,
        )

    def _json_405(self, view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            head = request.method == "HEAD"
            if head:  # HEAD is GET without the body (curl -I, link checkers, caches revalidating)
                request.method = "GET"
            response = view(request, *args, **kwargs)
            if head:
                response.content = b""
            if response.status_code != 405 or response.get("Content-Type", "").startswith("application/json"):
                return response
            answer = errors.error_response(self, request, errors.ApiError("method_not_allowed"))
            answer["Allow"] = response.get("Allow", "")
            return answer

        return wrapper

    def unknown_path(self, request: HttpRequest) -> HttpResponse:
        response = errors.error_response(self, request, errors.ApiError("not_found"))
        response["Access-Control-Allow-Origin"] = "*"
        return response


api = HawalAPI(
    title="Hawal API",
    version="1",
    description=(
        "Search and read a Sorani Kurdish news archive. Read endpoints are public, cacheable (ETag, "
        "Last-Modified) and open to any origin; adding articles needs a staff token. Every error has the "
        'shape `{"error": {"code", "message", "message_ckb", "details"}}`.'
    ),
    urls_namespace="api",
)
errors.install(api)
api.add_router("/search", search.router)
api.add_router("/articles", articles.router)
api.add_router("/entities", entities.router)
api.add_router("/dates", dates.router)

__all__ = ["api"]
