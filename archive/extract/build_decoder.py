"""Compile the tagger's C inner loop (``_decode.pyx``) next to its source: ``make`` runs this.

    .venv/bin/python archive/extract/build_decoder.py

Needs Cython and setuptools (requirements.txt) and a C compiler with the Python headers. Without them
the archive still works: ``archive.extract.decoder.available()`` is then False and crfsuite tags every
sentence itself, ≈ 0.6–0.9 ms of CPU an article slower (BENCHMARKS.md). Exits 1 with the reason when it
cannot build.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def main() -> int:
    try:
        from Cython.Build import cythonize
        from setuptools import Extension, setup
    except ImportError as missing:
        print(f"tagger decoder not built: {missing} (pip install -r requirements.txt)", file=sys.stderr)
        return 1
    os.chdir(REPO)
    extension = Extension(
        "archive.extract._decode", ["archive/extract/_decode.pyx"], extra_compile_args=["-O2"]
    )
    with tempfile.TemporaryDirectory() as build:
        try:
            setup(
                name="hawal-decoder",
                packages=[],
                py_modules=[],
                ext_modules=cythonize([extension], language_level=3, quiet=True, build_dir=build),
                script_args=["build_ext", "--inplace", "--build-temp", build, "--build-lib", build],
            )
        # Any failure is reported, never raised (setuptools exits on compiler errors): make goes on.
        except (Exception, SystemExit) as failed:  # noqa: BLE001
            print(f"tagger decoder not built: {failed}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
