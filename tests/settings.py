"""Settings for the test suite: production-like (DEBUG off), plain HTTP for the test client.

Environment variables still win (CI sets DATABASE_URL for the run against the system server).
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from config.settings import *  # noqa: F403

# Hashed static names need a manifest from collectstatic; tests use plain names.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user fixtures

# WhiteNoise serves from the app folders in tests (no collectstatic needed) and warns when STATIC_ROOT is
# missing, which warnings-as-errors would turn into failures.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="hawal-test-static-"))
