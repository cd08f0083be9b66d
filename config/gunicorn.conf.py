"""gunicorn for production: `.venv/bin/gunicorn -c config/gunicorn.conf.py` (what `make serve` runs).

One single-threaded (sync) process per core, at least two, behind nginx. A sync process takes the next
connection only when it is free, so requests queue once, in the kernel, in arrival order; with threads
(gthread) each process takes connections as they come and its requests share one interpreter lock. On the
2-core bench machine at 8 concurrent clients over 100,000 articles (bench/web_load.py, bench/api_load.py,
never-asked searches; 2026-12-06): search page p95 143–147 ms with 2 sync processes, 154–157 with 3, 211
with the former 2 processes × 4 threads (213 with 1 thread each); `GET /api/search` 91–96 ms with 2 sync
processes, 100 with 3. Each process keeps one database connection per alias (CONN_MAX_AGE).

nginx buffers responses (its default), so a process is not held by a slow reader; the timeout is long
enough for a whole-archive CSV export to be written out (270 MB, 51,000 articles: 5 s). Set
GUNICORN_THREADS above 1 to run threaded processes instead (gthread), e.g. without a buffering proxy.
Override with WEB_CONCURRENCY (processes), GUNICORN_THREADS and HAWAL_BIND.
"""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("HAWAL_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
timeout = 120  # a request still running after 2 minutes is stuck; its process is replaced
graceful_timeout = 30
keepalive = 5  # threaded processes only: a sync process closes each connection after its response
# Recycle processes now and then, so a slow leak never becomes an outage; a restart costs about a second of
# CPU (imports, first queries), so not too often: at 5,000 a busy 2-core server restarted one every ~20 s.
max_requests = 50_000
max_requests_jitter = 5_000
accesslog = "-"
# Behind nginx on the same machine: trust its X-Forwarded-* headers (also set HAWAL_TRUSTED_PROXIES=1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which two servers
# on one machine would fight over; we don't use it.
control_socket_disable = True
