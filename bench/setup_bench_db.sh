#!/bin/sh
# Bench setup (never the product): RUM for PostgreSQL 15, Lucene 8 for the side-by-side, and a bench database.
#
#   sh bench/setup_bench_db.sh [DBNAME]      # default hawal_bench on 127.0.0.1:5432, user postgres
#
# postgresql-15-rum is pinned to 1.3.13-1+b1: the security build (+deb12u1) pulls a newer postgresql-15
# and would upgrade (restart) the running server. Installs are skipped cleanly without root/apt-get.
set -eu
DB="${1:-hawal_bench}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER

case "$DB" in
    hawal | test_hawal) echo "refusing to touch database $DB" >&2; exit 2 ;;
esac

apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" || \
            echo "warning: could not install $* (the bench falls back without it)" >&2
    else
        echo "warning: not root or no apt-get; $* not installed" >&2
    fi
}

if [ ! -f /usr/share/postgresql/15/extension/rum.control ]; then
    apt_install postgresql-15-rum=1.3.13-1+b1
fi
if ! ls /usr/share/java/lucene-core-*.jar >/dev/null 2>&1; then
    apt_install liblucene8-java
fi

if [ "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
    createdb "$DB"
fi
psql -d "$DB" -v ON_ERROR_STOP=1 -qc "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS btree_gin;"
if [ -f /usr/share/postgresql/15/extension/rum.control ]; then
    psql -d "$DB" -v ON_ERROR_STOP=1 -qc "CREATE EXTENSION IF NOT EXISTS rum;"
    echo "rum: $(psql -d "$DB" -Atc "SELECT extversion FROM pg_extension WHERE extname = 'rum'")"
else
    echo "rum: not available (the bench runs the GIN-only variant)"
fi
cd "$(dirname "$0")/.."
DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$DB" DEBUG=1 .venv/bin/python manage.py migrate --verbosity 0
echo "database $DB ready"
