#!/usr/bin/env bash
# Writes one migration per engine from the difference between the committed schema (HEAD) and the
# working schema:
#   prisma/migrations/<timestamp>_<name>/migration.sql           (SQLite)
#   prisma/migrations-postgres/<timestamp>_<name>/migration.sql  (PostgreSQL)
# Prisma 7's migrate needs a native engine we cannot download; Prisma 6.19's CLI still writes the
# SQL from two schema files on its wasm engine, so it is kept in tools/prisma-diff (installed here
# on first use). Apply with `npm run db:migrate` (dbmate). See docs/decisions/0001 and 0017.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prisma-env.sh
name="${1:?usage: npm run db:new-migration -- <name>}"
[[ "$name" =~ ^[A-Za-z0-9_]+$ ]] || { echo "the name may contain only letters, digits and _" >&2; exit 2; }
if [ ! -x tools/prisma-diff/node_modules/.bin/prisma ]; then
  echo "▶ installing Prisma 6.19's CLI for migrate diff (tools/prisma-diff, once)"
  npm ci --prefix tools/prisma-diff --no-audit --no-fund >/dev/null
fi
# For the PostgreSQL twin of a migration merged from a branch that wrote only SQLite:
#   KIZUNA_MIGRATION_FROM=<commit before it> KIZUNA_MIGRATION_TO=<commit with it> \
#   KIZUNA_MIGRATION_STAMP=<its timestamp> KIZUNA_MIGRATION_ENGINES=postgres npm run db:new-migration -- <its name>
stamp="${KIZUNA_MIGRATION_STAMP:-$(date -u +%Y%m%d%H%M%S)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git show "${KIZUNA_MIGRATION_FROM:-HEAD}:prisma/schema.prisma" > "$work/previous.prisma"
if [ -n "${KIZUNA_MIGRATION_TO:-}" ]; then git show "$KIZUNA_MIGRATION_TO:prisma/schema.prisma" > "$work/target.prisma"; else cp prisma/schema.prisma "$work/target.prisma"; fi
for engine in ${KIZUNA_MIGRATION_ENGINES:-sqlite postgres}; do
  npx tsx scripts/db-schemas.ts for-diff "$engine" "$work/previous.prisma" "$work/previous.$engine.prisma"
  npx tsx scripts/db-schemas.ts for-diff "$engine" "$work/target.prisma" "$work/current.$engine.prisma"
  if [ "$engine" = sqlite ]; then dir="prisma/migrations/${stamp}_${name}"; else dir="prisma/migrations-postgres/${stamp}_${name}"; fi
  mkdir -p "$dir"
  (cd tools/prisma-diff && KIZUNA_DIFF_SCHEMA="$work/current.$engine.prisma" ./node_modules/.bin/prisma migrate diff \
    --from-schema-datamodel "$work/previous.$engine.prisma" --to-schema-datamodel "$work/current.$engine.prisma" --script) > "$dir/migration.sql"
  echo "wrote $dir/migration.sql"
done
echo "Review both files (hand-written SQL such as triggers goes into each, in its engine's dialect), then: npm run db:migrate"
