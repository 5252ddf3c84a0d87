import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { defineConfig } from 'prisma/config'

// Prisma 6.19's CLI on its bundled wasm schema engine; only `migrate diff` between two schema
// files is used, which reads no database. The adapter must still open (as SQLite) for the CLI.
export default defineConfig({
	engine: 'js',
	experimental: { adapter: true },
	schema: process.env.KIZUNA_DIFF_SCHEMA ?? 'schema.prisma',
	async adapter() {
		return new PrismaBetterSQLite3({ url: ':memory:' })
	},
})
