/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL's database (SQLite file or
 * PostgreSQL) with dbmate; adopts a database that `prisma migrate deploy` migrated before.
 */
import { engineOf, migrateDatabase, redact } from './migrate-lib.ts'

const url = process.env.DATABASE_URL ?? 'file:./data/kizuna.db'
try {
	const applied = migrateDatabase(url, { verbose: true })
	console.log(`[migrate] ${engineOf(url)} ${redact(url)}: ${applied.length === 0 ? 'up to date' : `applied ${applied.length} migration(s)`}`)
} catch (error) {
	console.error(error instanceof Error ? error.message : error)
	process.exit(1)
}
