/**
 * npm run audit:verify [-- <database file>] — checks the audit log's hash chain and reports the
 * first row that does not fit (edited, inserted or deleted rows). Read-only: safe while the
 * server runs. Exit code 0 = intact, 1 = broken, 2 = could not check.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import { GENESIS_HASH, verifyChainSegment, type StoredAuditRow } from '#app/modules/audit/chain.ts'
import { databasePathFromUrl } from '#app/utils/env.server.ts'

export type VerifyReport =
	| { ok: true; checked: number; unsealedTail: number }
	| { ok: false; checked: number; brokenId: number; reason: string; row: StoredAuditRow | null }

const REASONS: Record<string, string> = {
	prev_hash_mismatch: 'the previous-row hash does not match (a row before it was deleted or inserted, or its hash changed)',
	hash_mismatch: 'the row content does not match its hash (the row was edited)',
	unsealed_before_sealed: 'an unsealed row lies before sealed rows (rows were inserted or unsealed)',
}

export function verifyAuditChain(file: string): VerifyReport {
	const db = new Database(file, { readonly: true, fileMustExist: true })
	try {
		const rows = db
			.prepare('SELECT "id", "at", "userId", "clientId", "action", "outcome", "target", "ipAddress", "detail", "prevHash", "hash" FROM "AuditLog" ORDER BY "id"')
			.safeIntegers(false)
			.iterate() as IterableIterator<StoredAuditRow>
		const result = verifyChainSegment(rows, GENESIS_HASH)
		if (!result.problem) return { ok: true, checked: result.checked, unsealedTail: result.unsealedTail }
		const row = (db.prepare('SELECT * FROM "AuditLog" WHERE "id" = ?').safeIntegers(false).get(result.problem.id) as StoredAuditRow | undefined) ?? null
		return { ok: false, checked: result.checked, brokenId: result.problem.id, reason: REASONS[result.problem.reason] ?? result.problem.reason, row }
	} finally {
		db.close()
	}
}

function main() {
	const arg = process.argv[2]
	const file = arg ? path.resolve(arg) : databasePathFromUrl(process.env.DATABASE_URL ?? 'file:./data/kizuna.db')
	let report: VerifyReport
	try {
		report = verifyAuditChain(file)
	} catch (error) {
		console.error(`audit:verify: could not read ${file}: ${error instanceof Error ? error.message : String(error)}`)
		process.exit(2)
	}
	if (report.ok) {
		console.log(`audit:verify: OK — ${report.checked} rows chained intact in ${file}` + (report.unsealedTail ? ` (${report.unsealedTail} newest rows not yet sealed)` : ''))
		process.exit(0)
	}
	console.error(`audit:verify: BROKEN at row ${report.brokenId} — ${report.reason}`)
	console.error(`  ${report.checked} rows before it are intact`)
	if (report.row) console.error(`  row ${report.brokenId}: ${JSON.stringify(report.row)}`)
	process.exit(1)
}

if (process.argv[1]?.endsWith('audit-verify.ts')) main()
