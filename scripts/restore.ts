/**
 * npm run restore -- <backup file> [<new database file>]
 * Restores into a NEW file (default data/kizuna-restored-<time>.db) after checking the backup;
 * refuses to overwrite any existing database, above all the live one. Then point DATABASE_URL
 * at it and start the server (pending migrations are applied by npm run setup / db:deploy).
 */
import path from 'node:path'
import { restoreDatabase } from './backup-lib.ts'

async function main() {
	const [backup, target] = process.argv.slice(2)
	if (!backup) {
		console.error('usage: npm run restore -- <backup file> [<new database file>]')
		process.exit(2)
	}
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
	const file = path.resolve(target ?? `data/kizuna-restored-${stamp}.db`)
	const result = await restoreDatabase(path.resolve(backup), file)
	const rows = Object.values(result.counts).reduce((a, b) => a + b, 0)
	console.log(`restore: ${result.file} (${rows} rows, integrity_check ${result.integrity})`)
	console.log(`restore: next: stop the server, then DATABASE_URL=file:${result.file} npm run db:deploy && DATABASE_URL=file:${result.file} npm start`)
}

main().catch((error) => {
	console.error(`restore refused: ${error instanceof Error ? error.message : String(error)}`)
	process.exit(1)
})
