"""The worker's modules run from their Cython builds, only builds of their current source, and give exactly
what the plain Python source gives."""

from __future__ import annotations

import csv
import importlib
import importlib.machinery
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import compiled
from tests.conftest import REPO, SEED_TEXT, SHARED


def test_the_workers_modules_run_compiled_where_make_set_up_the_archive() -> None:
    assert compiled.stale() == [], "not compiled: run .venv/bin/python -m archive.build_compiled"
    for module in compiled.MODULES:
        importlib.import_module(module)
    assert [m for m in compiled.MODULES if not compiled.is_compiled(m)] == []
    assert sys.modules["archive.text.analyze"].__file__.endswith(importlib.machinery.EXTENSION_SUFFIXES[0])


def test_a_build_is_used_only_for_the_source_it_was_made_from(tmp_path: Path) -> None:
    package = tmp_path / "hawal_finder_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    source = package / "mod.py"
    source.write_text("VALUE = 1\n")
    finder = compiled.CompiledFinder(("hawal_finder_probe.mod",))
    path = [str(package)]

    # No build: the source.
    spec = finder.find_spec("hawal_finder_probe.mod", path)
    assert spec.origin == str(source) and not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)

    # A build of this source (its name holds the source's hash): the build, from its own file.
    build = compiled.compiled_path(source)
    assert build.parent == package and build.name.startswith("mod.") and build.name != "mod.py"
    build.write_bytes(b"")
    spec = finder.find_spec("hawal_finder_probe.mod", path)
    assert spec.origin == str(build) and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)

    # The source edited after the build: the source again, never the stale build.
    source.write_text("VALUE = 2\n")
    spec = finder.find_spec("hawal_finder_probe.mod", path)
    assert spec.origin == str(source) and not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)

    # Other modules are not the finder's business.
    assert finder.find_spec("hawal_finder_probe", [str(tmp_path)]) is None


def test_a_package_build_keeps_its_submodule_path() -> None:
    spec = compiled.CompiledFinder().find_spec("archive.extract", [str(REPO / "archive")])
    assert spec.submodule_search_locations == [str(REPO / "archive" / "extract")]


# Prepares articles and prints a digest of everything a worker hands over, and which modules ran compiled.
_DIGEST = """
import hashlib, json, pickle, sys
from archive import compiled
from archive.ingest.prepare import prepare_payload
texts = json.load(sys.stdin)
digest = hashlib.sha256()
for n, body in enumerate(texts):
    prepared = prepare_payload((body, "", "2021-11-29" if n % 2 else None))
    digest.update(repr(pickle.loads(pickle.dumps(prepared))).encode())
print(json.dumps({"digest": digest.hexdigest(), "compiled": [m for m in compiled.MODULES if compiled.is_compiled(m)]}))
"""


def _prepare_in_process(texts: list[str], compiled_modules: bool) -> dict:
    env = {**os.environ, compiled.DISABLED_BY: "1" if compiled_modules else "0", "PYTHONHASHSEED": "0"}
    run = subprocess.run(
        [sys.executable, "-c", _DIGEST],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=True,
    )
    return json.loads(run.stdout)


def _texts() -> list[str]:
    seed = SEED_TEXT.read_text(encoding="utf-8")
    texts = [
        seed,
        seed[:500],
        "",
        "   ",
        "ﻻ",
        "د. ئەحمەد لەبەغدا " * 50,
        "\x00" + seed[:200] + "\u200c\u200f",
    ]
    news = SHARED / "data" / "fakekurdnews" / "real-5000.csv"
    if news.exists():  # 2,000 real posts when ../shared is here; the seed article and edge cases always
        with open(news, encoding="utf-8") as posts:
            texts += [row["text"] for row in itertools.islice(csv.DictReader(posts), 2000)]
    return texts


def test_compiled_and_plain_python_prepare_articles_identically() -> None:
    if compiled.stale():
        pytest.skip("not compiled (run .venv/bin/python -m archive.build_compiled)")
    texts = _texts()
    plain = _prepare_in_process(texts, compiled_modules=False)
    built = _prepare_in_process(texts, compiled_modules=True)
    assert plain["compiled"] == [] and built["compiled"] == list(compiled.MODULES)
    assert built["digest"] == plain["digest"]


def test_runserver_restarts_when_a_compiled_modules_source_is_edited() -> None:
    from django.utils.autoreload import StatReloader, autoreload_started

    reloader = StatReloader()
    autoreload_started.send(sender=reloader)
    watched = set(reloader.watched_files(include_globs=False))
    assert {compiled.source_path(m) for m in compiled.MODULES} <= watched
    assert REPO / "archive" / "extract" / "__init__.py" in watched
