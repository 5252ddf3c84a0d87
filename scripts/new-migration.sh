#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the
# committed schema (HEAD) and the working schema. `prisma migrate dev` needs a native engine we
# cannot download (docs/decisions/0001-prisma-offline.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prisma-env.sh
name="${1:?usage: npm run db:new-migration -- <name>}"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
previous="$(mktemp --suffix=.prisma)"
git show HEAD:prisma/schema.prisma > "$previous"
mkdir -p "$dir" data
npx prisma migrate diff --from-schema-datamodel "$previous" --to-schema-datamodel prisma/schema.prisma --script > "$dir/migration.sql"
rm -f "$previous"
echo "wrote $dir/migration.sql — review it, then: npx prisma migrate deploy"
