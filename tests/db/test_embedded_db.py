"""The embedded PostgreSQL: a SIGKILLed process must not keep the server alive forever, and the last
process to exit stops it. Real processes, real server, in a temporary data folder."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

HOLD = """
import sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from config import embedded_db
fields = embedded_db.start(Path({data!r}))
print(fields["HOST"], flush=True)
time.sleep(float(sys.argv[1]))
"""


def _postmaster_pid(data: Path) -> int | None:
    pid_file = data / "pg" / "postmaster.pid"
    if not pid_file.exists():
        return None
    return int(pid_file.read_text().split()[0])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0] != "Z"


def _hold(data: Path, seconds: float) -> subprocess.Popen:
    script = HOLD.format(repo=str(REPO), data=str(data))
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    with process.stdout:
        host = process.stdout.readline().strip()
    assert host, "the embedded server did not start"
    return process


@pytest.fixture
def data_dir(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    yield data
    pid = _postmaster_pid(data)
    if pid and _alive(pid):
        os.kill(pid, signal.SIGTERM)


@pytest.mark.slow
def test_sigkilled_handle_is_pruned_and_last_exit_stops_the_server(data_dir):
    killed = _hold(data_dir, 60)
    server_pid = _postmaster_pid(data_dir)
    assert server_pid and _alive(server_pid)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    handles = json.loads((data_dir / "pg" / ".handle_pids.json").read_text())
    assert killed.pid in handles  # the package cannot know it died

    survivor = _hold(data_dir, 0)
    survivor.wait(timeout=60)
    assert survivor.returncode == 0
    deadline = time.monotonic() + 20
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(server_pid), "the last process exited but the server kept running"
    assert json.loads((data_dir / "pg" / ".handle_pids.json").read_text()) == []


@pytest.mark.slow
def test_sigterm_stops_the_server_cleanly_and_two_processes_share_one_server(data_dir):
    first = _hold(data_dir, 60)
    second = _hold(data_dir, 60)
    server_pid = _postmaster_pid(data_dir)
    first.send_signal(signal.SIGTERM)
    first.wait(timeout=30)
    assert _alive(server_pid), "one process left; the other still uses the server"
    second.send_signal(signal.SIGTERM)
    second.wait(timeout=30)
    deadline = time.monotonic() + 20
    while _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(server_pid)


TERM_WHILE_STOPPING = """
import os, signal, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from config import embedded_db

_, server_class = embedded_db._import_package()
stop_server = server_class._cleanup


def cleanup(self):  # the package's exit handler, with a SIGTERM arriving as it starts
    os.kill(os.getpid(), signal.SIGTERM)
    print("ignored" if signal.getsignal(signal.SIGTERM) is signal.SIG_IGN else "handled", flush=True)
    stop_server(self)


server_class._cleanup = cleanup
signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))  # as Django's autoreloader sets it
embedded_db.start(Path({data!r}))
"""


@pytest.mark.slow
def test_a_sigterm_while_exiting_does_not_cut_the_server_stop_short(data_dir):
    """`make run`'s Ctrl-C: the worker exits on SIGINT and its trap's SIGTERM lands while the worker's
    exit handler stops the server. The server still stops, with no traceback."""
    script = TERM_WHILE_STOPPING.format(repo=str(REPO), data=str(data_dir))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ignored"]
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    server_pid = _postmaster_pid(data_dir)
    deadline = time.monotonic() + 20
    while server_pid and _alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not (server_pid and _alive(server_pid)), "the server kept running after its last user exited"
