"""Lucene side of bench/search_bench.py: export the analysed terms, index them, time the same queries.

Benchmarks only, never the product. Needs Java and Debian's liblucene8-java (bench/setup_bench_db.sh
installs it); `available()` is False otherwise and the bench skips Lucene cleanly.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

HARNESS = Path(__file__).with_name("SearchBench.java")
JAR_PATTERNS = (
    "/usr/share/java/lucene-core-[0-9]*.jar",
    "/usr/share/java/lucene-analyzers-common-[0-9]*.jar",
)
LEXEME_RE = re.compile(r"'((?:[^']|'')*)'")


def _jars() -> list[str] | None:
    found = [sorted(glob.glob(pattern)) for pattern in JAR_PATTERNS]
    return [paths[-1] for paths in found] if all(found) else None


def available() -> bool:
    return shutil.which("java") is not None and shutil.which("javac") is not None and _jars() is not None


def _classpath(classes: Path) -> str:
    return ":".join([*(_jars() or []), str(classes)])


def compile_harness(out: Path) -> Path:
    classes = out / "lucene_classes"
    classes.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["javac", "-nowarn", "-cp", _classpath(classes), "-d", str(classes), str(HARNESS)],
        check=True,
        capture_output=True,
    )
    return classes


def export_documents(database_url: str, path: Path) -> int:
    """id, yyyymmdd, outlet, search_vector text, entity ids — one line per article, in id order."""
    import psycopg

    rows = 0
    with psycopg.connect(database_url) as connection, path.open("wb") as handle:
        with connection.cursor().copy(
            "COPY (SELECT a.id, to_char(a.published, 'YYYYMMDD'), a.source_id, a.search_vector::text,"
            " COALESCE((SELECT string_agg(DISTINCT m.entity_id::text, ' ') FROM archive_mention m"
            " WHERE m.article_id = a.id AND NOT m.rejected), '') FROM archive_article a ORDER BY a.id) TO STDOUT"
        ) as copy:
            for chunk in copy:
                handle.write(chunk)
                rows += bytes(chunk).count(b"\n")
    return rows


def query_line(query, entity_ids: dict[str, str]) -> str:
    """One QUERIES.tsv line for SearchBench.java from a bench query (see search_bench.BenchQuery)."""
    from archive.search.query import parse_query
    from archive.search.tsquery import to_tsquery

    parsed = parse_query(query.text)
    tsquery = to_tsquery(parsed.tree) if parsed.tree is not None else None
    if tsquery is None:
        op, words = "NONE", []
    else:
        words = [m.replace("''", "'") for m in LEXEME_RE.findall(tsquery)]
        op = "PHRASE" if "<->" in tsquery else "OR" if "|" in tsquery else "AND" if "&" in tsquery else "TERM"
    since = parsed.date_from.strftime("%Y%m%d") if parsed.date_from else ""
    until = parsed.date_to.strftime("%Y%m%d") if parsed.date_to else ""
    entities = " ".join(entity_ids[name] for name in parsed.people if name in entity_ids)
    return "\t".join(
        [
            query.kind,
            query.sort,
            op,
            " ".join(words),
            since,
            until,
            entities,
            "1" if query.with_facets else "0",
        ]
    )


def run(database_url: str, sets: dict, *, page: int, cold: bool, out: Path) -> dict[str, list[float]]:
    """Milliseconds per query, by query type (index built once per database and article count)."""
    import psycopg

    out.mkdir(parents=True, exist_ok=True)
    classes = compile_harness(out)
    name = urlparse(database_url).path.lstrip("/")
    with psycopg.connect(database_url) as connection:
        articles = connection.execute("SELECT count(*) FROM archive_article").fetchone()[0]
        entity_ids = {
            n: str(i) for i, n in connection.execute("SELECT id, name FROM archive_entity").fetchall()
        }
    index_dir = out / f"lucene_{name}"
    marker = index_dir / "bench_articles.txt"
    if not marker.exists() or marker.read_text().strip() != str(articles):
        docs = out / f"lucene_{name}_docs.tsv"
        exported = export_documents(database_url, docs)
        shutil.rmtree(index_dir, ignore_errors=True)
        index_dir.mkdir(parents=True)
        done = subprocess.run(
            ["java", "-Xmx4g", "-cp", _classpath(classes), "SearchBench", "index", str(docs), str(index_dir)],
            check=True,
            capture_output=True,
            text=True,
        )
        print(f"lucene: exported {exported:,} articles; {done.stdout.strip()}")
        marker.write_text(str(articles))
        docs.unlink()
    queries = out / "lucene_queries.tsv"
    queries.write_text(
        "\n".join(query_line(q, entity_ids) for kind in sets for q in sets[kind]) + "\n", encoding="utf-8"
    )
    done = subprocess.run(
        [
            "java",
            "-Xmx2g",
            "-cp",
            _classpath(classes),
            "SearchBench",
            "search",
            str(index_dir),
            str(queries),
            str(page),
            "cold" if cold else "warm",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    timings: dict[str, list[float]] = {}
    for line in done.stdout.splitlines():
        kind, ms, _ = line.split("\t")
        timings.setdefault(kind, []).append(float(ms))
    return timings
