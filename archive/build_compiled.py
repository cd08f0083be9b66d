"""Compile ``archive.compiled.MODULES`` with Cython, each beside its source under its source's hash: make runs this.

    .venv/bin/python -m archive.build_compiled           # builds what has no build for its current source
    .venv/bin/python -m archive.build_compiled --status  # which modules a new process runs compiled

Needs Cython and setuptools (requirements.txt) and a C compiler with the Python headers; ≈ 50 s for all
of them on two cores, then only the edited ones. Without them the archive runs the same code as plain
Python, slower (BENCHMARKS.md, ingest). Exits 1 with the reason when it cannot build.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from archive.compiled import DIRECTIVES, MODULES, REPO, compiled_path, is_compiled, source_path, stale

# -Wno-array-bounds: GCC 12 warns inside Cython's own integer helpers (a false positive on Py_None).
COMPILE_ARGS = ["-O2", "-Wno-array-bounds"]


def build(modules: tuple[str, ...] = MODULES, *, jobs: int = 2) -> list[str]:
    """Compile the modules whose current source has no build yet, and remove their older builds.

    Returns the modules built. Raises ImportError without Cython or setuptools, and an Exception or
    SystemExit (setuptools' way) when compiling fails.
    """
    from Cython.Build import cythonize
    from setuptools import Extension, setup

    todo = [m for m in stale() if m in modules]
    if not todo:
        return []
    print(f"compiling {len(todo)} module(s) with Cython (about 3 s each on one core, once)", flush=True)
    with tempfile.TemporaryDirectory() as build_dir:
        extensions = [
            Extension(m, [str(source_path(m).relative_to(REPO))], extra_compile_args=COMPILE_ARGS)
            for m in todo
        ]
        cwd = os.getcwd()
        os.chdir(REPO)  # the sources' paths are relative, so the C files hold no machine-specific path
        try:
            setup(
                name="hawal-compiled",
                packages=[],
                py_modules=[],
                ext_modules=cythonize(
                    extensions, compiler_directives=DIRECTIVES, quiet=True, build_dir=build_dir, nthreads=jobs
                ),
                script_args=[
                    *("-q", "build_ext", "--build-temp", build_dir, "--build-lib", build_dir),
                    *("--parallel", str(jobs)),
                ],
            )
        finally:
            os.chdir(cwd)
        for module in todo:
            *package, name = module.split(".")
            built = next(Path(build_dir, *package).glob(f"{name}.*.so"))
            source = source_path(module)
            target = compiled_path(source)
            for old in source.parent.glob(f"{source.stem}.*.so"):
                if old.name.count(".") >= 3:  # a hashed build (stem.hash.abi.so), never _decode's
                    old.unlink()
            shutil.move(built, target)
    return todo


def main(argv: list[str]) -> int:
    if argv == ["--status"]:
        for module in MODULES:
            importlib.import_module(module)
            print(f"{module:28s} {'compiled' if is_compiled(module) else 'python'}")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        built = build()
    except ImportError as missing:
        print(f"modules not compiled: {missing} (pip install -r requirements.txt)", file=sys.stderr)
        return 1
    # Any failure is reported, never raised (setuptools exits on compiler errors): make goes on.
    except (Exception, SystemExit) as failed:  # noqa: BLE001
        print(f"modules not compiled: {failed}", file=sys.stderr)
        return 1
    if built:
        print(f"compiled {len(built)} module(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
