"""Search requests that were never asked before: the load benchmarks' "fresh" mix.

The fixed query lists in web_load.py and api_load.py repeat, so once the search cache (archive/search/
cache.py) has seen each of them, a run measures the cache. This mix measures the search itself: every
request is a query not sent before in the run, built from words of the archive's own titles (so most of
them match something), in the shapes people type: one word, two words, a word newest first, a word within
a year, two words joined by OR, a word without another; pages 1 to 3.
"""

from __future__ import annotations

import random
import threading

import regex

WORD = regex.compile(r"\p{Arabic}{3,}")


def title_words(database_url: str, titles: int = 5000) -> list[str]:
    """Distinct Arabic-script words of `titles` titles of the archive at `database_url`, picked by a hash
    of their id: the same words on every run over the same archive, so two runs (two versions of the
    code, one after the other) send the same searches."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT title FROM archive_article ORDER BY md5(id::text) LIMIT %s", (titles,))
        words = {word for (title,) in rows for word in WORD.findall(title)}
    return sorted(words)


class FreshQueries:
    """Thread-safe source of (query, sort, page) never returned twice."""

    def __init__(self, words: list[str], seed: int):
        if len(words) < 50:
            raise SystemExit(f"only {len(words)} title words in the archive: too few for a fresh query mix")
        self.words = words
        self.rng = random.Random(seed)
        self.seen: set[tuple[str, str, int]] = set()
        self.lock = threading.Lock()

    def _one(self) -> tuple[str, str, int]:
        rng, words = self.rng, self.words
        a, b = rng.sample(words, 2)
        shape = rng.randrange(6)
        if shape == 0:
            query, sort = a, "relevance"
        elif shape == 1:
            query, sort = f"{a} {b}", "relevance"
        elif shape == 2:
            query, sort = a, "date"
        elif shape == 3:
            query, sort = f"{a} date:{rng.randrange(2010, 2024)}", "relevance"
        elif shape == 4:
            query, sort = f"{a} OR {b}", "relevance"
        else:
            query, sort = f"{a} -{b}", "relevance"
        return query, sort, rng.choice((1, 1, 1, 2, 3))

    def next(self) -> tuple[str, str, int]:
        with self.lock:
            while True:
                request = self._one()
                if request not in self.seen:
                    self.seen.add(request)
                    return request
