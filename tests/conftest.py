"""Shared fixtures: the sample article and a way to ingest it."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_TEXT = REPO / "archive" / "demo" / "seed-article.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture
def seed_article(db, seed_text):
    from archive.ingest.service import ingest_article

    return ingest_article(body=seed_text, source="Rudaw").article


def shared_path(*parts: str) -> Path:
    """A file under ../shared; the calling test is skipped with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (the ../shared data folder is needed for this test)")
    return path
