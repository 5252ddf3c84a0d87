#!/usr/bin/env bash
# `npm run stop:cluster`: stops what start.sh started — by the pid files in data/cluster, never by name.
source "$(dirname "$0")/common.sh"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

stop_pid() {
  local file="$1" what="$2"
  if pid_alive "$file"; then
    echo "▶ stopping $what"
    kill -TERM "$(cat "$file")"
    for _ in $(seq 150); do pid_alive "$file" || break; sleep 0.1; done
    pid_alive "$file" && kill -KILL "$(cat "$file")" 2>/dev/null || true
  fi
  rm -f "$file"
}

if pid_alive "$DATA/nginx/nginx.pid"; then
  echo "▶ stopping nginx"
  as_service "$NGINX" -p "$DATA/nginx" -c "$DATA/nginx/nginx.conf" -e "$DATA/nginx/error.log" -s quit || true
  for _ in $(seq 50); do pid_alive "$DATA/nginx/nginx.pid" || break; sleep 0.1; done
fi
# SIGTERM: each instance commits what is queued and closes its sockets (1001) before exiting.
stop_pid "$DATA/run/app-a.pid" "instance a"
stop_pid "$DATA/run/app-b.pid" "instance b"
stop_pid "$DATA/run/redis.pid" "Redis"
if [ -n "$PG_BIN" ] && [ -f "$DATA/pg/postmaster.pid" ]; then
  echo "▶ stopping PostgreSQL"
  as_service "$PG_BIN/pg_ctl" -D "$DATA/pg" -m fast -w stop >/dev/null || true
fi
echo "✔ cluster stopped (data kept in $DATA)"
