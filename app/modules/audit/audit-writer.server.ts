import type Database from 'better-sqlite3'
import { getDb, onBeforeClose } from '#app/utils/db.server.ts'
import { chainHash, GENESIS_HASH } from './chain.ts'

/**
 * Writes the audit trail's read rows in batches and seals the chain.
 *
 * Reads of client content are audited on every page view; one INSERT each would cost a disk
 * sync per view (synchronous=FULL). Instead they are queued here and written every
 * FLUSH_INTERVAL_MS in one transaction, together with the chain hashes of every row written
 * since the last tick (by anyone: Prisma, the collaboration queue, other branches' code). A
 * crash can lose at most the reads of the last interval, never a change's audit row (those are
 * written at once by audit()).
 */
export const FLUSH_INTERVAL_MS = 500
/** Tests may stretch the interval (KIZUNA_AUDIT_FLUSH_MS) to observe the queue. */
function flushInterval(): number {
	const configured = Number(process.env.KIZUNA_AUDIT_FLUSH_MS)
	return Number.isFinite(configured) && configured > 0 ? configured : FLUSH_INTERVAL_MS
}
const SEAL_BATCH = 2000

type PendingRow = {
	at: string
	userId: string | null
	clientId: string | null
	action: string
	outcome: string
	target: string
	ipAddress: string
	detail: string
}

class AuditWriter {
	private pending: PendingRow[] = []
	private timer: NodeJS.Timeout | null = null
	private failing = false

	get queued(): number {
		return this.pending.length
	}

	enqueue(row: PendingRow): void {
		this.pending.push(row)
		this.timer ??= setTimeout(() => this.tick(), flushInterval())
		this.timer.unref?.()
	}

	/** Writes what is queued and seals new rows. Returns false when it must wait (a transaction is open). */
	flush(sqlite: Database.Database = getDb().sqlite): boolean {
		// Our rows must never become part of (and roll back with) someone else's transaction.
		if (sqlite.inTransaction) return false
		const rows = this.pending
		this.pending = []
		try {
			sqlite.transaction(() => {
				const insert = sqlite.prepare(
					'INSERT INTO "AuditLog" ("at", "userId", "clientId", "action", "outcome", "target", "ipAddress", "detail") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
				)
				for (const r of rows) insert.run(r.at, r.userId, r.clientId, r.action, r.outcome, r.target, r.ipAddress, r.detail)
				sealPending(sqlite)
			})()
			this.failing = false
			return true
		} catch (error) {
			this.pending = rows.concat(this.pending)
			if (!this.failing) console.error('[audit] writing the audit batch failed; will retry', error)
			this.failing = true
			return false
		}
	}

	private tick(): void {
		this.timer = null
		let done = false
		try {
			done = this.flush()
		} catch {
			done = false // no database open (between tests): keep the rows for the next one
		}
		if (!done || this.pending.length > 0) {
			this.timer = setTimeout(() => this.tick(), flushInterval())
			this.timer.unref?.()
		}
	}

	/** Seals rows written directly (changes, sign-ins) soon after they are written. */
	schedule(): void {
		this.timer ??= setTimeout(() => this.tick(), flushInterval())
		this.timer.unref?.()
	}
}

/** Fills prevHash/hash of unsealed rows in id order (the trigger allows exactly this UPDATE). */
export function sealPending(sqlite: Database.Database): number {
	const unsealed = sqlite
		.prepare(
			'SELECT "id", "at", "userId", "clientId", "action", "outcome", "target", "ipAddress", "detail" FROM "AuditLog" WHERE "hash" = \'\' ORDER BY "id" LIMIT ?',
		)
		.safeIntegers(false)
		.all(SEAL_BATCH) as Array<{ id: number; at: string | number; userId: string | null; clientId: string | null; action: string; outcome: string; target: string; ipAddress: string; detail: string }>
	if (unsealed.length === 0) return 0
	const last = sqlite.prepare('SELECT "hash" FROM "AuditLog" WHERE "hash" <> \'\' AND "id" < ? ORDER BY "id" DESC LIMIT 1').get(unsealed[0].id) as
		| { hash: string }
		| undefined
	let prev = last?.hash ?? GENESIS_HASH
	const update = sqlite.prepare('UPDATE "AuditLog" SET "prevHash" = ?, "hash" = ? WHERE "id" = ? AND "hash" = \'\'')
	for (const row of unsealed) {
		const hash = chainHash(prev, row)
		update.run(prev, hash, row.id)
		prev = hash
	}
	return unsealed.length
}

const KEY = Symbol.for('kizuna.audit-writer')
type GlobalWithWriter = typeof globalThis & { [KEY]?: AuditWriter }

/** Process-wide (on globalThis: the Remix build and the server load separate module copies). */
export function auditWriter(): AuditWriter {
	const g = globalThis as GlobalWithWriter
	if (!g[KEY]) {
		const writer = new AuditWriter()
		g[KEY] = writer
		// Whoever closes the database (shutdown, tests switching files) gets the queue written first.
		onBeforeClose((handle) => {
			writer.flush(handle.sqlite)
		})
	}
	return g[KEY]
}

/** Writes queued read rows and seals the chain now (tests, backups, the audit page). */
export function flushAuditLog(): void {
	auditWriter().flush()
}
