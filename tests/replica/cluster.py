"""A real PostgreSQL primary with streaming replicas on loopback, in a temporary folder (tests, benchmarks).

initdb → start the primary → `pg_basebackup -R` a replica → start it, on free ports, with sockets in the
same folder; `close()` stops every server and deletes the folder. As root the servers run as the
`postgres` system user (initdb refuses root). Nothing touches the system's own PostgreSQL server.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
PG_BIN_CANDIDATES = (os.environ.get("HAWAL_PG_BIN", ""), "/usr/lib/postgresql/15/bin")
DATABASE = "hawal_cluster"  # not "hawal": bench scripts refuse to write there


def pg_bin() -> Path | None:
    """The folder with initdb, pg_ctl and pg_basebackup, or None when PostgreSQL's binaries are missing."""
    for candidate in PG_BIN_CANDIDATES:
        if candidate and all(
            (Path(candidate) / tool).is_file() for tool in ("initdb", "pg_ctl", "pg_basebackup")
        ):
            return Path(candidate)
    found = shutil.which("pg_basebackup")
    return Path(found).parent if found and shutil.which("initdb") else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_as() -> dict[str, object]:
    """subprocess arguments that run a server tool as `postgres` when we are root."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@dataclass
class Server:
    bindir: Path
    datadir: Path
    port: int
    role: str  # "primary" or "replica"

    @property
    def log(self) -> Path:
        return self.datadir.parent / f"{self.datadir.name}.log"

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def tool(self, name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bindir / name), *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
            **_run_as(),
        )

    def start(self) -> None:
        self.tool("pg_ctl", "-D", str(self.datadir), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self.tool("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self.tool("pg_ctl", "-D", str(self.datadir), "status", check=False).returncode == 0

    def query(self, sql: str, params: tuple = (), database: str = DATABASE) -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def value(self, sql: str, params: tuple = (), database: str = DATABASE):
        return self.query(sql, params, database)[0][0]


@dataclass
class Cluster:
    bindir: Path
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="hawal-cluster-")))
    fast: bool = True  # no fsync: test data need not survive a power cut
    primary: Server | None = None
    replicas: list[Server] = field(default_factory=list)

    def settings(self, port: int) -> str:
        lines = [
            f"port = {port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.root}'",
            "max_connections = 100",
            "wal_level = replica",
            "max_wal_senders = 10",
            "hot_standby = on",
        ]
        if self.fast:
            lines += ["fsync = off", "full_page_writes = off", "synchronous_commit = off"]
        return "\n".join(lines) + "\n"

    def start_primary(self) -> Server:
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        server = Server(self.bindir, self.root / "primary", free_port(), "primary")
        server.tool(
            "initdb", "-D", str(server.datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        with (server.datadir / "postgresql.conf").open("a") as conf:
            conf.write(self.settings(server.port))
        server.start()
        server.query(f"CREATE DATABASE {DATABASE}", database="postgres")
        self.primary = server
        return server

    def add_replica(self) -> Server:
        assert self.primary is not None
        server = Server(self.bindir, self.root / f"replica{len(self.replicas) + 1}", free_port(), "replica")
        server.tool(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
            "-D", str(server.datadir), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        with (server.datadir / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {server.port}\n")
        server.start()
        self.replicas.append(server)
        self.wait_streaming(server)
        return server

    def wait_streaming(self, replica: Server, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if replica.value("SELECT status FROM pg_stat_wal_receiver") == "streaming":
                    return
            except (psycopg.Error, IndexError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"replica on port {replica.port} is not streaming; see {replica.log}")

    def wait_replayed(self, replica: Server, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        assert self.primary is not None
        target = self.primary.value("SELECT pg_current_wal_insert_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if replica.value("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)):
                return
            time.sleep(0.05)
        raise TimeoutError(f"replica on port {replica.port} did not catch up to {target}")

    def close(self) -> None:
        for server in [*self.replicas, *([self.primary] if self.primary else [])]:
            server.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def django_env(primary: Server, replicas: list[Server] = (), **extra: str) -> dict[str, str]:
    """Environment for a Django process (manage.py, gunicorn, a worker) on this cluster, test settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.replica.settings",
        "DATABASE_URL": primary.url(),
        "DATABASE_REPLICA_URLS": ",".join(r.url() for r in replicas),
        "SECRET_KEY": "test-only-not-secret",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(REPO),
    }
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout
