"""A fixed-window request counter per client IP, kept in Django's cache: enough to stop a runaway script.

The rate is read from ``settings.HAWAL_API_SEARCH_RATE`` on every request (so tests can change it with
``override_settings``): ``"120/min"``, ``"10/s"``, ``"1000/hour"``, ``"30/15"`` (30 per 15 seconds), or
``"off"``. Until the setting exists, the environment variable of the same name is read instead.

The counter lives in the default cache: per process with the local-memory cache, shared between workers
with Redis or Memcached. A window is the current multiple of the period (fixed window), so a client can
burst up to twice the rate across a window edge; that is fine for a courtesy limit.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

DEFAULT_SEARCH_RATE = "120/min"
_PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


@dataclass(frozen=True)
class Rate:
    """``Rate(120, 60)``: at most 120 requests in each 60-second window."""

    requests: int
    seconds: int


def parse_rate(text: str | None) -> Rate | None:
    """``parse_rate("120/min") == Rate(120, 60)``; ``"off"``, empty or malformed → None (no limit)."""
    if not text:
        return None
    count, _, period = str(text).strip().lower().partition("/")
    try:
        requests = int(count)
        seconds = int(period) if period.isdigit() else _PERIODS[period]
    except (KeyError, ValueError):
        return None
    if requests <= 0 or seconds <= 0:
        return None
    return Rate(requests, seconds)


def configured_rate(name: str = "HAWAL_API_SEARCH_RATE", default: str = DEFAULT_SEARCH_RATE) -> Rate | None:
    return parse_rate(getattr(settings, name, None) or os.environ.get(name) or default)


def client_ip(request: HttpRequest) -> str:
    """The client's address; X-Forwarded-For is only believed behind ``HAWAL_TRUSTED_PROXIES`` proxies."""
    proxies = int(getattr(settings, "HAWAL_TRUSTED_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))][:64]
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


class FixedWindowThrottle(BaseThrottle):
    """ninja throttle: ``@router.get("", throttle=FixedWindowThrottle("search"))``."""

    def __init__(
        self, scope: str, setting: str = "HAWAL_API_SEARCH_RATE", default: str = DEFAULT_SEARCH_RATE
    ) -> None:
        self.scope = scope
        self.setting = setting
        self.default = default

    def allow_request(self, request: HttpRequest) -> bool:
        rate = configured_rate(self.setting, self.default)
        if rate is None:
            return True
        now = time.time()
        window = int(now // rate.seconds)
        key = f"hawal-api-throttle:{self.scope}:{client_ip(request)}:{rate.seconds}:{window}"
        # add() creates the counter only if absent; incr() is atomic in every cache backend Django ships.
        cache.add(key, 0, timeout=rate.seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=rate.seconds + 1)
            count = 1
        if count <= rate.requests:
            return True
        request._hawal_retry_after = math.ceil((window + 1) * rate.seconds - now)  # type: ignore[attr-defined]
        return False

    def wait(self) -> float | None:
        # ninja asks for the wait after allow_request, without the request; the handler reads it per request.
        return None
