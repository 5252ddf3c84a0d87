#!/usr/bin/env bash
# `npm run start:cluster`: PostgreSQL + Redis from the machine's packages (data in data/cluster/),
# the database migrated and seeded, two app instances, and nginx in front balancing HTTP and
# websockets. `npm run stop:cluster` stops exactly what this started. Decision 0023.
source "$(dirname "$0")/common.sh"

missing=()
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/pg_ctl" ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "▶ apt-get install -y ${missing[*]}"
    apt-get install -y "${missing[@]}" >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  else
    echo "✖ missing packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

mkdir -p "$DATA"/{pg,pg-socket,redis,nginx/tmp,logs,run}
[ "$(id -u)" = "0" ] && chown -R "$RUN_AS" "$DATA"
chmod 700 "$DATA/pg"

# PostgreSQL: its own cluster in data/cluster/pg, only on 127.0.0.1, trust for local users.
if [ ! -f "$DATA/pg/PG_VERSION" ]; then
  echo "▶ initdb $DATA/pg"
  as_service "$PG_BIN/initdb" -A trust -U kizuna -E UTF8 --locale=C.UTF-8 -D "$DATA/pg" >"$DATA/logs/initdb.log"
fi
if as_service "$PG_BIN/pg_ctl" -D "$DATA/pg" status >/dev/null 2>&1; then
  echo "• PostgreSQL already running on $PG_PORT"
else
  echo "▶ PostgreSQL on 127.0.0.1:$PG_PORT"
  as_service "$PG_BIN/pg_ctl" -D "$DATA/pg" -l "$DATA/logs/postgresql.log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $DATA/pg-socket -c synchronous_commit=on -c fsync=on" start >/dev/null
fi
if ! as_service "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U kizuna -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'kizuna'" | grep -q 1; then
  as_service "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U kizuna kizuna
fi

# Redis: memory only (it carries announcements, never data), only on 127.0.0.1.
if pid_alive "$DATA/run/redis.pid"; then
  echo "• Redis already running on $REDIS_PORT"
else
  echo "▶ Redis on 127.0.0.1:$REDIS_PORT"
  as_service redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$DATA/redis" --pidfile "$DATA/run/redis.pid" --logfile "$DATA/logs/redis.log"
  for _ in $(seq 50); do pid_alive "$DATA/run/redis.pid" && break; sleep 0.1; done
fi

# Schema + seed for the PostgreSQL database (setup honours DATABASE_URL; it seeds only an empty database).
echo "▶ setup (migrate + seed) on $DATABASE_URL_CLUSTER"
if ! DATABASE_URL="$DATABASE_URL_CLUSTER" bash scripts/setup.sh >"$DATA/logs/setup.log" 2>&1; then
  echo "✖ setup failed on PostgreSQL — see $DATA/logs/setup.log" >&2
  tail -5 "$DATA/logs/setup.log" >&2
  exit 1
fi

start_app() {
  local name="$1" port="$2"
  if pid_alive "$DATA/run/app-$name.pid"; then
    echo "• instance $name already running on $port"
    return
  fi
  echo "▶ instance $name on 127.0.0.1:$port"
  NODE_ENV=production PORT="$port" HOST=127.0.0.1 TRUST_PROXY=1 \
    DATABASE_URL="$DATABASE_URL_CLUSTER" REDIS_URL="$REDIS_URL_CLUSTER" \
    nohup node --import tsx server/main.ts >"$DATA/logs/app-$name.log" 2>&1 &
  echo $! >"$DATA/run/app-$name.pid"
}
wait_for_app() {
  local name="$1" port="$2"
  for _ in $(seq 300); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/login" && return
    pid_alive "$DATA/run/app-$name.pid" || break
    sleep 0.2
  done
  echo "✖ instance $name did not start — see $DATA/logs/app-$name.log" >&2
  tail -5 "$DATA/logs/app-$name.log" >&2
  exit 1
}
start_app a "$APP_PORT_A"
start_app b "$APP_PORT_B"
wait_for_app a "$APP_PORT_A"
wait_for_app b "$APP_PORT_B"

# nginx in front, as $RUN_AS, with its pid, logs and temp files in data/cluster/nginx.
sed -e "s|@DATA@|$DATA/nginx|g" -e "s|@PROXY_PORT@|$PROXY_PORT|g" -e "s|@APP_PORT_A@|$APP_PORT_A|g" -e "s|@APP_PORT_B@|$APP_PORT_B|g" \
  scripts/cluster/nginx.conf.template >"$DATA/nginx/nginx.conf"
[ "$(id -u)" = "0" ] && chown -R "$RUN_AS" "$DATA/nginx"
if pid_alive "$DATA/nginx/nginx.pid"; then
  echo "• nginx already running; reloading its configuration"
  as_service "$NGINX" -p "$DATA/nginx" -c "$DATA/nginx/nginx.conf" -e "$DATA/nginx/error.log" -s reload
else
  echo "▶ nginx on 127.0.0.1:$PROXY_PORT (as $RUN_AS)"
  as_service "$NGINX" -p "$DATA/nginx" -c "$DATA/nginx/nginx.conf" -e "$DATA/nginx/error.log"
fi
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PROXY_PORT/login" && break; sleep 0.1; done

cat <<INFO
✔ cluster running — open http://localhost:$PROXY_PORT
  instances: http://127.0.0.1:$APP_PORT_A  http://127.0.0.1:$APP_PORT_B   (logs in $DATA/logs)
  DATABASE_URL=$DATABASE_URL_CLUSTER
  REDIS_URL=$REDIS_URL_CLUSTER
  cluster tests: TEST_POSTGRES_URL=$DATABASE_URL_CLUSTER TEST_REDIS_URL=$REDIS_URL_CLUSTER npx vitest run tests/integration/cluster-*.test.ts
  stop with: npm run stop:cluster
INFO
