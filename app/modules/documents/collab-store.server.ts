import fs from 'node:fs'
import type Database from 'better-sqlite3'
import type { AuditEntry } from '#app/modules/audit/audit.server.ts'
import { CollabStorage, type CompactionResult, type DocumentTail, type LoadedDocument } from '#app/modules/documents/collab-storage.server.ts'

/**
 * The storage interface the collaboration server uses (decision 0018): asynchronous, so an
 * engine with a connection pool (PostgreSQL) implements the same four calls as the embedded
 * SQLite file. The caller — server/collab/write-queue.ts and hub.ts — provides the ordering:
 *
 * - a document is loaded at most once at a time (concurrent opens share one `load`), and a
 *   document is only loaded when none of its updates is waiting for `commit`;
 * - `commit` is never called while a previous `commit` or `compact` is still pending (one batch
 *   in flight: group commit), and the rows of a batch are inserted in the order given, so the
 *   updates of every document are stored in the order they were accepted;
 * - `compact` goes through the same single lane as `commit`.
 *
 * Two promises per commit, because "nobody can lose it by killing the process" and "it
 * survives a power cut" cost differently on SQLite:
 * - `commit()` resolves once the transaction is committed and visible to every later read
 *   and survives kill -9 of this process. Only then is the batch applied and broadcast.
 * - `durable` resolves once the commit is on stable storage (fsync). Only then is it
 *   acknowledged to the author as saved (保存済み).
 * An engine whose COMMIT is already synced (PostgreSQL with synchronous_commit=on) returns an
 * already-resolved `durable`.
 */
export interface CollabStore {
	/** Snapshot + the update rows after it, applied into a fresh Y.Doc. */
	load(documentId: string): Promise<LoadedDocument>
	/**
	 * One transaction: the update rows (in order) and the audit rows. Rejects when nothing was
	 * stored. Resolves with the ids of the update rows, in the order given.
	 */
	commit(batch: CommitBatch): Promise<CommitResult>
	/** One transaction: the snapshot through `throughUpdateId` replaces the rows it covers. */
	compact(documentId: string, state: Uint8Array, throughUpdateId: number): Promise<CompactionResult>
	/**
	 * Several instances (decision 0023): what is committed after `afterId` (a newer snapshot
	 * and the rows), i.e. what an instance holding the document through `afterId` lacks.
	 * Required when REDIS_URL is set.
	 */
	readAfter?(documentId: string, afterId: number): Promise<DocumentTail>
	/** Waits for pending syncs and releases what the store opened (not the caller's connection). */
	close(): Promise<void>
	readonly stats: CollabStoreStats
}

export type CommitBatch = {
	/** `createdAt` of the update rows */
	at: Date
	updates: ReadonlyArray<{ documentId: string; data: Uint8Array; userId: string | null }>
	audits: ReadonlyArray<{ entry: AuditEntry; at: Date }>
}

export type CommitResult = {
	ids: number[]
	/** resolves when the commit is on stable storage; never rejects (a failed sync is retried) */
	durable: Promise<void>
}

export type CollabStoreStats = {
	/** commits that waited for a transaction someone else held open on the connection */
	deferrals: number
	/** fsyncs done after commits (several commits can share one) */
	syncs: number
	lastCommitMs: number
	maxCommitMs: number
	lastSyncMs: number
	maxSyncMs: number
}

// After this many consecutive deferrals (a Prisma transaction waiting on I/O) retry on a timer
// instead of every loop turn, so a long foreign transaction does not spin the CPU.
const SPIN_DEFERRALS = 64

/**
 * The SQLite implementation, on the process's one shared better-sqlite3 connection (decision
 * 0002). Statements run synchronously (each call is one event-loop step, so no other code can
 * interleave inside a transaction); the interface is asynchronous only where the engine really
 * waits: for a foreign transaction to end, and for the fsync.
 *
 * Commit-then-sync: the batch is committed with `synchronous=NORMAL` — in WAL mode that writes
 * the frames to the -wal file (the OS page cache: kill -9 of this process cannot lose them) but
 * does not fsync — and the connection returns to `synchronous=FULL` for everyone else at once.
 * The fsync of the -wal file then runs on libuv's thread pool, off the event loop; one fsync
 * covers every commit written before it started. Without WAL (or for an in-memory database)
 * commits stay `synchronous=FULL` and `durable` is resolved at once.
 */
export class SqliteCollabStore implements CollabStore {
	readonly storage: CollabStorage
	readonly stats: CollabStoreStats = { deferrals: 0, syncs: 0, lastCommitMs: 0, maxCommitMs: 0, lastSyncMs: 0, maxSyncMs: 0 }
	private readonly walPath: string | null
	private readonly relaxSync: Database.Statement | null
	private readonly restoreSync: Database.Statement | null
	private wal: { fd: number; ino: number } | null = null
	/** the fsync running now, and the one queued behind it for commits written meanwhile */
	private syncing: Promise<void> | null = null
	private nextSync: Promise<void> | null = null
	private closed = false

	constructor(readonly db: Database.Database) {
		this.storage = new CollabStorage(db)
		const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase()
		const synchronous = Number(db.pragma('synchronous', { simple: true }))
		// Split commit and sync only where the connection is WAL + FULL (2) — the app's setting.
		const split = journal === 'wal' && synchronous === 2 && !db.memory && db.name !== ''
		this.walPath = split ? `${db.name}-wal` : null
		this.relaxSync = split ? db.prepare('PRAGMA synchronous = NORMAL') : null
		this.restoreSync = split ? db.prepare('PRAGMA synchronous = FULL') : null
	}

	load(documentId: string): Promise<LoadedDocument> {
		try {
			return Promise.resolve(this.storage.load(documentId))
		} catch (error) {
			return Promise.reject(error)
		}
	}

	async readAfter(documentId: string, afterId: number): Promise<DocumentTail> {
		await this.whenConnectionFree()
		return this.storage.readAfter(documentId, afterId)
	}

	async commit(batch: CommitBatch): Promise<CommitResult> {
		await this.whenConnectionFree()
		const started = performance.now()
		const ids: number[] = []
		const write = () => {
			for (const update of batch.updates) ids.push(this.storage.appendUpdate(update.documentId, update.data, update.userId, batch.at))
			for (const audit of batch.audits) this.storage.appendAudit(audit.entry, audit.at)
		}
		if (this.relaxSync && this.restoreSync) {
			this.relaxSync.run()
			try {
				this.storage.transaction(write)
			} finally {
				this.restoreSync.run()
			}
		} else {
			this.storage.transaction(write)
		}
		const elapsed = performance.now() - started
		this.stats.lastCommitMs = elapsed
		this.stats.maxCommitMs = Math.max(this.stats.maxCommitMs, elapsed)
		return { ids, durable: this.walPath ? this.sync() : Promise.resolve() }
	}

	async compact(documentId: string, state: Uint8Array, throughUpdateId: number): Promise<CompactionResult> {
		await this.whenConnectionFree()
		// Compaction commits with synchronous=FULL: it deletes rows, and must never be the one
		// thing in the WAL that is not yet synced when the rows it replaces are.
		return this.storage.compactState(documentId, state, throughUpdateId)
	}

	/** Stops syncing (after the last commit, at shutdown). */
	async close(): Promise<void> {
		await this.nextSync
		await this.syncing
		this.closed = true
		if (this.wal) fs.closeSync(this.wal.fd)
		this.wal = null
	}

	/** Waits while someone else (a Prisma interactive transaction) holds a transaction open. */
	private async whenConnectionFree(): Promise<void> {
		let deferrals = 0
		while (this.storage.busy) {
			this.stats.deferrals++
			deferrals++
			await new Promise<void>((resolve) => (deferrals < SPIN_DEFERRALS ? setImmediate(resolve) : setTimeout(resolve, 2)))
		}
	}

	/**
	 * Resolves after an fsync that started after this call. If one is running, the commits
	 * written since share the next one (group sync).
	 */
	private sync(): Promise<void> {
		if (!this.syncing) {
			this.syncing = this.runSync().finally(() => (this.syncing = null))
			return this.syncing
		}
		if (!this.nextSync) {
			this.nextSync = this.syncing.then(() => {
				this.nextSync = null
				return this.sync()
			})
		}
		return this.nextSync
	}

	private async runSync(): Promise<void> {
		const started = performance.now()
		for (let attempt = 0; ; attempt++) {
			try {
				if (this.closed) return
				// The -wal file keeps its inode while the connection is open; reopen if not.
				const ino = (await fs.promises.stat(this.walPath!)).ino
				if (!this.wal || this.wal.ino !== ino) {
					if (this.wal) fs.closeSync(this.wal.fd)
					this.wal = { fd: fs.openSync(this.walPath!, 'r'), ino }
				}
				const fd = this.wal.fd
				await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())))
				break
			} catch (error) {
				// Nothing is acknowledged until a sync succeeds; the commits stay unacknowledged.
				console.error('[collab] syncing the write-ahead log failed; retrying', error)
				if (this.wal) fs.close(this.wal.fd, () => {})
				this.wal = null
				await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 10 * 2 ** attempt)))
			}
		}
		const elapsed = performance.now() - started
		this.stats.syncs++
		this.stats.lastSyncMs = elapsed
		this.stats.maxSyncMs = Math.max(this.stats.maxSyncMs, elapsed)
	}
}
