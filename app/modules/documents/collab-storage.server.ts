import type Database from 'better-sqlite3'
import * as Y from 'yjs'
import type { AuditEntry } from '#app/modules/audit/audit.server.ts'
import { toRow } from '#app/modules/audit/audit.server.ts'

/**
 * Raw SQLite access for the collaboration server, on the process's one shared connection.
 * Everything here is synchronous: a document loads in one tick, so no connection can ever see
 * a half-loaded document, and a commit followed by its in-memory apply is atomic with respect
 * to every other event.
 */

/**
 * Prisma 6 (client engine + better-sqlite3 adapter) stores DateTime as ISO-8601 text with an
 * explicit "+00:00" offset, e.g. 2026-11-23T19:35:51.001+00:00. Rows written here use the
 * same text so Prisma reads them back as Dates (verified by the audit test).
 */
export function toDbDateTime(date: Date): string {
	return date.toISOString().replace('Z', '+00:00')
}

export type LoadedDocument = {
	doc: Y.Doc
	/** highest DocUpdate id applied (or the snapshot's throughUpdateId) */
	lastUpdateId: number
	/** update rows after the snapshot */
	logRows: number
	logBytes: number
	snapshotBytes: number
	/** rows that failed to apply (logged; never expected) */
	badRows: number
	loadMs: number
}

export type StoredSnapshot = { data: Buffer; throughUpdateId: number }
export type StoredUpdate = { id: number; data: Buffer }

/**
 * A document from its snapshot and the log rows after it, applied inside one Y transaction (one
 * integration pass; never Y.mergeUpdates over a long log). Both engines' stores read the same rows
 * and build the document here.
 */
export function buildLoadedDocument(documentId: string, snapshot: StoredSnapshot | undefined, rows: StoredUpdate[], started: number): LoadedDocument {
	const doc = new Y.Doc()
	let lastUpdateId = snapshot?.throughUpdateId ?? 0
	let logBytes = 0
	let badRows = 0
	doc.transact(() => {
		if (snapshot) Y.applyUpdate(doc, snapshot.data)
		for (const row of rows) {
			lastUpdateId = row.id
			logBytes += row.data.byteLength
			try {
				Y.applyUpdate(doc, row.data)
			} catch (error) {
				// Validation keeps such rows out; if one ever got in, the rest of the document
				// must still open.
				badRows++
				console.error(`[collab] update ${row.id} of ${documentId} failed to apply`, error)
			}
		}
	})
	return {
		doc,
		lastUpdateId,
		logRows: rows.length,
		logBytes,
		snapshotBytes: snapshot?.data.byteLength ?? 0,
		badRows,
		loadMs: performance.now() - started,
	}
}

export type CompactionResult = { snapshotBytes: number; deletedRows: number }

/**
 * What another instance committed after `afterId` (cluster mode): a newer snapshot when one
 * replaced the rows in between, then the rows, in id order.
 */
export type DocumentTail = {
	snapshot: { data: Buffer; throughUpdateId: number } | null
	rows: Array<{ id: number; data: Buffer }>
}

/** Prepared statements for the update log, snapshots and audit rows. */
export class CollabStorage {
	private readonly insertUpdate: Database.Statement
	private readonly insertAudit: Database.Statement
	private readonly selectSnapshot: Database.Statement
	private readonly selectUpdates: Database.Statement
	private readonly upsertSnapshot: Database.Statement
	private readonly deleteUpdates: Database.Statement
	private readonly selectUpdatesBetween: Database.Statement
	private readonly selectNewerSnapshot: Database.Statement

	constructor(readonly db: Database.Database) {
		// The shared connection has defaultSafeIntegers(true) (Prisma's adapter): ask for plain
		// numbers on our statements — ids stay far below 2^53.
		const prepare = (sql: string) => db.prepare(sql).safeIntegers(false)
		this.insertUpdate = prepare('INSERT INTO "DocUpdate" ("documentId", "data", "userId", "createdAt") VALUES (?, ?, ?, ?)')
		this.insertAudit = prepare(
			'INSERT INTO "AuditLog" ("at", "userId", "clientId", "action", "outcome", "target", "ipAddress", "detail") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
		)
		this.selectSnapshot = prepare('SELECT "data", "throughUpdateId" FROM "DocSnapshot" WHERE "documentId" = ?')
		this.selectUpdates = prepare('SELECT "id", "data" FROM "DocUpdate" WHERE "documentId" = ? AND "id" > ? ORDER BY "id"')
		// Never replace a snapshot by an older one (with several instances, one holding an older
		// state may compact after another did).
		this.upsertSnapshot = prepare(
			'INSERT INTO "DocSnapshot" ("documentId", "data", "throughUpdateId", "updatedAt") VALUES (?, ?, ?, ?) ' +
				'ON CONFLICT ("documentId") DO UPDATE SET "data" = excluded."data", "throughUpdateId" = excluded."throughUpdateId", "updatedAt" = excluded."updatedAt" ' +
				'WHERE excluded."throughUpdateId" > "DocSnapshot"."throughUpdateId"',
		)
		this.selectUpdatesBetween = prepare(
			'SELECT "id", "data" FROM "DocUpdate" WHERE "documentId" = ? AND "id" > ? AND "id" < ? ORDER BY "id"',
		)
		this.selectNewerSnapshot = prepare(
			'SELECT "data", "throughUpdateId" FROM "DocSnapshot" WHERE "documentId" = ? AND "throughUpdateId" > ?',
		)
		this.deleteUpdates = prepare('DELETE FROM "DocUpdate" WHERE "documentId" = ? AND "id" <= ?')
	}

	/** True while someone else (a Prisma interactive transaction) holds a transaction open. */
	get busy(): boolean {
		return this.db.inTransaction
	}

	/** Runs fn in one BEGIN IMMEDIATE transaction. The caller has checked `busy`. */
	transaction<T>(fn: () => T): T {
		return this.db.transaction(fn).immediate()
	}

	/**
	 * Builds the document from its snapshot and the update rows after it, applying everything
	 * inside one Y transaction (one integration pass; never Y.mergeUpdates over a long log).
	 */
	load(documentId: string): LoadedDocument {
		const started = performance.now()
		const snapshot = this.selectSnapshot.get(documentId) as StoredSnapshot | undefined
		const rows = this.selectUpdates.all(documentId, snapshot?.throughUpdateId ?? 0) as StoredUpdate[]
		return buildLoadedDocument(documentId, snapshot, rows, started)
	}

	/**
	 * The committed state after `afterId` (and before `beforeId`, when given): what an instance
	 * holding the document through `afterId` has not applied yet.
	 */
	readAfter(documentId: string, afterId: number, beforeId = Number.MAX_SAFE_INTEGER): DocumentTail {
		const snapshot = (this.selectNewerSnapshot.get(documentId, afterId) as DocumentTail['snapshot'] | undefined) ?? null
		const from = snapshot ? Math.max(afterId, snapshot.throughUpdateId) : afterId
		const rows = this.selectUpdatesBetween.all(documentId, from, beforeId) as DocumentTail['rows']
		return { snapshot, rows }
	}

	/** Inserts one update row (inside the caller's transaction) and returns its id. */
	appendUpdate(documentId: string, data: Uint8Array, userId: string | null, at: Date): number {
		const info = this.insertUpdate.run(documentId, asBuffer(data), userId, toDbDateTime(at))
		return Number(info.lastInsertRowid)
	}

	/** Appends one audit row, using the audit module's own row mapping. */
	appendAudit(entry: AuditEntry, at: Date): void {
		const row = toRow(entry)
		this.insertAudit.run(toDbDateTime(at), row.userId, row.clientId, row.action, row.outcome, row.target, row.ipAddress, row.detail)
	}

	/**
	 * Replaces the rows up to `throughUpdateId` by one snapshot, in one transaction: after a crash
	 * either the old rows or the new snapshot exist, never neither.
	 */
	compact(documentId: string, doc: Y.Doc, throughUpdateId: number): CompactionResult {
		return this.compactState(documentId, Y.encodeStateAsUpdate(doc), throughUpdateId)
	}

	/** `compact` with the state already encoded. */
	compactState(documentId: string, state: Uint8Array, throughUpdateId: number): CompactionResult {
		const deletedRows = this.transaction(() => {
			this.upsertSnapshot.run(documentId, asBuffer(state), throughUpdateId, toDbDateTime(new Date()))
			return this.deleteUpdates.run(documentId, throughUpdateId).changes
		})
		return { snapshotBytes: state.byteLength, deletedRows }
	}
}

function asBuffer(data: Uint8Array): Buffer {
	return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}
