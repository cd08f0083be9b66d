#!/bin/sh
# Load runs of two checkouts in turn, so a machine that speeds up or slows down during the runs affects
# both alike: for each round and each tree, the API's fresh searches (bench/api_load.py) and then the
# search page's (bench/web_load.py), 8 clients for 30 s each, one line per run on stdout, and the machine's
# Python speed before and after (bench/cpu_reference.py).
#
#   git worktree add ../before <commit> && ln -s "$PWD/.venv" ../before/.venv
#   sh bench/alternate_load.sh postgres://postgres@127.0.0.1:5432/hawal_bench 3 ../before .
#
# Arguments: the database URL (the same archive for every tree), the number of rounds, then the trees.
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 DATABASE_URL ROUNDS TREE [TREE...]" >&2
    exit 2
fi
url=$1
rounds=$2
shift 2
round=1
# How fast the machine runs Python now (bench/cpu_reference.py): results from other VMs compare through it.
reference() {
    echo "$(date +%H:%M) $(.venv/bin/python bench/cpu_reference.py 2>/dev/null || echo 'cpu reference: not measured')"
}
reference
while [ "$round" -le "$rounds" ]; do
    for tree in "$@"; do
        api=$(cd "$tree" && .venv/bin/python bench/api_load.py run --tool wrk --clients 8 --seconds 30 \
            --database-url "$url" --mix fresh 2>&1 | tail -n 1)
        page=$(cd "$tree" && .venv/bin/python bench/web_load.py --tool wrk --clients 8 --seconds 30 \
            --warmup 10 --database-url "$url" --mix fresh --pages search 2>&1 | grep '^search' || true)
        load=$(cut -d ' ' -f 1 /proc/loadavg)
        echo "$(date +%H:%M) round $round $tree | api: $api | page: ${page:-failed} | load $load"
    done
    round=$((round + 1))
done
reference
