#!/usr/bin/env bash
# Playwright's webServer command: a fresh, migrated and seeded database, then the real server.
# (Playwright starts the webServer before globalSetup, so the database is prepared here.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prisma-env.sh
db="${E2E_DB:?E2E_DB must name the database file}"
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm" "$db.writer-lock"
# The TOTP steps the browser tests used belong to the database they were used against.
rm -rf "$db.totp-steps" "$db.totp-steps.json"
export DATABASE_URL="file:$db"
npx tsx scripts/migrate.ts >/dev/null
npx tsx prisma/seed.ts >/dev/null
exec npx tsx server/main.ts
