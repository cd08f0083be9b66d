"""Hawal settings, read from the environment.

DATABASE_URL  unset → the embedded PostgreSQL in .data/ (see config/embedded_db.py); set → that server.
SECRET_KEY    required when DEBUG is off; a throwaway key is generated for development only.
DEBUG         "1"/"true" turns on development conveniences (default off: safe for production).
ALLOWED_HOSTS comma-separated; defaults to localhost names when DEBUG is on, nothing otherwise.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.database_url import parse_database_url
from config.replicas import replica_databases

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("HAWAL_DATA_DIR", BASE_DIR / ".data"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "dev-only-" + secrets.token_urlsafe(32)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "ninja",  # serves the API docs' assets locally instead of from a CDN
    "django_tasks_db",
    "archive",
]

# Background work (uploads, re-processing): a database-backed queue, so workers need nothing but the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Parallel ingest (archive/tasks.py): tasks that share one upload (run as many workers), how long a RUNNING
# task without a live worker waits before `manage.py worker` requeues it, and how many dead workers it may cost.
HAWAL_TASKS_PER_UPLOAD = int(os.environ.get("HAWAL_TASKS_PER_UPLOAD", "2"))
HAWAL_TASK_REQUEUE_AFTER = float(os.environ.get("HAWAL_TASK_REQUEUE_AFTER", "60"))
HAWAL_TASK_MAX_ATTEMPTS = int(os.environ.get("HAWAL_TASK_MAX_ATTEMPTS", "3"))

# Upload limits (bytes); Django's own request limit must admit the largest upload.
HAWAL_MAX_FILE_BYTES = int(os.environ.get("HAWAL_MAX_FILE_BYTES", 20 * 1024 * 1024))
HAWAL_MAX_UPLOAD_BYTES = int(os.environ.get("HAWAL_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

# JSON API: search requests per client IP ("120/min", "off"); how many proxies in front of the app set
# X-Forwarded-For (1 behind nginx — otherwise every client shares the proxy's address and its limit).
HAWAL_API_SEARCH_RATE = os.environ.get("HAWAL_API_SEARCH_RATE", "120/min")
HAWAL_TRUSTED_PROXIES = int(os.environ.get("HAWAL_TRUSTED_PROXIES", "0"))
HAWAL_API_TOKEN_MAX_AGE = int(os.environ.get("HAWAL_API_TOKEN_MAX_AGE", str(90 * 24 * 3600)))
# "auto": search uses the RUM indexes when the database has them (archive/search/rum.py); "off": GIN only.
HAWAL_SEARCH_RUM = os.environ.get("HAWAL_SEARCH_RUM", "auto")
# Search pages and facets are remembered per database snapshot, so never after a change (archive/search/
# cache.py); this many seconds at most, 0 = off. Each process keeps its own (CACHES below; point CACHES at
# a shared backend such as Redis to share them between processes and machines).
HAWAL_SEARCH_CACHE_SECONDS = int(os.environ.get("HAWAL_SEARCH_CACHE_SECONDS", "300"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("HAWAL_CACHE_ENTRIES", "2000"))},
    }
}

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",  # /healthz, /readyz: before host checks and the HTTPS redirect
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "archive.middleware.KurdishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.replicas.ReplicaRoutingMiddleware",  # removes itself without DATABASE_REPLICA_URLS
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    _database = parse_database_url(os.environ["DATABASE_URL"])
else:
    from config import embedded_db

    _database = embedded_db.start(DATA_DIR)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        **_database,
    }
}
# Memory per sort or bitmap. Search intersects bitmaps of the text index and the date index; past
# work_mem a bitmap turns lossy and PostgreSQL re-checks every article on the pages it covers (a second
# at 1M articles with the default 4MB). 32MB keeps them exact to several million articles.
_work_mem = os.environ.get("HAWAL_WORK_MEM", "32MB")
# JIT compilation off: PostgreSQL compiles a plan whose estimated cost passes jit_above_cost, which every
# results page at a million articles does, and compiling took 30-50 ms of statements that run in 2-40.
_jit = os.environ.get("HAWAL_DB_JIT", "off")
_session = [f"-c {name}={value}" for name, value in (("work_mem", _work_mem), ("jit", _jit)) if value]
if _session:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join([*_session, _options.get("options", "")]).strip()
# Read replicas (config/replicas.py): comma-separated URLs of streaming replicas of the primary.
DATABASES.update(replica_databases(env_list("DATABASE_REPLICA_URLS", []), DATABASES["default"]))
DATABASE_ROUTERS = ["config.replicas.ReplicaRouter"]
HAWAL_REPLICA_CHECK_SECONDS = float(os.environ.get("HAWAL_REPLICA_CHECK_SECONDS", "5"))
HAWAL_REPLICA_MAX_LAG = float(os.environ.get("HAWAL_REPLICA_MAX_LAG", "30"))
HAWAL_READ_YOUR_WRITES_SECONDS = int(os.environ.get("HAWAL_READ_YOUR_WRITES_SECONDS", "15"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ckb"
LANGUAGES = [("ckb", "کوردی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Baghdad"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Production safety; development conveniences only behind DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Preloading HSTS is a promise to browsers that is hard to take back; an operator opts in with
        # SECURE_HSTS_PRELOAD=1 once the domain is known to stay on HTTPS. Until then this check is expected.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
