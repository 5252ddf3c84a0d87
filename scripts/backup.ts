/**
 * npm run backup -- <file> [--keep N]
 * A consistent online backup of DATABASE_URL (default data/kizuna.db) while the server runs.
 * With --keep N the file name carries the time and only the newest N generations are kept.
 */
import path from 'node:path'
import { databasePathFromUrl } from '#app/utils/env.server.ts'
import { backupDatabase } from './backup-lib.ts'

async function main() {
	const args = process.argv.slice(2)
	const keepIndex = args.indexOf('--keep')
	const keep = keepIndex >= 0 ? Number(args[keepIndex + 1]) : undefined
	const target = args.find((a, i) => !a.startsWith('--') && (keepIndex < 0 || i !== keepIndex + 1))
	if (!target || (keep !== undefined && (!Number.isInteger(keep) || keep < 1))) {
		console.error('usage: npm run backup -- <backup file> [--keep N]')
		process.exit(2)
	}
	const source = databasePathFromUrl(process.env.DATABASE_URL ?? 'file:./data/kizuna.db')
	const result = await backupDatabase(source, path.resolve(target), { keep })
	const rows = Object.values(result.counts).reduce((a, b) => a + b, 0)
	console.log(`backup: ${result.file} (${result.bytes} bytes, ${rows} rows in ${Object.keys(result.counts).length} tables, integrity_check ${result.integrity}, ${result.milliseconds} ms)`)
	console.log(`backup: sha256 ${result.sha256}; details in ${result.file}.json`)
	for (const removed of result.removed) console.log(`backup: removed old generation ${removed}`)
}

main().catch((error) => {
	console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`)
	process.exit(1)
})
