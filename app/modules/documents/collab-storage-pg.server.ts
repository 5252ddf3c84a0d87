import pg from 'pg'
import { toRow } from '#app/modules/audit/audit.server.ts'
import { buildLoadedDocument, type CompactionResult, type DocumentTail, type LoadedDocument, type StoredSnapshot, type StoredUpdate } from './collab-storage.server.ts'
import type { CollabStore, CollabStoreStats, CommitBatch, CommitResult } from './collab-store.server.ts'

/**
 * The collaboration store on PostgreSQL (DATABASE_URL=postgresql://…), through a node-postgres
 * pool: the same tables and, statement for statement, the same SQL as the SQLite store
 * (collab-storage.server.ts), asynchronous.
 *
 * Ordering across instances. Several instances append to one document's log. An id from a
 * sequence is taken at INSERT but becomes visible at COMMIT, so two transactions could commit
 * their ids out of order — and an instance that applies "rows after the last id I applied"
 * would then skip one for ever. Every commit therefore first takes a transaction-scoped
 * advisory lock per document it writes (in a fixed order, so two instances never deadlock):
 * the ids of one document are drawn while holding its lock and become visible before the next
 * writer of that document draws any. For each document, ids increase in commit order, and a
 * reader that has seen id N has seen every row below N. See docs/decisions/0023.
 *
 * Durability: COMMIT returns after the WAL is flushed (synchronous_commit = on, the default,
 * checked at start-up); the caller applies and broadcasts only after it returns.
 */
export const COLLAB_PG_SQL = {
	selectSnapshot: 'SELECT "data", "throughUpdateId" FROM "DocSnapshot" WHERE "documentId" = $1',
	selectUpdates: 'SELECT "id", "data" FROM "DocUpdate" WHERE "documentId" = $1 AND "id" > $2 ORDER BY "id"',
	selectUpdatesBetween: 'SELECT "id", "data" FROM "DocUpdate" WHERE "documentId" = $1 AND "id" > $2 AND "id" < $3 ORDER BY "id"',
	selectNewerSnapshot: 'SELECT "data", "throughUpdateId" FROM "DocSnapshot" WHERE "documentId" = $1 AND "throughUpdateId" > $2',
	// The per-document lock (see the module comment); 64-bit hash of the id.
	lockDocument: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 20261207))',
	// All updates of a batch in one statement; ORDER BY ordinality draws the ids in input order.
	insertUpdates:
		'INSERT INTO "DocUpdate" ("documentId", "data", "userId", "createdAt") ' +
		'SELECT d, b, u, $4 FROM unnest($1::text[], $2::bytea[], $3::text[]) WITH ORDINALITY AS t(d, b, u, n) ORDER BY n RETURNING "id"',
	insertAudit:
		'INSERT INTO "AuditLog" ("at", "userId", "clientId", "action", "outcome", "target", "ipAddress", "detail") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
	upsertSnapshot:
		'INSERT INTO "DocSnapshot" ("documentId", "data", "throughUpdateId", "updatedAt") VALUES ($1, $2, $3, $4) ' +
		'ON CONFLICT ("documentId") DO UPDATE SET "data" = excluded."data", "throughUpdateId" = excluded."throughUpdateId", "updatedAt" = excluded."updatedAt" ' +
		'WHERE excluded."throughUpdateId" > "DocSnapshot"."throughUpdateId"',
	deleteUpdates: 'DELETE FROM "DocUpdate" WHERE "documentId" = $1 AND "id" <= $2',
} as const

/** Prisma maps DateTime to timestamp(3) holding UTC; PostgreSQL ignores the "Z" of the literal. */
function toPgTimestamp(date: Date): string {
	return date.toISOString()
}

export function isPostgresUrl(url: string): boolean {
	return /^postgres(ql)?:\/\//.test(url)
}

export class PgCollabStore implements CollabStore {
	readonly pool: pg.Pool
	readonly stats: CollabStoreStats = { deferrals: 0, syncs: 0, lastCommitMs: 0, maxCommitMs: 0, lastSyncMs: 0, maxSyncMs: 0 }

	constructor(connectionString: string, poolSize = 10) {
		this.pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'kizuna-collab' })
		// An idle client losing its connection must not take the process down; the pool replaces it.
		this.pool.on('error', (error) => console.error(`[collab] postgres pool: ${error.message}`))
	}

	/** Refuses to run on a server that acknowledges commits before they are on disk. */
	async verifyDurability(): Promise<void> {
		const { rows } = await this.pool.query<{ synchronous_commit: string; fsync: string }>(
			"SELECT current_setting('synchronous_commit') AS synchronous_commit, current_setting('fsync') AS fsync",
		)
		const settings = rows[0]
		if (settings.fsync !== 'on' || !['on', 'remote_write', 'remote_apply'].includes(settings.synchronous_commit)) {
			throw new Error(
				`PostgreSQL must flush commits (fsync=on, synchronous_commit=on); found fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit}`,
			)
		}
	}

	async load(documentId: string): Promise<LoadedDocument> {
		const started = performance.now()
		// One snapshot-consistent read: a compaction between the two SELECTs must not drop rows.
		const client = await this.pool.connect()
		let snapshot: StoredSnapshot | undefined
		let rows: StoredUpdate[]
		try {
			await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
			snapshot = (await client.query<{ data: Buffer; throughUpdateId: number }>(COLLAB_PG_SQL.selectSnapshot, [documentId])).rows[0]
			rows = (await client.query<{ id: number; data: Buffer }>(COLLAB_PG_SQL.selectUpdates, [documentId, snapshot?.throughUpdateId ?? 0])).rows
			await client.query('COMMIT')
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {})
			throw error
		} finally {
			client.release()
		}
		return buildLoadedDocument(documentId, snapshot, rows, started)
	}

	async readAfter(documentId: string, afterId: number, beforeId = 2 ** 31 - 1): Promise<DocumentTail> {
		const client = await this.pool.connect()
		try {
			await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
			const snapshot = (await client.query<{ data: Buffer; throughUpdateId: number }>(COLLAB_PG_SQL.selectNewerSnapshot, [documentId, afterId])).rows[0] ?? null
			const from = snapshot ? Math.max(afterId, snapshot.throughUpdateId) : afterId
			const rows = (await client.query<{ id: number; data: Buffer }>(COLLAB_PG_SQL.selectUpdatesBetween, [documentId, from, beforeId])).rows
			await client.query('COMMIT')
			return { snapshot, rows }
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {})
			throw error
		} finally {
			client.release()
		}
	}

	/** COMMIT on PostgreSQL returns after the WAL flush (verifyDurability): `durable` is immediate. */
	async commit(batch: CommitBatch): Promise<CommitResult> {
		const started = performance.now()
		const ids = await this.transaction(async (client) => {
			for (const documentId of Array.from(new Set(batch.updates.map((u) => u.documentId))).sort()) {
				await client.query(COLLAB_PG_SQL.lockDocument, [documentId])
			}
			let ids: number[] = []
			if (batch.updates.length > 0) {
				const result = await client.query<{ id: number }>(COLLAB_PG_SQL.insertUpdates, [
					batch.updates.map((u) => u.documentId),
					batch.updates.map((u) => asBuffer(u.data)),
					batch.updates.map((u) => u.userId),
					toPgTimestamp(batch.at),
				])
				// The ids were drawn in input order; RETURNING's order is not promised, so sort.
				ids = result.rows.map((r) => r.id).sort((x, y) => x - y)
			}
			for (const { entry, at } of batch.audits) {
				const row = toRow(entry)
				await client.query(COLLAB_PG_SQL.insertAudit, [toPgTimestamp(at), row.userId, row.clientId, row.action, row.outcome, row.target, row.ipAddress, row.detail])
			}
			return ids
		})
		const elapsed = performance.now() - started
		this.stats.lastCommitMs = elapsed
		this.stats.maxCommitMs = Math.max(this.stats.maxCommitMs, elapsed)
		return { ids, durable: Promise.resolve() }
	}

	/**
	 * Snapshot through `throughUpdateId` and delete the rows it covers, under the document's
	 * lock. An instance whose state is older than the stored snapshot changes nothing.
	 */
	async compact(documentId: string, state: Uint8Array, throughUpdateId: number): Promise<CompactionResult> {
		const deletedRows = await this.transaction(async (client) => {
			await client.query(COLLAB_PG_SQL.lockDocument, [documentId])
			await client.query(COLLAB_PG_SQL.upsertSnapshot, [documentId, asBuffer(state), throughUpdateId, toPgTimestamp(new Date())])
			return (await client.query(COLLAB_PG_SQL.deleteUpdates, [documentId, throughUpdateId])).rowCount ?? 0
		})
		return { snapshotBytes: state.byteLength, deletedRows }
	}

	async close(): Promise<void> {
		await this.pool.end()
	}

	private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
		const client = await this.pool.connect()
		let failed: Error | undefined
		try {
			await client.query('BEGIN')
			const result = await fn(client)
			await client.query('COMMIT')
			return result
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {})
			failed = error instanceof Error ? error : new Error(String(error))
			throw error
		} finally {
			// A client whose transaction failed may be broken: the pool discards it.
			client.release(failed)
		}
	}
}

function asBuffer(data: Uint8Array): Buffer {
	return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}
