"""One JSON shape for every API error, with a machine code and a message in English and Sorani.

    {"error": {"code": "not_found", "message": "Not found.", "message_ckb": "نەدۆزرایەوە.", "details": null}}

Views raise :class:`ApiError`; ninja's own exceptions (validation, auth, throttling, 404) are mapped to the
same shape by :func:`install`, so a client only ever parses one kind of error body.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

# code -> (HTTP status, English, Sorani). One table so a Sorani reviewer can read every message at once.
MESSAGES: dict[str, tuple[int, str, str]] = {
    "bad_request": (400, "The request could not be read.", "داواکارییەکە نەخوێندرایەوە."),
    "unauthorized": (
        401,
        "A valid staff API token is required (Authorization: Bearer <token>).",
        "تۆکنێکی دروستی API ی ستاف پێویستە (Authorization: Bearer <token>).",
    ),
    "forbidden": (
        403,
        "The token's user is not an active staff member.",
        "خاوەنی ئەم تۆکنە ئەندامێکی چالاکی ستاف نییە.",
    ),
    "not_found": (404, "Not found.", "نەدۆزرایەوە."),
    "article_not_found": (404, "There is no article with this id.", "هیچ وتارێک بەم ناسنامەیە نییە."),
    "entity_not_found": (
        404,
        "There is no person, place or organisation with this id.",
        "هیچ کەس، شوێن یان ڕێکخراوێک بەم ناسنامەیە نییە.",
    ),
    "method_not_allowed": (405, "This method is not allowed here.", "ئەم شێوازە لێرە ڕێگەپێدراو نییە."),
    "too_large": (413, "The request body is too large.", "ناوەڕۆکی داواکارییەکە زۆر گەورەیە."),
    "validation_error": (
        422,
        "Some parameters are not valid; see details.",
        "هەندێک لە پارامیتەرەکان دروست نین؛ سەیری وردەکارییەکان بکە.",
    ),
    "rate_limited": (
        429,
        "Too many requests; try again in {seconds} seconds.",
        "داواکاری زۆرە؛ دوای {seconds} چرکە دووبارە هەوڵ بدەرەوە.",
    ),
    "server_error": (500, "Something went wrong on our side.", "هەڵەیەک لە لای ئێمە ڕوویدا."),
}


class ApiError(Exception):
    """An error a view wants the client to see: ``raise ApiError("article_not_found")``."""

    def __init__(self, code: str, details: Any = None, **values: object) -> None:
        status, english, sorani = MESSAGES[code]
        super().__init__(english.format(**values))
        self.code = code
        self.status = status
        self.message = english.format(**values)
        self.message_ckb = sorani.format(**values)
        self.details = details

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "message_ckb": self.message_ckb,
                "details": self.details,
            }
        }


def error_response(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    return api.create_response(request, error.body(), status=error.status)


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where and what, without echoing the input (it may be 10 kB of garbage or hold NUL bytes)."""
    return [
        {
            "loc": [str(part) for part in item.get("loc", ())],
            "type": str(item.get("type", "")),
            "msg": str(item.get("msg", "")),
        }
        for item in errors[:20]
    ]


def install(api: NinjaAPI) -> None:
    """Map every exception ninja or a view can raise to the one error shape."""

    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc)

    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(api, request, ApiError("validation_error", _validation_details(exc.errors)))

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, ApiError("not_found"))

    def authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(api, request, ApiError("unauthorized"))
        response["WWW-Authenticate"] = 'Bearer realm="hawal"'
        return response

    def authorization(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return error_response(api, request, ApiError("forbidden"))

    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        # The throttle leaves the wait on the request: ninja's throttle objects are shared between threads.
        wait = getattr(request, "_hawal_retry_after", None) or exc.wait or 1
        seconds = max(1, math.ceil(wait))
        response = error_response(
            api, request, ApiError("rate_limited", {"retry_after": seconds}, seconds=seconds)
        )
        response["Retry-After"] = str(seconds)
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own HttpErrors (e.g. an unreadable JSON body is a 400); keep the status, use our shape.
        code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "bad_request" if exc.status_code < 500 else "server_error"
        )
        error = ApiError(code)
        error.status = exc.status_code
        return error_response(api, request, error)

    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(api, request, ApiError("too_large"))

    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return error_response(api, request, ApiError("bad_request"))

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug must still answer in the one shape (and be logged with its traceback), never as an HTML page.
        logger.exception("API error on %s", request.path, exc_info=exc)
        return error_response(api, request, ApiError("server_error"))

    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, authentication)
    api.add_exception_handler(AuthorizationError, authorization)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(RequestDataTooBig, too_large)
    api.add_exception_handler(SuspiciousOperation, suspicious)
    api.add_exception_handler(Exception, unexpected)
