"""Fixtures for page tests: the sample article split into dated paragraphs from two outlets."""

import datetime

import pytest

from archive.ingest.service import ingest_article

# One date per paragraph of the sample article: three months, two outlets, one undated.
PARAGRAPH_DATES = [
    datetime.date(2021, 11, 7),
    datetime.date(2021, 11, 25),
    datetime.date(2021, 11, 29),
    datetime.date(2022, 1, 15),
    datetime.date(2021, 12, 2),
    datetime.date(2022, 1, 16),
    datetime.date(2020, 11, 25),
    None,
]


def seed_paragraphs(seed_text: str) -> list[str]:
    return [p.strip() for p in seed_text.split("  ") if len(p.strip()) > 80]


@pytest.fixture
def paragraph_archive(db, seed_text):
    """Each paragraph of the sample article as an article of its own (entities and dates extracted)."""
    articles = []
    for index, paragraph in enumerate(seed_paragraphs(seed_text)):
        published = PARAGRAPH_DATES[index % len(PARAGRAPH_DATES)]
        result = ingest_article(
            body=paragraph,
            title=f"بەشی {index + 1}: " + paragraph[:60],
            source="Rudaw" if index % 2 == 0 else "Kurdistan24",
            published=published,
        )
        if result.article is not None:
            articles.append(result.article)
    return articles
