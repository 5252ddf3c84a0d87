import type Database from 'better-sqlite3'
import { getDb, onBeforeClose, type DbHandle } from '#app/utils/db.server.ts'
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

	/**
	 * Writes what is queued and seals new rows. SQLite: synchronous, false when it must wait (a
	 * transaction is open on the shared connection). PostgreSQL: a promise of the same answer.
	 */
	flush(handle: DbHandle = getDb()): boolean | Promise<boolean> {
		return handle.engine === 'postgres' ? this.flushPostgres(handle) : this.flushSqlite(handle.sqlite)
	}

	/** One flush at a time on PostgreSQL (the pool could otherwise run two sealers side by side). */
	private postgresFlush: Promise<boolean> | null = null

	private flushPostgres(handle: DbHandle): Promise<boolean> {
		const run = async (): Promise<boolean> => {
			const rows = this.pending
			this.pending = []
			try {
				await handle.prisma.$transaction(async (tx) => {
					if (rows.length > 0) {
						await tx.auditLog.createMany({
							data: rows.map((r) => ({ ...r, at: new Date(r.at) })),
						})
					}
					await sealPendingPostgres(tx)
				})
				this.failing = false
				return true
			} catch (error) {
				this.pending = rows.concat(this.pending)
				if (!this.failing) console.error('[audit] writing the audit batch failed; will retry', error)
				this.failing = true
				return false
			}
		}
		const previous = this.postgresFlush ?? Promise.resolve(true)
		const next = previous.then(run, run)
		this.postgresFlush = next
		void next.finally(() => {
			if (this.postgresFlush === next) this.postgresFlush = null
		})
		return next
	}

	private flushSqlite(sqlite: Database.Database): boolean {
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
		const again = (done: boolean) => {
			if (!done || this.pending.length > 0) {
				this.timer ??= setTimeout(() => this.tick(), flushInterval())
				this.timer.unref?.()
			}
		}
		let result: boolean | Promise<boolean> = false
		try {
			result = this.flush()
		} catch {
			result = false // no database open (between tests): keep the rows for the next one
		}
		if (typeof result === 'boolean') again(result)
		else void result.then(again, () => again(false))
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
		onBeforeClose(async (handle) => {
			await writer.flush(handle)
		})
	}
	return g[KEY]
}

/** Writes queued read rows and seals the chain now (tests, backups, the audit page). */
export async function flushAuditLog(): Promise<void> {
	await auditWriter().flush()
}

type SealRow = { id: number; at: string; userId: string | null; clientId: string | null; action: string; outcome: string; target: string; ipAddress: string; detail: string }

/**
 * PostgreSQL's sealer. Ids come from a sequence and concurrent transactions may commit out of id
 * order, so the table is locked against inserts first (SHARE ROW EXCLUSIVE waits for every open
 * inserting transaction): after that no unsealed row with a lower id can still appear. `at` is
 * hashed as PostgreSQL prints a timestamp (`"at"::text`), which the verifier reads the same way.
 */
export async function sealPendingPostgres(tx: Pick<DbHandle['prisma'], '$queryRaw' | '$executeRaw'>): Promise<number> {
	await tx.$executeRaw`LOCK TABLE "AuditLog" IN SHARE ROW EXCLUSIVE MODE`
	const unsealed = await tx.$queryRaw<SealRow[]>`SELECT "id", "at"::text AS "at", "userId", "clientId", "action", "outcome", "target", "ipAddress", "detail" FROM "AuditLog" WHERE "hash" = '' ORDER BY "id" LIMIT ${SEAL_BATCH}`
	if (unsealed.length === 0) return 0
	const last = await tx.$queryRaw<Array<{ hash: string }>>`SELECT "hash" FROM "AuditLog" WHERE "hash" <> '' AND "id" < ${unsealed[0].id} ORDER BY "id" DESC LIMIT 1`
	let prev = last[0]?.hash ?? GENESIS_HASH
	for (const row of unsealed) {
		const hash = chainHash(prev, { ...row, id: Number(row.id) })
		await tx.$executeRaw`UPDATE "AuditLog" SET "prevHash" = ${prev}, "hash" = ${hash} WHERE "id" = ${row.id} AND "hash" = ''`
		prev = hash
	}
	return unsealed.length
}
