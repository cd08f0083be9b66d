"""What readers do, in a real browser: search by an inflected name, narrow, read, walk the calendar."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _query(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("q", [""])[0]


def test_search_a_person_by_an_inflected_form_then_follow_a_facet_and_the_histogram(archive_site, tab):
    tab.goto(archive_site.url + "/")
    screenshot(tab, "home")
    tab.get_by_role("searchbox", name="لە ئەرشیفدا بگەڕێ").fill("کازمییەکە")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"/search/\?q="))
    heading = tab.locator("#results-heading")
    assert re.search(r"[٠-٩]+ وتار", heading.inner_text())
    assert tab.locator(".snippet mark").first.inner_text().startswith("کازمی")
    screenshot(tab, "search-results")

    person = tab.locator(".facet-person a").first
    name = person.inner_text()
    person.click()
    tab.wait_for_load_state()
    assert _query(tab.url) == f'کازمییەکە person:"{name}"'
    assert tab.locator(".article-item").count() >= 1

    bar = tab.locator("figure.histogram svg a").first
    label = bar.get_attribute("aria-label")
    bar.click()
    tab.wait_for_load_state()
    assert re.search(r"from:\d{4}-\d\d-01 to:\d{4}-\d\d-\d\d$", _query(tab.url)), (label, unquote(tab.url))
    assert tab.locator(".article-item").count() >= 1


def test_open_an_article_then_a_person_page(archive_site, tab):
    tab.goto(archive_site.url + "/search/?q=" + "کازمی هێرش")
    tab.locator(".article-item h2 a").first.click()
    tab.wait_for_load_state()
    assert tab.locator(".article-body mark").count() >= 1
    screenshot(tab, "article")
    person = tab.locator(".article-body a.entity.person").first
    name = person.get_attribute("title")
    person.click()
    tab.wait_for_load_state()
    assert tab.locator("h1").inner_text() == name
    assert tab.locator("figure.timeline svg a").count() >= 1
    assert tab.locator(".co-occurring li").count() >= 1

    tab.goto(archive_site.url + archive_site.person)
    screenshot(tab, "person")
    tab.locator(".year-filter a", has_text="٢٠٢٢").click()
    tab.wait_for_load_state()
    assert "year=2022" in tab.url
    assert tab.locator(".article-title").count() >= 1


def test_walk_the_calendar_from_year_to_day(archive_site, tab):
    tab.goto(archive_site.url + "/dates/")
    screenshot(tab, "dates")
    tab.locator(".year-grid a", has_text="٢٠٢١").click()
    tab.locator(".month-grid a", has_text="تشرینی دووەم").click()
    tab.wait_for_url(re.compile(r"/dates/2021/11/$"))
    screenshot(tab, "calendar")
    tab.locator("td.has-articles a", has_text="٢٥").click()
    tab.wait_for_url(re.compile(r"/dates/2021/11/25/$"))
    assert tab.locator("#published-heading").is_visible()
    assert tab.locator("#mentioning-heading").is_visible()
    assert tab.locator("section[aria-labelledby=mentioning-heading] .article-item").count() >= 1
    screenshot(tab, "day")


def test_switch_language_and_digits(archive_site, tab):
    tab.goto(archive_site.url + "/dates/2021/11/")
    assert tab.locator("html").get_attribute("dir") == "rtl"
    tab.get_by_label("زمان").select_option("en")
    tab.get_by_role("button", name="گۆڕین").click()
    tab.wait_for_load_state()
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("html").get_attribute("dir") == "ltr"
    assert tab.locator("h1").inner_text() == "November 2021"
    screenshot(tab, "calendar-english")
    tab.get_by_label("Language").select_option("ckb")
    tab.get_by_role("button", name="Switch").click()
    tab.wait_for_load_state()
    tab.get_by_role("button", name=re.compile("ژمارەی لاتینی")).click()
    tab.wait_for_load_state()
    assert tab.locator("h1").inner_text() == "تشرینی دووەمی 2021"


def test_pages_fit_a_phone_screen(archive_site, phone):
    for path, name in [
        ("/search/?q=عێراق", "phone-search"),
        ("/dates/2021/11/", "phone-calendar"),
        ("/", "phone-home"),
    ]:
        phone.goto(archive_site.url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        screenshot(phone, name)


def test_keyboard_reaches_the_content_first(archive_site, tab):
    tab.goto(archive_site.url + "/")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"
