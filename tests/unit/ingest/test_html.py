"""HTML pages: the main text without menus, and the metadata the page declares."""

from __future__ import annotations

import hashlib

from .helpers import FIXTURES, only_draft, only_refusal


def test_news_page_gives_main_text_and_declared_metadata():
    data = (FIXTURES / "news-page.html").read_bytes()
    draft = only_draft("news-page.html", data)
    assert draft.title == "لێژنەی لێکۆڵینەوە یەکەم ڕاپۆرتی خۆی ئاشکرا دەکات"
    assert draft.published == "2021-11-29T08:30:00+03:00"  # as written in article:published_time
    assert draft.source == "هەواڵی نموونە"
    assert draft.url == "https://news.example/ckb/2021/11/29/report"
    assert draft.format == "html"
    assert draft.original_sha256 == hashlib.sha256(data).hexdigest()
    assert draft.body.startswith("بڕیارە کاژێر شەشی ئێوارەی ئەمڕۆ دووشەممە ٢٩ - ١١ - ٢٠٢١،")
    assert draft.body.endswith("ئەنجامی لێکۆڵینەوەکان لە رووداوەکە ئاشکرا دەکات.")
    for boilerplate in ("سەرەکی", "وەرزش", "هەموو مافەکان پارێزراون", "دەربارە"):
        assert boilerplate not in draft.body
    assert not draft.body.startswith(draft.title)  # the <h1> is the title, not the body's first line


def test_json_ld_gives_date_and_publisher_when_there_are_no_meta_tags():
    draft = only_draft("drones.html", (FIXTURES / "json-ld-page.html").read_bytes())
    assert draft.published == "2021-11-08T14:05:00+03:00"
    assert draft.source == "ماڵپەڕی نموونە"
    assert draft.url == "https://site.example/news/drones"
    assert draft.title == "درۆنەکان لە کوێوە هاتن؟"
    assert draft.body.startswith("ئەو هێرشەی لەرێگەی سێ درۆنەوە بوو")
    assert "سەرەکی" not in draft.body


def test_a_page_declaring_windows_1256_is_decoded_with_it():
    text = "خبر عاجل: انعقد المؤتمر الصحفي في بغداد لعرض نتائج التحقيق في الهجوم على منزل رئيس الوزراء. " * 3
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        f"<title>المؤتمر الصحفي</title></head><body><article><p>{text}</p></article></body></html>"
    )
    draft = only_draft("old-page.htm", page.encode("cp1256"))
    assert draft.extra["encoding"] == "cp1256"
    assert draft.title == "المؤتمر الصحفي"
    assert draft.body.startswith("خبر عاجل: انعقد المؤتمر الصحفي في بغداد")


def test_a_page_without_article_text_is_refused():
    refusal = only_refusal(
        "empty.html", b"<html><head><title>x</title></head><body><nav>a</nav></body></html>"
    )
    assert refusal.code == "empty"
    assert refusal.message_en == "No article text was found in this web page."
    assert refusal.message_ckb == "هیچ دەقێکی هەواڵ لەم پەڕە وێبە نەدۆزرایەوە."


def test_a_page_of_menu_links_only_is_refused():
    page = (
        '<html><body><header><ul><li><a href="/">سەرەکی</a></li><li><a href="/b">هەواڵ</a></li></ul>'
        "</header><footer>مافی چاپ</footer></body></html>"
    )
    assert only_refusal("menu.html", page.encode()).code == "empty"


def test_text_outside_paragraph_tags_is_still_found():
    sentence = "دەقێکی بێ تاگ دەربارەی کۆبوونەوەی بەغدا و هەولێر. "
    draft = only_draft("bare.html", f"<html><body>{sentence * 5}</body></html>".encode())
    assert draft.body.startswith(sentence.strip())
    assert draft.title == "دەقێکی بێ تاگ دەربارەی کۆبوونەوەی بەغدا و هەولێر"


def test_an_xhtml_page_with_an_xml_declaration_keeps_its_metadata():
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<title>سەردێڕ | ماڵپەڕ</title><meta property="og:site_name" content="ماڵپەڕ"/>'
        '<meta property="article:published_time" content="2020-01-02T10:00:00Z"/></head>'
        f"<body><article><p>{'دەقی هەواڵەکە لێرەدایە و درێژە. ' * 6}</p></article></body></html>"
    )
    draft = only_draft("page.xhtml", page.encode())
    assert (draft.published, draft.source) == ("2020-01-02T10:00:00Z", "ماڵپەڕ")
