"""The FakeKurdNews "real" CSV (../shared/data) imports whole: timestamps, four outlets, URLs."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from pathlib import Path

import pytest

from archive.ingest import Draft, read_upload

REPO = Path(__file__).resolve().parents[3]
CSV_PATH = REPO.parent / "shared" / "data" / "fakekurdnews" / "real-5000.csv"


@pytest.fixture(scope="module")
def drafts() -> list[Draft]:
    if not CSV_PATH.exists():
        pytest.skip(f"{CSV_PATH} is not present (the ../shared data folder is needed for this test)")
    results = list(read_upload("real-5000.csv", CSV_PATH.read_bytes()))
    assert all(isinstance(result, Draft) for result in results), [
        r for r in results if not isinstance(r, Draft)
    ][:3]
    return results  # type: ignore[return-value]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(CSV_PATH.read_text(encoding="utf-8"), newline="")))


def test_every_post_becomes_a_draft_with_its_timestamp(drafts, rows):
    assert len(drafts) == len(rows) == 5000
    assert all(draft.published for draft in drafts)
    assert [draft.extra["published_raw"] for draft in drafts] == [row["time"] for row in rows]
    assert drafts[0].published == rows[0]["time"].replace(" ", "T")
    assert min(draft.published for draft in drafts) >= "2020-02-03"
    assert max(draft.published for draft in drafts) < "2021-03-11"


def test_outlets_come_from_the_facebook_page_of_each_post(drafts):
    outlets = Counter(draft.source for draft in drafts)
    assert outlets == {"Kurdistan24": 1342, "NRT": 1308, "KNN": 1259, "Rudaw": 1090, None: 1}
    # The one unnamed post has a story.php URL carrying only a numeric page id.
    (unnamed,) = [draft for draft in drafts if draft.source is None]
    assert "story.php" in unnamed.url


def test_url_is_the_article_link_or_else_the_post_url(drafts, rows):
    for draft, row in zip(drafts, rows, strict=True):
        assert draft.url == (row["link"] or row["post_url"] or None)
        assert draft.body == row["text"].replace("\r\n", "\n").strip()
        assert draft.title
        assert len(draft.title) <= 120
        assert draft.format == "csv"


def test_rows_are_numbered_and_hashed_one_by_one(drafts):
    assert drafts[0].member == "real-5000.csv#row 2"
    assert drafts[-1].member == "real-5000.csv#row 5001"
    assert len({draft.original_sha256 for draft in drafts}) == 5000
    first_row = CSV_PATH.read_bytes().split(b"\n")[1].rstrip(b"\r")
    assert drafts[0].original_sha256 == hashlib.sha256(first_row).hexdigest()


def test_other_columns_are_kept_as_extra(drafts, rows):
    assert drafts[0].extra["likes"] == rows[0]["likes"]
    assert drafts[0].extra["comments"] == rows[0]["comments"]
