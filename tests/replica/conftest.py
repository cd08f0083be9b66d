"""A real primary and streaming replica for the whole session (tests/replica/cluster.py)."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.replica.cluster import REPO, Cluster, django_env, free_port, manage, pg_bin


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    bindir = pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) not found; set HAWAL_PG_BIN")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a postgres system user to run the test servers as")
    cluster = Cluster(bindir)
    try:
        primary = cluster.start_primary()
        manage(django_env(primary), "migrate", "--no-input")
        cluster.add_replica()
        yield cluster
    finally:
        cluster.close()


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """The production command (config/gunicorn.conf.py) on a free port, for the block; yields its base URL."""
    port = free_port()
    env = {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", **env, "HAWAL_BIND": f"127.0.0.1:{port}"}
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            env=env,
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                        break
                except OSError:
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
