import path from 'node:path'
import { defineConfig } from 'prisma/config'

// Prisma 7's CLI is used only for `prisma generate` (and validate/format): its migrate commands
// need a native schema engine that cannot be downloaded here. Migrations are plain SQL applied by
// dbmate (scripts/db-migrate.ts; docs/decisions/0001-prisma-offline.md). PRISMA_SCHEMA_ENGINE_BINARY
// points at an existing file (scripts/prisma-env.sh) so the CLI does not try to download it.
export default defineConfig({
	schema: path.join('prisma', 'schema.prisma'),
	datasource: { url: process.env.DATABASE_URL ?? '' },
})
