"""The pure-Python modules an import runs for every article, compiled with Cython when built for their source.

A worker process spends ≈ 4 ms of CPU preparing an article (analysis, extraction, vectors), almost all of
it in the interpreter. Cython compiles these modules as they are, unchanged, into C extension modules
that run the same code with the interpreter's dispatch taken out (BENCHMARKS.md, ingest: ≈ 9–12 % fewer
instructions an article). Directives keep Python's semantics: annotations are not C types.

A compiled module is named after its source's hash and lies beside it (``analyze.<sha256[:16]>.cpython-
313-x86_64-linux-gnu.so`` next to ``analyze.py``). Python's own import system never picks such a name up;
``CompiledFinder`` (installed by ``archive/__init__.py``) loads it only when the hash is that of the
source as it is now. So an edited ``.py`` runs as it is written until the next build: a stale build can
never shadow it. Without a build, without a C compiler, or with ``HAWAL_COMPILED=0`` in the environment,
every module is the plain Python source.

    .venv/bin/python -m archive.build_compiled           # make does this; rebuilds only what changed
    .venv/bin/python -m archive.build_compiled --status  # what runs compiled in a fresh process
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

# A worker's modules (archive.ingest.prepare and what it calls; no Django). archive.text.loose is left out:
# Cython 3.3.2 crashes compiling one of its generator expressions, and it is not on the hot path.
MODULES = (
    "archive.text.normalize",
    "archive.text.analyze",
    "archive.text.stem",
    "archive.text.suffixes",
    "archive.text.proclitics",
    "archive.text.lexicon",
    "archive.text.verbs",
    "archive.extract",
    "archive.extract.ner",
    "archive.extract.features",
    "archive.extract.names",
    "archive.extract.dates",
    "archive.extract.gazetteer",
    "archive.extract.decoder",
    "archive.search.document",
    "archive.ingest.prepare",
    "archive.ingest.neardup",
    "archive.ingest.titles",
    "archive.ingest.published",
)
DISABLED_BY = "HAWAL_COMPILED"  # "0" in the environment: plain Python everywhere
DIRECTIVES = {"language_level": 3, "annotation_typing": False, "binding": True}
REPO = Path(__file__).resolve().parents[1]
_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def source_path(module: str) -> Path:
    """``archive/extract/__init__.py`` for ``archive.extract``, ``archive/text/stem.py`` for ``archive.text.stem``."""
    path = REPO.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def compiled_path(source: Path) -> Path:
    """Where the build of this exact source lies (its name holds the source's SHA-256)."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    return source.with_name(f"{source.stem}.{digest}{_SUFFIX}")


class CompiledFinder(importlib.abc.MetaPathFinder):
    """Finds `modules` as the build of their current source when there is one, else as that source."""

    def __init__(self, modules: tuple[str, ...] = MODULES) -> None:
        self.modules = frozenset(modules)

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            return spec
        try:
            compiled = compiled_path(Path(spec.origin))
        except OSError:
            return spec
        if not compiled.is_file():
            return spec
        return importlib.util.spec_from_file_location(
            fullname,
            compiled,
            loader=importlib.machinery.ExtensionFileLoader(fullname, str(compiled)),
            submodule_search_locations=spec.submodule_search_locations,
        )


def install() -> None:
    """Put CompiledFinder first on ``sys.meta_path`` (once), unless HAWAL_COMPILED=0."""
    if os.environ.get(DISABLED_BY, "1") == "0":
        return
    if not any(isinstance(finder, CompiledFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, CompiledFinder())


def is_compiled(module: str) -> bool:
    """True when the imported module runs from its build (False when not imported or plain Python)."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(
        getattr(loaded, "__loader__", None), importlib.machinery.ExtensionFileLoader
    )


def stale() -> list[str]:
    """MODULES without a build of their current source."""
    return [m for m in MODULES if not compiled_path(source_path(m)).is_file()]
