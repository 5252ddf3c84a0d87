#!/usr/bin/env bash
# Installs exactly the locked dependencies. npm 11 writes lock files that omit other
# platforms' optional packages (rollup's native binaries) and then refuses them in `npm ci`;
# `npm install` honours the same lock file, so it is the fallback.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prisma-env.sh
if ! npm ci --no-audit --no-fund; then
  echo "npm ci refused the lock file; installing the same locked versions with npm install" >&2
  npm install --no-audit --no-fund
fi
node -e "require('better-sqlite3')" || { echo "better-sqlite3 did not build: install python3, make and g++" >&2; exit 1; }
