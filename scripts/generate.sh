#!/usr/bin/env bash
# Generates both Prisma clients from the one schema: app/generated/prisma (SQLite) and
# app/generated/prisma-postgres (PostgreSQL, from the copy scripts/db-schemas.ts derives).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prisma-env.sh
npx prisma generate >/dev/null
npx tsx scripts/db-schemas.ts postgres-client >/dev/null
npx prisma generate --schema .prisma-postgres/schema.prisma >/dev/null
