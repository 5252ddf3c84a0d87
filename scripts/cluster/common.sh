# Shared by start.sh and stop.sh: where the local cluster lives and who runs its services.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
DATA="${KIZUNA_CLUSTER_DIR:-$ROOT/data/cluster}"
PG_PORT="${KIZUNA_CLUSTER_PG_PORT:-5433}"
REDIS_PORT="${KIZUNA_CLUSTER_REDIS_PORT:-6380}"
PROXY_PORT="${KIZUNA_CLUSTER_PROXY_PORT:-8080}"
APP_PORT_A="${KIZUNA_CLUSTER_APP_PORT_A:-3001}"
APP_PORT_B="${KIZUNA_CLUSTER_APP_PORT_B:-3002}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
DATABASE_URL_CLUSTER="postgresql://kizuna@127.0.0.1:$PG_PORT/kizuna"
REDIS_URL_CLUSTER="redis://127.0.0.1:$REDIS_PORT"

# PostgreSQL refuses to run as root, and nginx should not: as root, the services run as the
# unprivileged user KIZUNA_CLUSTER_USER (default: postgres, created by the Debian package).
if [ "$(id -u)" = "0" ]; then
  RUN_AS="${KIZUNA_CLUSTER_USER:-postgres}"
  as_service() { runuser -u "$RUN_AS" -- "$@"; }
else
  RUN_AS="$(id -un)"
  as_service() { "$@"; }
fi

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
