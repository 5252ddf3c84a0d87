#!/usr/bin/env bash
# Starts (or reuses) a PostgreSQL cluster and a Redis in folders under the project, from the
# machine's packages: `bash scripts/pg-local.sh start|stop [pg-port] [redis-port]`.
# Prints nothing else on success; the admin URL is postgresql://postgres@127.0.0.1:<pg-port>/postgres.
# As root, PostgreSQL runs as the `postgres` user (it refuses to run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:?start|stop}"
pg_port="${2:-5439}"
redis_port="${3:-6390}"
dir="$PWD/data/services"
# As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data folder. A
# checkout in a private folder (mktemp -d is mode 700) is closed to it: keep the services' data in
# a folder of their own under /tmp then, named after this checkout so start and stop agree.
if [ "$(id -u)" = 0 ] && ! su postgres -s /bin/bash -c "test -x '$PWD'" 2>/dev/null; then
  dir="/tmp/kizuna-services-$(printf '%s' "$PWD" | sha256sum | cut -c1-12)"
fi
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$pgbin" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/pg/PG_VERSION" ]; then as_pg "'$pgbin/initdb' -A trust -U postgres -D '$dir/pg' >/dev/null"; fi
    if ! as_pg "'$pgbin/pg_ctl' -D '$dir/pg' status" >/dev/null 2>&1; then
      as_pg "'$pgbin/pg_ctl' -D '$dir/pg' -l '$dir/pg.log' -w -o \"-p $pg_port -c listen_addresses=127.0.0.1 -k '$dir'\" start" >/dev/null
    fi
    if command -v redis-server >/dev/null && ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
      redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    fi
    ;;
  stop)
    as_pg "'$pgbin/pg_ctl' -D '$dir/pg' -m fast stop" >/dev/null 2>&1 || true
    [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    ;;
  *) echo "usage: $0 start|stop [pg-port] [redis-port]" >&2; exit 2 ;;
esac
