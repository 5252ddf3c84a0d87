#!/usr/bin/env bash
# Idempotent setup: install dependencies, generate the Prisma client, build, migrate, and
# seed the database (only when it is empty). Honours DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prisma-env.sh

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "▶ install dependencies"
  bash scripts/install-deps.sh
fi
echo "▶ prisma generate (SQLite and PostgreSQL clients)"
bash scripts/generate.sh
echo "▶ remix build"
npm run --silent build
mkdir -p data
# Migrations and the seed write to the database: refuse while a server owns it.
npx tsx scripts/check-no-server.ts
echo "▶ migrate (dbmate)"
npx tsx scripts/migrate.ts
echo "▶ seed (only an empty database is seeded)"
npx tsx prisma/seed.ts
echo "✔ setup complete — start the app with: npm start"
