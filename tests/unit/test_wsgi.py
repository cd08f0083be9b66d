"""The WSGI entry point loads the URLconf and freezes what startup made (config/wsgi.py), so the garbage
collector's full collections in a serving process no longer scan Django, the API and the search code."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, sys
import config.wsgi
print(gc.get_freeze_count(), "archive.api" in sys.modules, len(gc.get_objects()))
"""


def test_importing_the_application_freezes_the_startup_objects():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # parsed, never connected to: loading the application and the URLconf reads no database
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/never_opened",
        "SECRET_KEY": "test-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "localhost",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    frozen, api_loaded, still_tracked = done.stdout.split()
    assert api_loaded == "True"  # the URLconf (and with it the API and search code) was loaded first
    assert int(frozen) > 20_000  # Django, ninja, the archive's modules: tens of thousands of objects
    assert int(still_tracked) < int(frozen) // 10  # what the collector still scans is a small remainder
