"""Playwright driving Debian's Chromium against pytest-django's live server.

Skipped with a reason when /usr/bin/chromium or the playwright package is missing. Never runs
`playwright install`: the system browser is used through `executable_path`.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.web.conftest import paragraph_archive  # noqa: F401 — the same data as the page tests

CHROMIUM = Path("/usr/bin/chromium")
# pytest-playwright (installed) deletes ./test-results at the start of every pytest session, so a run
# elsewhere in the same tree can wipe these; HAWAL_SCREENSHOTS moves them somewhere safe.
SCREENSHOTS = Path(
    os.environ.get("HAWAL_SCREENSHOTS")
    or Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Site:
    url: str
    person: str  # path of «مستەفا کازمی»'s page
    article: str  # path of the first paragraph's article


@pytest.fixture
def archive_site(live_server, transactional_db, seed_article, paragraph_archive):  # noqa: F811
    """The live server with the sample article and its paragraphs stored.

    Paths are looked up here, before the browser starts: Playwright's sync API runs an event loop, and
    Django refuses ORM calls from a thread with a running loop.
    """
    from archive.models import Entity

    person = Entity.objects.get(kind="person", name="مستەفا کازمی").get_absolute_url()
    return Site(live_server.url, person, paragraph_archive[0].get_absolute_url())


@pytest.fixture
def chromium(archive_site):
    """A fresh headless Chromium per test, stopped before the database is flushed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium) — browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    except Exception as error:  # noqa: BLE001 — a browser that cannot start is an environment problem
        playwright.stop()
        pytest.skip(f"Chromium at {CHROMIUM} did not start: {error}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def tab(chromium):
    """A desktop-sized page (named `tab`: pytest-playwright already owns the `page` fixture)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ckb")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, locale="ckb"
    )
    yield context.new_page()
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
