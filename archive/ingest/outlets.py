"""Which outlet published a post or article, from its URL: a Facebook page id or a site's domain."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Outlet:
    name: str
    facebook_pages: frozenset[str]  # page ids as in facebook.com/<page>/..., lower case
    domains: frozenset[str]


KNOWN_OUTLETS: tuple[Outlet, ...] = (
    Outlet("Kurdistan24", frozenset({"kurdistan24.official", "kurdistan24"}), frozenset({"kurdistan24.net"})),
    Outlet("NRT", frozenset({"naliatv", "nrttv", "nrt.tv"}), frozenset({"nrttv.com"})),
    Outlet("KNN", frozenset({"knn.krd"}), frozenset({"knnc.net"})),
    Outlet("Rudaw", frozenset({"rudaw.net", "rudawnet"}), frozenset({"rudaw.net"})),
)

_FACEBOOK_HOSTS = frozenset({"facebook.com", "m.facebook.com", "www.facebook.com", "web.facebook.com"})


def outlet_from_url(url: str | None) -> str | None:
    """The outlet's name for a post or article URL, or None when it is not a known outlet.

    >>> outlet_from_url("https://facebook.com/naliatv/videos/1198493963855700")
    'NRT'
    >>> outlet_from_url("https://www.rudaw.net/sorani/kurdistan/250220211")
    'Rudaw'
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host in _FACEBOOK_HOSTS:
        page = _facebook_page(parts.path, parts.query)
        return next((outlet.name for outlet in KNOWN_OUTLETS if page in outlet.facebook_pages), None)
    for outlet in KNOWN_OUTLETS:
        if any(host == domain or host.endswith("." + domain) for domain in outlet.domains):
            return outlet.name
    return None


def _facebook_page(path: str, query: str) -> str:
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return ""
    if segments[0] in {"story.php", "permalink.php"}:
        # These URLs name the page by a numeric id only, which says nothing without a lookup.
        return parse_qs(query).get("id", [""])[0].lower()
    return segments[0].lower()
