#!/usr/bin/env bash
# The whole suite: typecheck-free fast path of unit + integration (Vitest), then the browser
# tests (Playwright in Debian's Chromium). Works on a fresh machine after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prisma-env.sh

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "▶ installing Chromium from Debian (apt-get install chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
  else
    echo "Chromium is missing. Install it with: sudo apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
  fi
fi

[ -d node_modules ] || bash scripts/install-deps.sh
echo "▶ prisma generate (SQLite and PostgreSQL clients)"
bash scripts/generate.sh
echo "▶ remix build"
npm run --silent build
echo "▶ unit and integration tests (Vitest)"
npx vitest run
# Two workers, files side by side (every file sets up its own data). CI also shuffles the
# files once, to prove no file depends on another's; the seed is printed in the "Running …"
# line — reproduce an order with `npx playwright test --shuffle=<seed>` (decision 0022).
shuffle=()
[ -n "${CI:-}" ] && shuffle=(--shuffle)
echo "▶ browser tests (Playwright, $CHROMIUM, 2 workers${CI:+, shuffled order})"
npx playwright test --workers=2 "${shuffle[@]}"
