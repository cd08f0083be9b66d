"""axe-core in the page: no serious or critical accessibility violations on the main pages.

axe-core (MPL-2.0) comes bundled in axe-playwright-python (MIT); nothing is vendored here.
"""

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/search/",
    "/search/?q=عێراق",
    "/search/?q=ئەمەنادۆزرێتەوە",
    "/people/",
    "/people/?name=كاظمي",
    "/dates/",
    "/dates/2021/",
    "/dates/2021/11/",
    "/dates/2021/11/25/",
    "/outlets/",
    "/outlets/rudaw/",
]


def _violations(tab, url: str) -> list[str]:
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright",
        reason="axe-playwright-python (bundles axe-core) is not installed",
    )
    tab.goto(url)
    results = axe_module.Axe().run(tab)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.append(f"{url}: {violation['id']} ({violation['impact']}) {violation['help']} {targets}")
    return found


def test_no_serious_or_critical_violations(archive_site, tab):
    problems = []
    for path in [*PAGES, archive_site.article, archive_site.person]:
        problems += _violations(tab, archive_site.url + path)
    tab.context.add_cookies([{"name": "django_language", "value": "en", "url": archive_site.url}])
    for path in ("/", "/search/?q=عێراق", archive_site.person):
        problems += _violations(tab, archive_site.url + path)
    assert problems == []
