"""HTML pages: main text through trafilatura, metadata from the page's own meta tags and JSON-LD.

trafilatura (Apache-2.0) finds the article text and drops menus and footers. Publication date,
site name, title and canonical URL are read first from what the page declares
(``article:published_time``, JSON-LD ``datePublished``, ``og:site_name``...), keeping the value
as written, and only then from trafilatura's guesses.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree

from .decode import DecodeRefused, decode_text
from .drafts import Draft, Limits, Refusal, frozen_extra
from .messages import body_problem
from .titles import infer_title

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
)
_SITE_META = ("og:site_name", "application-name", "publisher")
_TITLE_META = ("og:title", "twitter:title", "headline")


def decode_html(data: bytes) -> tuple[str, str]:
    """Text of a page: a BOM wins, then a declared ``<meta charset>``, then decode_text's detection."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            encoding = _codec_name(declared.group(1).decode("ascii"))
            if encoding is not None:
                try:
                    return data.decode(encoding), encoding
                except UnicodeDecodeError:
                    pass  # the declaration is wrong; detect instead
    return decode_text(data)


def read_html(data: bytes, *, member: str, fmt: str, limits: Limits) -> Iterator[Draft | Refusal]:
    try:
        text, encoding = decode_html(data)
    except DecodeRefused as refused:
        yield refused.refusal(member)
        return
    tree = _parse(text)
    declared = _declared_metadata(tree) if tree is not None else {}
    found = _extract(text, tree)
    title = declared.get("title") or (found.get("title") or "")
    body = _body_without_title((found.get("text") or "").strip(), title)
    problem = body_problem(member, body, limits.max_body_chars, "no_main_text")
    if problem:
        yield problem
        return
    extra = {"encoding": encoding}
    for key in ("author", "description"):
        if found.get(key):
            extra[key] = str(found[key])
    yield Draft(
        title=" ".join(title.split()) or infer_title(body),
        body=body,
        published=declared.get("published") or found.get("date") or None,
        source=declared.get("source") or found.get("sitename") or None,
        url=declared.get("url") or found.get("url") or None,
        format=fmt,
        member=member,
        original_sha256=hashlib.sha256(data).hexdigest(),
        extra=frozen_extra(extra),
    )


def _extract(text: str, tree: etree._Element | None) -> dict:
    """trafilatura's main text and metadata; text made only of menu links does not count."""
    document = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    if document is None:
        return {}
    found = document.as_dict()
    # On a page without an article, trafilatura's fallback returns whatever text there is: the menu.
    if tree is not None and _only_navigation(found.get("text") or "", tree):
        found["text"] = ""
    return found


def _only_navigation(text: str, tree: etree._Element) -> bool:
    navigation_words: set[str] = set()
    for element in tree.iter("a", "nav", "header", "footer", "menu", "li", "button", "aside"):
        navigation_words.update(element.text_content().split())
    return set(text.split()) <= navigation_words


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _parse(text: str) -> etree._Element | None:
    try:
        # lxml refuses str input that carries an XML encoding declaration (XHTML pages).
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError):
        return None


def _declared_metadata(tree: etree._Element) -> dict[str, str]:
    """title, published, source and url as the page states them (meta tags first, then JSON-LD)."""
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        content = (element.get("content") or "").strip()
        if key and content and key not in meta:
            meta[key] = content
    linked = _json_ld(tree)
    published = next((meta[key] for key in _PUBLISHED_META if key in meta), "") or linked.get("published", "")
    if not published:
        published = next((t.get("datetime", "").strip() for t in tree.iter("time") if t.get("datetime")), "")
    canonical = next(
        (
            link.get("href", "")
            for link in tree.iter("link")
            if (link.get("rel") or "").lower() == "canonical"
        ),
        "",
    )
    values = {
        "title": next((meta[key] for key in _TITLE_META if key in meta), "") or linked.get("title", ""),
        "published": published,
        "source": next((meta[key] for key in _SITE_META if key in meta), "") or linked.get("source", ""),
        "url": canonical.strip() or meta.get("og:url", "") or linked.get("url", ""),
    }
    return {key: value for key, value in values.items() if value}


def _json_ld(tree: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            continue
        for item in _json_ld_items(data):
            _take(found, "published", item.get("datePublished"))
            _take(found, "title", item.get("headline"))
            _take(found, "url", item.get("url") if item.get("datePublished") else None)
            publisher = item.get("publisher")
            if isinstance(publisher, dict):
                _take(found, "source", publisher.get("name"))
    return found


def _json_ld_items(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _json_ld_items(data["@graph"])


def _take(found: dict[str, str], key: str, value: object) -> None:
    if key not in found and isinstance(value, str) and value.strip():
        found[key] = value.strip()


def _body_without_title(body: str, title: str) -> str:
    """trafilatura keeps the page's <h1> as the first line; the title is stored on its own."""
    first, _, rest = body.partition("\n")
    if title and " ".join(first.split()) == " ".join(title.split()) and rest.strip():
        return rest.strip()
    return body
