#!/usr/bin/env bash
# Backups that are known to restore: a pg_dump restored with pg_restore, and a base backup plus archived WAL
# recovered to a point in time (PITR) just before an accident — on throwaway PostgreSQL servers in a
# temporary folder, never the system's own server. Exits non-zero if either restore loses anything.
#
#   scripts/backup_restore_check.sh          # PG binaries from $PG_BIN or /usr/lib/postgresql/15/bin
#
# The commands are the ones docs/deploy.md gives for production (section "Backups"), with throwaway
# paths and ports. As root, the servers run as the postgres system user (initdb refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PY="${PY:-.venv/bin/python}"
WORK="$(mktemp -d /tmp/hawal-backup-check.XXXXXX)"
ARCHIVE="$WORK/wal-archive"
PRIMARY="$WORK/primary" RESTORED="$WORK/pitr"
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="$(free_port)" PITR_PORT="$(free_port)"

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_at() { "$PG_BIN/psql" -h 127.0.0.1 -p "$1" -U postgres -d "$2" -v ON_ERROR_STOP=1 -qAtc "$3"; }
django() { DATABASE_URL="postgres://postgres@127.0.0.1:$1/$2" DEBUG=1 "$PY" manage.py "${@:3}"; }
counts() {  # the rows that matter, as one line: articles, mentions, entities, uploads
    psql_at "$1" "$2" "SELECT (SELECT count(*) FROM archive_article) || ' articles, ' ||
        (SELECT count(*) FROM archive_mention) || ' mentions, ' || (SELECT count(*) FROM archive_entity) ||
        ' entities, ' || (SELECT count(*) FROM archive_upload) || ' uploads'"
}
cleanup() {
    for data in "$RESTORED" "$PRIMARY"; do
        [ -f "$data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres: "$WORK"
as_pg mkdir "$ARCHIVE"

echo "== 1. a primary with WAL archiving (port $PORT), Hawal migrated, some articles"
as_pg "$PG_BIN/initdb" -D "$PRIMARY" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat <<EOF | as_pg tee -a "$PRIMARY/postgresql.conf" >/dev/null
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
archive_timeout = 60
EOF
as_pg "$PG_BIN/pg_ctl" -D "$PRIMARY" -l "$WORK/primary.log" -w start >/dev/null
psql_at "$PORT" postgres "CREATE DATABASE hawal_backup"
django "$PORT" hawal_backup migrate --no-input --verbosity 0
django "$PORT" hawal_backup load_demo >/dev/null

echo "== 2. base backup (pg_basebackup), then more articles"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$WORK/base" -X stream -c fast
django "$PORT" hawal_backup import_articles tests/fixtures/ingest/posts.csv --jobs 1 >/dev/null 2>"$WORK/import.log" || { cat "$WORK/import.log"; exit 1; }

echo "== 3. nightly dump (pg_dump -Fc)"
"$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PORT" -U postgres -Fc -f "$WORK/hawal.dump" hawal_backup
before="$(counts "$PORT" hawal_backup)"
target="$(psql_at "$PORT" postgres "SELECT now()")"
echo "   state to recover: $before, at $target"
sleep 1

echo "== 4. the accident: every article deleted"
psql_at "$PORT" hawal_backup "TRUNCATE archive_article CASCADE"
psql_at "$PORT" postgres "SELECT pg_switch_wal()" >/dev/null  # ship the WAL that holds the accident too
echo "   after the accident: $(counts "$PORT" hawal_backup)"

echo "== 5. restore the dump into a new database (pg_restore)"
psql_at "$PORT" postgres "CREATE DATABASE hawal_restored"
"$PG_BIN/pg_restore" -h 127.0.0.1 -p "$PORT" -U postgres -d hawal_restored --no-owner --exit-on-error "$WORK/hawal.dump"
from_dump="$(counts "$PORT" hawal_restored)"
echo "   restored from the dump: $from_dump"

echo "== 6. point-in-time recovery of the base backup + archived WAL to $target (port $PITR_PORT)"
as_pg cp -a "$WORK/base" "$RESTORED"
cat <<EOF | as_pg tee -a "$RESTORED/postgresql.conf" >/dev/null
port = $PITR_PORT
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
EOF
as_pg touch "$RESTORED/recovery.signal"
as_pg "$PG_BIN/pg_ctl" -D "$RESTORED" -l "$WORK/pitr.log" -w -t 120 start >/dev/null
for _ in $(seq 1 120); do
    [ "$(psql_at "$PITR_PORT" postgres "SELECT pg_is_in_recovery()")" = f ] && break
    sleep 0.5
done
from_pitr="$(counts "$PITR_PORT" hawal_backup)"
echo "   recovered to the point in time: $from_pitr"

echo "== 7. the app on the restored databases: migrations all applied, search finds the sample article"
for place in "$PORT hawal_restored" "$PITR_PORT hawal_backup"; do
    # shellcheck disable=SC2086
    set -- $place
    django "$1" "$2" migrate --check >/dev/null
    found="$(django "$1" "$2" shell --no-imports -c "from archive.search.postgres import run_search; print(run_search('درۆن').total)")"
    echo "   $2 on port $1: migrations applied, searching درۆن finds $found article(s)"
done

if [ "$from_dump" = "$before" ] && [ "$from_pitr" = "$before" ]; then
    echo "PASS: pg_dump/pg_restore and PITR both brought back: $before"
else
    echo "FAIL: expected '$before'; dump gave '$from_dump', PITR gave '$from_pitr'" >&2
    exit 1
fi
