"""A synthetic search corpus: real Sorani sentences from ../shared/data assembled into articles.

    .venv/bin/python bench/corpus.py --articles 100000 --database-url postgres://postgres@127.0.0.1:5432/hawal_bench

Every article is marked ``synthetic=true``. Sentences come from Interdialect (ckb), AgaCKNER (tokens rejoined),
SIB-200 (ckb_Arab) and FakeKurdNews posts, read at run time and never stored in the repository. Articles are
150–600 words, dated 2010 → today with more articles in recent years, spread over 12 invented outlets, and
carry people, places and organisations from the small name list below, inserted at known offsets so
Mention/Entity/EntityAlias rows are written without running the extractor.

The search vector is the product's own: ``tsvector_literal(document_fields(title, body, names))`` from
archive.search.document (the real analyzer), computed in worker processes; rows are loaded with COPY into
the product's tables (run the migrations first, or `sh bench/setup_bench_db.sh`). Secondary indexes are
dropped before the load and rebuilt after it; generation+load and index build are timed separately.
The database named hawal or test_hawal is never touched; the article, mention, entity, alias and outlet
tables of the bench database are emptied first.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import multiprocessing
import random
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, Queue
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data"
BATCH = 500
FIRST_YEAR = 2010
TODAY = datetime.date(2026, 11, 26)  # fixed, not date.today(): the same seed gives the same corpus

OUTLETS = (
    "هەواڵی ڕۆژ",
    "دەنگی کوردستان",
    "ئاسۆی نوێ",
    "پەیامنێر",
    "چاودێر",
    "ڕووبار",
    "هەواڵنێری سلێمانی",
    "کەناڵی شار",
    "ڕۆژنامەی خەبات",
    "دیدگا",
    "ئاگاداری",
    "پرشنگ",
)

# An invented name list (not the gazetteers): the bench needs known offsets, not extraction.
PEOPLE = (
    "ئازاد حەمە ئەمین",
    "بەختیار عەلی",
    "شیرین کەریم",
    "هێمن مەحموود",
    "ڕێبوار ئەحمەد",
    "نەسرین قادر",
    "دلشاد عوسمان",
    "سۆران جەلال",
    "ژیلا ڕەشید",
    "کاروان سەعید",
    "ئاری فەرەج",
    "گۆران مستەفا",
    "هاوژین عەبدوڵڵا",
    "پەخشان ئیسماعیل",
    "دانا حسێن",
    "سەروەر نوری",
    "ئاڵان شەریف",
    "چنار ئیبراهیم",
    "بێستون کامل",
    "ڕوناک حەسەن",
    "شوان ئەنوەر",
    "تریفە مەجید",
    "هەڤاڵ سابیر",
    "ڤیان عومەر",
    "زانا ڕەحیم",
    "نیگار تاهیر",
    "ئاکۆ فایەق",
    "بەهار لەتیف",
    "سیروان خالید",
    "کوێستان ئازاد",
)
PLACES = (
    "هەولێر",
    "سلێمانی",
    "دهۆک",
    "کەرکووک",
    "هەڵەبجە",
    "ڕانیە",
    "کۆیە",
    "زاخۆ",
    "خانەقین",
    "چەمچەماڵ",
    "سۆران",
    "قەڵادزێ",
    "دەربەندیخان",
    "شەقڵاوە",
    "ئامێدی",
    "بەغدا",
    "مووسڵ",
    "تاران",
    "ئەنقەرە",
    "دیمەشق",
)
ORGS = (
    "زانکۆی سلێمانی",
    "وەزارەتی تەندروستی",
    "ئەنجومەنی پارێزگا",
    "وەزارەتی پەروەردە",
    "بانکی کوردستان",
    "کۆمەڵەی ئەندازیاران",
    "سەندیکای ڕۆژنامەنووسان",
    "ڕێکخراوی تەندروستی جیهانی",
    "پەرلەمانی کوردستان",
    "وەزارەتی کشتوکاڵ",
    "دەستەی ژینگە",
    "زانکۆی سەلاحەدین",
)
# How each kind is put into a sentence; {name} is the mention, its offset is recorded.
LEADS = {
    "person": ("{name} ڕایگەیاند کە ", "بە گوتەی {name}، ", "{name} ئاماژەی بەوە کرد کە "),
    "place": ("لە {name}، ", "لە شاری {name} ", "بەپێی هەواڵەکانی {name}، "),
    "org": ("{name} ئاشکرای کرد کە ", "بەپێی ڕاپۆرتی {name}، ", "{name} ڕایگەیاند کە "),
}


@dataclass(frozen=True)
class EntityRow:
    id: int
    kind: str
    name: str


def entity_rows() -> list[EntityRow]:
    rows: list[EntityRow] = []
    for kind, names in (("person", PEOPLE), ("place", PLACES), ("org", ORGS)):
        rows.extend(EntityRow(len(rows) + 1, kind, name) for name in names)
    return rows


def _arabic_script(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters) > 0.8


def load_sentences() -> tuple[list[str], list[str]]:
    """(sentences, titles): every real sentence of four or more words, and short lines fit for titles."""
    lines: list[str] = []
    inter = DATA / "interdialect_ckb"
    for name in ("CKB-KMR_ckb_no_tag.txt", "CKB-ENG.CKB_no_tag.txt"):
        lines.extend((inter / name).read_text(encoding="utf-8").splitlines())
    for name in ("train.conll", "val.conll"):
        words: list[str] = []
        for row in (DATA / "agackner" / name).read_text(encoding="utf-8").splitlines():
            token = row.rsplit(" ", 1)[0].strip() if row.strip() else ""
            if not token:
                continue
            words.append(token)
            if token in {".", "؟", "!", "?"}:
                lines.append(" ".join(words))
                words = []
        if words:
            lines.append(" ".join(words))
    for split in ("train.tsv", "dev.tsv", "test.tsv"):
        with (DATA / "sib200_ckb" / "ckb_Arab" / split).open(encoding="utf-8", newline="") as handle:
            lines.extend(row["text"] for row in csv.DictReader(handle, delimiter="\t"))
    csv.field_size_limit(1 << 30)
    posts: list[str] = []
    with (DATA / "fakekurdnews" / "real-5000.csv").open(encoding="utf-8", newline="") as handle:
        posts.extend(" ".join(row["text"].split()) for row in csv.DictReader(handle))
    lines.extend(posts)
    sentences = sorted(
        {" ".join(line.split()) for line in lines if len(line.split()) >= 4 and _arabic_script(line)}
    )
    titles = sorted({p for p in posts if 4 <= len(p.split()) <= 16 and _arabic_script(p)})
    return sentences, titles


def _year_weights() -> tuple[list[int], list[float]]:
    years = list(range(FIRST_YEAR, TODAY.year + 1))
    # About 12 % more articles each year; the current year only counts its elapsed part.
    weights = [1.12 ** (y - FIRST_YEAR) for y in years]
    weights[-1] *= TODAY.timetuple().tm_yday / 365
    return years, weights


def copy_text(value: object) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# Worker state, set once per process by `_init_worker`.
_STATE: dict[str, object] = {}


def _init_worker(seed: int, source_ids: list[int]) -> None:
    from archive.search.document import INDEX_VERSION

    sentences, titles = load_sentences()
    entities = entity_rows()
    years, year_weights = _year_weights()
    _STATE.update(
        seed=seed,
        sentences=sentences,
        titles=titles,
        entities=entities,
        # Zipf-like popularity: a few names are everywhere, most are rare.
        entity_weights=[1 / (rank + 1) ** 1.1 for rank in range(len(entities))],
        sources=source_ids,
        source_weights=[1 / (rank + 1) ** 0.8 for rank in range(len(source_ids))],
        years=years,
        year_weights=year_weights,
        analyzer_version=INDEX_VERSION,
        now=datetime.datetime.now(datetime.UTC).isoformat(),
    )


def _date(rng: random.Random) -> datetime.date:
    year = rng.choices(_STATE["years"], _STATE["year_weights"])[0]
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), TODAY)
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


@dataclass(frozen=True)
class SyntheticArticle:
    id: int
    title: str
    body: str
    published: datetime.date
    source_id: int
    mentions: tuple[tuple[int, int, EntityRow], ...]  # (start, end, entity) in body


def make_article(article_id: int) -> SyntheticArticle:
    """The article `article_id` of the corpus seeded with `seed`: same inputs, same article."""
    rng = random.Random(_STATE["seed"] * 10_000_019 + article_id)
    sentences: list[str] = _STATE["sentences"]
    target_words = rng.randint(150, 600)
    chosen_entities = rng.choices(
        _STATE["entities"], _STATE["entity_weights"], k=rng.choice((0, 1, 2, 2, 3, 4))
    )
    parts: list[str] = []
    mentions: list[tuple[int, int, EntityRow]] = []
    offset = 0
    words = 0
    paragraph_words = 0
    pending = list(chosen_entities)
    while words < target_words:
        sentence = rng.choice(sentences)
        separator = "" if not parts else ("\n" if paragraph_words > rng.randint(40, 90) else " ")
        if separator == "\n":
            paragraph_words = 0
        prefix = ""
        if pending and rng.random() < 0.35:
            entity = pending.pop()
            lead = rng.choice(LEADS[entity.kind])
            prefix = lead.format(name=entity.name)
            start = offset + len(separator) + lead.index("{name}")
            mentions.append((start, start + len(entity.name), entity))
        piece = separator + prefix + sentence
        parts.append(piece)
        offset += len(piece)
        count = len(prefix.split()) + len(sentence.split())
        words += count
        paragraph_words += count
    for entity in pending:
        lead = rng.choice(LEADS[entity.kind])
        prefix = lead.format(name=entity.name)
        start = offset + 1 + lead.index("{name}")
        mentions.append((start, start + len(entity.name), entity))
        piece = " " + prefix + rng.choice(sentences)
        parts.append(piece)
        offset += len(piece)
    title_words = rng.choice(_STATE["titles"]).split()
    title = " ".join(title_words[: rng.randint(5, 14)])
    return SyntheticArticle(
        id=article_id,
        title=title[:500],
        body="".join(parts),
        published=_date(rng),
        source_id=rng.choices(_STATE["sources"], _STATE["source_weights"])[0],
        mentions=tuple(mentions),
    )


ARTICLE_COLUMNS = (
    "id",
    "title",
    "body",
    "url",
    "published",
    "published_precision",
    "published_inferred",
    "language",
    "content_hash",
    "original_sha256",
    "original_format",
    "synthetic",
    "created",
    "updated",
    "search_vector",
    "phrase_pairs",
    "analyzer_version",
    "extractor_version",
    "extraction_status",
    "extraction_error",
    "source_id",
    "entity_ids",
)
MENTION_COLUMNS = 'id, article_id, entity_id, start, "end", surface, rejected'


def generate_batch(first_id: int, count: int) -> tuple[bytes, bytes, int]:
    """COPY text for `count` articles from `first_id` and their mentions, plus the number of body words."""
    from archive.search.document import document_fields, document_vectors

    article_lines: list[str] = []
    mention_lines: list[str] = []
    words = 0
    now = _STATE["now"]
    for article_id in range(first_id, first_id + count):
        article = make_article(article_id)
        words += len(article.body.split())
        names = sorted({entity.name for _, _, entity in article.mentions})
        vector, pairs = document_vectors(document_fields(article.title, article.body, names))
        digest = hashlib.sha256(f"synthetic:{_STATE['seed']}:{article_id}".encode()).hexdigest()
        values = (
            article_id,
            article.title,
            article.body,
            "",
            article.published.isoformat(),
            "day",
            "f",
            "ckb",
            digest,
            "",
            "",
            "t",
            now,
            now,
            vector,
            pairs,
            _STATE["analyzer_version"],
            "",
            "done",
            "",
            article.source_id,
            "{" + ",".join(str(i) for i in sorted({entity.id for _, _, entity in article.mentions})) + "}",
        )
        article_lines.append("\t".join(copy_text(v) for v in values))
        for index, (start, end, entity) in enumerate(article.mentions):
            mention = (article_id * 10 + index, article_id, entity.id, start, end, entity.name, "f")
            mention_lines.append("\t".join(copy_text(v) for v in mention))
    article_bytes = ("\n".join(article_lines) + "\n").encode()
    mention_bytes = ("\n".join(mention_lines) + "\n").encode() if mention_lines else b""
    return article_bytes, mention_bytes, words


def _batch(args: tuple[int, int]) -> tuple[bytes, bytes, int]:
    return generate_batch(*args)


# ---------------------------------------------------------------------------------------------------
# Loading.


def check_database_url(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if name in {"hawal", "test_hawal", ""}:
        raise SystemExit(f"refusing to write synthetic articles into database {name!r}")
    return url


LOADED_TABLES = ("archive_article", "archive_mention")


def secondary_definitions(cursor) -> list[tuple[str, str, str, str]]:
    """(table, kind, name, SQL to recreate) for every unique key, foreign key and index of the loaded tables
    (primary keys stay: other tables' foreign keys depend on them)."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f') ORDER BY contype DESC",
        [list(LOADED_TABLES)],
    )
    found = []
    for table, name, contype, definition in cursor.fetchall():
        sql = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        if contype == "u":
            # Built as an index with the others, attached afterwards: ALTER TABLE's exclusive lock would
            # otherwise wait for every other index build.
            columns = definition.removeprefix("UNIQUE ")
            found.append((table, "unique-index", name, f'CREATE UNIQUE INDEX "{name}" ON {table} {columns}'))
            sql = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" UNIQUE USING INDEX "{name}"'
        found.append((table, f"constraint:{contype}", name, sql))
    cursor.execute(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN"
        " (SELECT conname FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s))",
        [list(LOADED_TABLES), list(LOADED_TABLES)],
    )
    found.extend((table, "index", name, definition) for table, name, definition in cursor.fetchall())
    return found


def drop_secondary(cursor) -> list[tuple[str, str, str, str]]:
    definitions = secondary_definitions(cursor)
    # Foreign keys first: they depend on the primary keys.
    for table, kind, name, _ in sorted(definitions, key=lambda d: d[1] != "constraint:f"):
        if kind == "unique-index":
            continue  # dropped with its constraint
        if kind.startswith("constraint"):
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT IF EXISTS "{name}"')
        else:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    return definitions


# The long index builds, longest first, as measured at 1M (stop 25: pair keys 547 s, RUM 325 s, RUM with
# dates 297 s, search GIN 230 s). Two connections take them longest first: 777 s where the order before
# (GIN indexes by name, then the rest) gave 844 s.
LONGEST_BUILDS = (
    "article_phrase_pairs",
    "article_search_rum",
    "article_search_rum_date",
    "article_search_gin",
)


def _build_order(sql: str) -> tuple[int, bool, bool, str]:
    """`CREATE INDEX name ON …`: the place of `name` in LONGEST_BUILDS (after them: GIN, then the rest)."""
    ranks = [rank for rank, name in enumerate(LONGEST_BUILDS) if f"INDEX {name} ON" in sql]
    return (ranks or [len(LONGEST_BUILDS)])[0], "gin" not in sql.lower(), "content_hash" not in sql, sql


def build_secondary(
    url: str, definitions: list[tuple[str, str, str, str]], workers: int = 2
) -> list[tuple[str, float]]:
    """Recreate constraints and indexes on `workers` connections; (statement, seconds) each."""
    import psycopg

    order = {"unique-index": 2, "index": 2, "constraint:u": 3, "constraint:f": 3}
    stages: dict[int, list[str]] = {}
    for _, kind, _, sql in definitions:
        stages.setdefault(order[kind], []).append(sql)
    timings: list[tuple[str, float]] = []
    lock = threading.Lock()
    for stage in sorted(stages):
        queue: Queue[str] = Queue()
        # Longest first (LONGEST_BUILDS, then other GIN indexes), so each connection takes the longest
        # build left when it is free and the short ones fill the gaps.
        for sql in sorted(stages[stage], key=_build_order):
            queue.put(sql)

        def work(queue: Queue[str] = queue) -> None:
            with psycopg.connect(url, autocommit=True) as connection:
                connection.execute("SET maintenance_work_mem = '1GB'")
                connection.execute("SET max_parallel_maintenance_workers = 1")
                while True:
                    try:
                        sql = queue.get_nowait()
                    except Empty:
                        return
                    started = time.perf_counter()
                    connection.execute(sql)
                    with lock:
                        timings.append((sql, time.perf_counter() - started))

        threads = [threading.Thread(target=work) for _ in range(min(workers, len(stages[stage])))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return timings


def write_reference_rows(cursor, source_names: tuple[str, ...]) -> list[int]:
    from archive import extract

    cursor.execute(
        "TRUNCATE archive_mention, archive_datemention, archive_article, archive_entityalias, archive_entity,"
        " archive_source RESTART IDENTITY CASCADE"
    )
    now = datetime.datetime.now(datetime.UTC)
    source_ids = []
    for index, name in enumerate(source_names, start=1):
        cursor.execute(
            "INSERT INTO archive_source (id, name, slug, site_url, created) VALUES (%s, %s, %s, '', %s)",
            [index, name, f"outlet-{index:02d}", now],
        )
        source_ids.append(index)
    for entity in entity_rows():
        key = extract.name_key(entity.name)
        cursor.execute(
            "INSERT INTO archive_entity (id, kind, name, key, edited, mention_count, created)"
            " VALUES (%s, %s, %s, %s, false, 0, %s)",
            [entity.id, entity.kind, entity.name, key, now],
        )
        cursor.execute(
            "INSERT INTO archive_entityalias (id, kind, name, key, origin, entity_id) VALUES (%s, %s, %s, %s, 'extracted', %s)",
            [entity.id, entity.kind, entity.name, key, entity.id],
        )
    return source_ids


TABLES = ("archive_article", "archive_mention", "archive_entity", "archive_entityalias", "archive_source")


def generate(connection, articles: int, seed: int, processes: int, report: dict[str, float]) -> None:
    """Analyse and COPY `articles` new articles (ids 1..articles) with their mentions."""
    cursor = connection.cursor()
    source_ids = write_reference_rows(cursor, OUTLETS)
    jobs = [(first, min(BATCH, articles - first + 1)) for first in range(1, articles + 1, BATCH)]
    started = time.perf_counter()
    words = 0
    done = 0
    with multiprocessing.get_context("fork").Pool(processes, _init_worker, (seed, source_ids)) as pool:
        with connection.transaction():
            with cursor.copy(f"COPY archive_article ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN") as copy:
                mention_chunks: list[bytes] = []
                for article_bytes, mention_bytes, batch_words in pool.imap(_batch, jobs, chunksize=1):
                    copy.write(article_bytes)
                    mention_chunks.append(mention_bytes)
                    words += batch_words
                    done += 1
                    if done % 100 == 0 or done == len(jobs):
                        elapsed = time.perf_counter() - started
                        loaded = min(done * BATCH, articles)
                        print(
                            f"  {loaded:>9,} articles  {elapsed:7.1f} s  {loaded / elapsed:6.0f}/s",
                            flush=True,
                        )
            with cursor.copy(f"COPY archive_mention ({MENTION_COLUMNS}) FROM STDIN") as copy:
                for chunk in mention_chunks:
                    copy.write(chunk)
    report["generate_and_load_s"] = time.perf_counter() - started
    report["body_words_per_article"] = words / articles


def replicate(connection, copies: int, seed: int, report: dict[str, float]) -> None:
    """Append copies 2..`copies` of the analysed articles with new ids, outlets and nearby dates.

    The copies keep each original's title, body and search vector (the real analyzer's output for that
    text), so a 1M table can be measured where analysing 1M articles would not fit the time; the term
    statistics are the analysed sample's, scaled.
    """
    started = time.perf_counter()
    n = connection.execute("SELECT max(id) FROM archive_article").fetchone()[0]
    columns = ", ".join(ARTICLE_COLUMNS)
    select = ", ".join(
        {
            "id": "a.id + k.k * %(n)s",
            "content_hash": "encode(sha256(('synthetic:' || %(seed)s || ':' || (a.id + k.k * %(n)s))::bytea), 'hex')",
            # A copy moves up to ±60 days, never before 2010 nor after today, and to another outlet.
            "published": "LEAST(GREATEST(a.published + ((a.id * 7919 + k.k * 104729) %% 121 - 60)::int,"
            " DATE '2010-01-01'), %(today)s::date)",
            "source_id": "(a.source_id - 1 + k.k) %% 12 + 1",
        }.get(column, f"a.{column}")
        for column in ARTICLE_COLUMNS
    )
    params = {"n": n, "seed": seed, "today": TODAY.isoformat()}
    for k in range(1, copies):
        connection.execute(
            f"INSERT INTO archive_article ({columns}) SELECT {select} FROM archive_article a,"
            f" (SELECT {k} AS k) k WHERE a.id <= %(n)s",
            params,
        )
        connection.execute(
            'INSERT INTO archive_mention (id, article_id, entity_id, start, "end", surface, rejected)'
            ' SELECT m.id + %(k)s * %(n)s * 10, m.article_id + %(k)s * %(n)s, m.entity_id, m.start, m."end",'
            " m.surface, m.rejected FROM archive_mention m WHERE m.article_id <= %(n)s",
            {**params, "k": k},
        )
        print(
            f"  copy {k + 1}/{copies}: {(k + 1) * n:,} articles  {time.perf_counter() - started:7.1f} s",
            flush=True,
        )
    report["replicate_s"] = time.perf_counter() - started


ENTITY_ID_TRIGGERS = ("mention_entity_ids_insert", "mention_entity_ids_update", "mention_entity_ids_delete")


def load(url: str, articles: int, seed: int, processes: int, copies: int, reuse: bool) -> dict[str, float]:
    import psycopg

    report: dict[str, float] = {}
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.cursor()
        definitions = drop_secondary(cursor)
        connection.execute("SET synchronous_commit = off")
        # The articles are written with their entity ids: the triggers that keep them (migration 0019)
        # would only recompute what is there, and rewrite every article the --reuse DELETE leaves empty.
        for trigger in ENTITY_ID_TRIGGERS:
            cursor.execute(f"ALTER TABLE archive_mention DISABLE TRIGGER {trigger}")
        if reuse:
            cursor.execute("DELETE FROM archive_mention WHERE article_id > %s", [articles])
            cursor.execute("DELETE FROM archive_article WHERE id > %s", [articles])
        else:
            generate(connection, articles, seed, processes, report)
        if copies > 1:
            replicate(connection, copies, seed, report)
        cursor.execute(
            "UPDATE archive_entity e SET mention_count = (SELECT count(*) FROM archive_mention m WHERE m.entity_id = e.id)"
        )
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT max(id) FROM {table}), 1))"
            )
        for trigger in ENTITY_ID_TRIGGERS:
            cursor.execute(f"ALTER TABLE archive_mention ENABLE TRIGGER {trigger}")
    started = time.perf_counter()
    timings = build_secondary(url, definitions)
    report["index_build_s"] = time.perf_counter() - started
    report["index_build_serial_s"] = sum(seconds for _, seconds in timings)
    for sql, seconds in sorted(timings, key=lambda t: -t[1]):
        print(f"  {seconds:7.1f} s  {sql}")
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        for table in TABLES:
            connection.execute(f"VACUUM (ANALYZE) {table}")
    report["vacuum_analyze_s"] = time.perf_counter() - started
    return report


def size_report(url: str) -> list[tuple[str, int]]:
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') AND (c.relname LIKE 'archive_article%'"
            " OR c.relname LIKE 'article_%' OR c.relname LIKE 'archive_mention%' OR c.relname LIKE 'mention_%')"
            " ORDER BY 2 DESC"
        ).fetchall()
        rows.append(
            (
                "archive_article (table without indexes)",
                connection.execute("SELECT pg_table_size('archive_article')").fetchone()[0],
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to analyse")
    parser.add_argument(
        "--copies", type=int, default=1, help="then repeat them this many times in all (see replicate)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the first --articles analysed rows already loaded (same seed)",
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    url = check_database_url(args.database_url)
    total = args.articles * args.copies
    print(
        f"{total:,} synthetic articles ({args.articles:,} analysed × {args.copies}) into {urlparse(url).path[1:]}"
    )
    report = load(url, args.articles, args.seed, args.processes, args.copies, args.reuse)
    if "generate_and_load_s" in report:
        seconds = report["generate_and_load_s"]
        print(
            f"generation+COPY: {seconds:.1f} s ({args.articles / seconds:.0f} articles/s,"
            f" {report['body_words_per_article']:.0f} body words/article)"
        )
    if "replicate_s" in report:
        print(f"replication: {report['replicate_s']:.1f} s")
    print(
        f"index build: {report['index_build_s']:.1f} s wall ({report['index_build_serial_s']:.1f} s summed)"
    )
    print(f"vacuum+analyze: {report['vacuum_analyze_s']:.1f} s")
    for name, size in size_report(url):
        print(f"  {size / 2**20:9.1f} MiB  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
