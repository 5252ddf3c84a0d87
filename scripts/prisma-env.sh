# Sourced by the scripts: Prisma must never try to download native engines (they are not
# reachable here and not used: the app and the CLI run through the better-sqlite3 adapter).
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-$PWD/scripts/no-native-engine}"
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$PWD/scripts/no-native-engine}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
export PRISMA_SKIP_POSTINSTALL_GENERATE=1
export DATABASE_URL="${DATABASE_URL:-file:./data/kizuna.db}"
