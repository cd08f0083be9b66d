"""Run Lucene's SoraniAnalyzer from Python for side-by-side numbers (benchmarks only, never the product).

``available()`` installs Debian's liblucene8-java with apt-get when Java is present and the jars are
missing (root only); everything returns None / False cleanly when Java or Lucene cannot be had.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

HARNESS = Path(__file__).with_name("SoraniTerms.java")
JAR_PATTERNS = ("/usr/share/java/lucene-core-*.jar", "/usr/share/java/lucene-analyzers-common-*.jar")


def _jars() -> list[str] | None:
    jars = [sorted(glob.glob(pattern))[-1] if glob.glob(pattern) else "" for pattern in JAR_PATTERNS]
    return jars if all(jars) else None


def available(install: bool = True) -> bool:
    """True when Java and Lucene's jars are there (installing the Debian package if allowed)."""
    if shutil.which("java") is None:
        return False
    if _jars() is None and install and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "liblucene8-java"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
            check=False,
        )
    return _jars() is not None


def _run(mode: str, data: str) -> str:
    jars = _jars()
    assert jars is not None
    result = subprocess.run(
        ["java", "-cp", ":".join(jars), str(HARNESS), mode],
        input=data.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def lucene_terms(lines: list[str]) -> list[list[tuple[str, int, int, int]]]:
    """For each input line (no newlines inside), Lucene's (term, position, start, end) tuples; the
    offsets index the line (UTF-16 units, equal to code points for Sorani text)."""
    out = _run("terms", "\n".join(line.replace("\n", " ") for line in lines) + "\n").split("\n")
    rows: list[list[tuple[str, int, int, int]]] = []
    for row in out[: len(lines)]:
        tokens = []
        for item in row.split(" ") if row else []:
            term, position, start, end = item.rsplit("@", 3)
            tokens.append((term, int(position), int(start), int(end)))
        rows.append(tokens)
    return rows


def lucene_seconds(text: str) -> list[float]:
    """Seconds Lucene took for each of three rounds over ``text`` (the first includes JIT warm-up)."""
    return [float(line.split("\t")[2]) for line in _run("speed", text).splitlines() if line]
