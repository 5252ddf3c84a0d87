import path from 'node:path'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { defineConfig } from 'prisma/config'

// The CLI runs on its bundled wasm engines through the driver adapter: the native engines
// cannot be downloaded on our machines (see docs/decisions/0001-prisma-offline.md).
export default defineConfig({
	engine: 'js',
	experimental: { adapter: true },
	schema: path.join('prisma', 'schema.prisma'),
	migrations: { path: path.join('prisma', 'migrations') },
	async adapter() {
		// Wait for a busy database instead of failing at once (better-sqlite3's `timeout`, in ms).
		return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./data/kizuna.db', timeout: 5000 })
	},
})
