"""gunicorn for production: `.venv/bin/gunicorn -c config/gunicorn.conf.py` (what `make serve` runs).

One process per core (Python runs one thread at a time per process), each with a few threads that wait on
PostgreSQL in parallel: search time is spent in the database, so threads keep a core busy while another
request waits. Every thread keeps its own database connection (CONN_MAX_AGE) per database alias, so the
server needs about workers × threads × (1 + replicas) connections per machine: 2 × 4 × 2 = 16 here.
Override with WEB_CONCURRENCY (processes), GUNICORN_THREADS and HAWAL_BIND.
"""

import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("HAWAL_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30  # a request still running after 30 s is stuck; its worker is replaced
graceful_timeout = 30
keepalive = 5
max_requests = 5000  # recycle processes now and then, so a slow leak never becomes an outage
max_requests_jitter = 500
accesslog = "-"
# Behind nginx on the same machine: trust its X-Forwarded-* headers (also set HAWAL_TRUSTED_PROXIES=1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), which two servers
# on one machine would fight over; we don't use it.
control_socket_disable = True
