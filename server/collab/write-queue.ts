import type { AuditEntry } from '#app/modules/audit/audit.server.ts'
import type { CollabStorage } from '#app/modules/documents/collab-storage.server.ts'

/**
 * Group commit. Every accepted update is queued; one flush per event-loop turn (setImmediate)
 * writes everything queued so far — updates and audit rows — in ONE transaction, and only
 * after COMMIT returns are the updates applied and broadcast (write-ahead: nothing another
 * client has seen can be lost by kill -9). A flush never writes inside a transaction someone
 * else (Prisma) holds open on the shared connection: it waits for it to end.
 */

/** What the queue needs to know about the connection an update came from. */
export interface WriteSource {
	readonly id: string
	readonly userId: string
	readonly clientId: string
	readonly docName: string
	readonly ip: string
	/** accepted updates not yet covered by a 'document.write' audit row */
	writeWindow: { updates: number; bytes: number; since: number }
}

export type UpdateEntry = {
	type: 'update'
	source: WriteSource
	documentId: string
	docName: string
	data: Uint8Array
	receivedAt: number
}

type QueueEntry =
	| UpdateEntry
	| { type: 'audit'; entry: AuditEntry; at: Date; attempts: number }
	/** the source's write-audit window may be due */
	| { type: 'window'; source: WriteSource }
	/** the source disconnected: close its write window, then write this row */
	| { type: 'end'; source: WriteSource; entry: AuditEntry; at: Date; attempts: number }

export type CommittedUpdate = UpdateEntry & { id: number }

export type WriteQueueHooks = {
	/** Called synchronously right after COMMIT, in arrival order. */
	onCommitted(updates: CommittedUpdate[]): void
	/** The transaction failed: none of these updates is stored. */
	onFailed(updates: UpdateEntry[], error: unknown): void
}

export type WriteQueueStats = {
	commits: number
	committedUpdates: number
	failures: number
	deferrals: number
	lastCommitMs: number
	maxCommitMs: number
}

const MAX_AUDIT_ATTEMPTS = 5
// After this many consecutive deferrals (a Prisma transaction waiting on I/O) retry on a timer
// instead of every loop turn, so a long foreign transaction does not spin the CPU.
const SPIN_DEFERRALS = 64

/** The single in-process writer for collaboration rows (see the module comment). */
export class WriteQueue {
	private entries: QueueEntry[] = []
	private scheduled = false
	private consecutiveDeferrals = 0
	private retryTimer: NodeJS.Timeout | null = null
	private disposed = false
	readonly stats: WriteQueueStats = { commits: 0, committedUpdates: 0, failures: 0, deferrals: 0, lastCommitMs: 0, maxCommitMs: 0 }

	constructor(
		private readonly storage: CollabStorage,
		private readonly hooks: WriteQueueHooks,
		private readonly auditWindowMs: number,
	) {}

	get length(): number {
		return this.entries.length
	}

	enqueueUpdate(entry: Omit<UpdateEntry, 'type'>): void {
		this.entries.push({ type: 'update', ...entry })
		this.schedule()
	}

	enqueueAudit(entry: AuditEntry, at = new Date()): void {
		this.entries.push({ type: 'audit', entry, at, attempts: 0 })
		this.schedule()
	}

	/** Asks for the source's write-audit row if its window has elapsed. */
	enqueueWindowCheck(source: WriteSource): void {
		this.entries.push({ type: 'window', source })
		this.schedule()
	}

	/** The source is gone: its remaining write window and this disconnect row go out together. */
	enqueueEnd(source: WriteSource, entry: AuditEntry, at = new Date()): void {
		this.entries.push({ type: 'end', source, entry, at, attempts: 0 })
		this.schedule()
	}

	private schedule(): void {
		if (this.scheduled || this.disposed) return
		this.scheduled = true
		setImmediate(() => this.flush())
	}

	/**
	 * Writes everything queued in one transaction. Returns false when it had to defer because
	 * another transaction is open on the connection.
	 */
	flush(): boolean {
		this.scheduled = false
		// After shutdown the connection may be closed: nothing more is written.
		if (this.entries.length === 0 || this.disposed) return true
		if (this.storage.busy) {
			this.stats.deferrals++
			this.consecutiveDeferrals++
			this.scheduled = true
			if (this.consecutiveDeferrals < SPIN_DEFERRALS) setImmediate(() => this.flush())
			else setTimeout(() => this.flush(), 2).unref()
			return false
		}
		this.consecutiveDeferrals = 0
		const batch = this.entries
		this.entries = []
		const now = Date.now()
		const started = performance.now()
		let committed: CommittedUpdate[]
		let windowCounts: Map<WriteSource, { updates: number; bytes: number; reset: boolean }>
		try {
			;({ committed, windowCounts } = this.storage.transaction(() => this.writeBatch(batch, now)))
		} catch (error) {
			this.stats.failures++
			console.error('[collab] storing a batch failed; its updates were not applied', error)
			this.requeueAuditRows(batch)
			const updates = batch.filter((e): e is UpdateEntry => e.type === 'update')
			guard(() => this.hooks.onFailed(updates, error))
			return true
		}
		const elapsed = performance.now() - started
		this.stats.commits++
		this.stats.committedUpdates += committed.length
		this.stats.lastCommitMs = elapsed
		this.stats.maxCommitMs = Math.max(this.stats.maxCommitMs, elapsed)
		// The rows are durable: only now move the in-memory audit windows forward.
		for (const [source, counts] of windowCounts) {
			if (counts.reset) source.writeWindow = { updates: 0, bytes: 0, since: now }
			else if (counts.updates > 0) {
				if (source.writeWindow.updates === 0) source.writeWindow.since = now
				source.writeWindow.updates += counts.updates
				source.writeWindow.bytes += counts.bytes
			}
		}
		if (committed.length > 0) guard(() => this.hooks.onCommitted(committed))
		return true
	}

	private writeBatch(batch: QueueEntry[], now: number) {
		const at = new Date(now)
		const committed: CommittedUpdate[] = []
		const windowCounts = new Map<WriteSource, { updates: number; bytes: number; reset: boolean }>()
		const ends: Array<Extract<QueueEntry, { type: 'end' }>> = []
		const countsFor = (source: WriteSource) => {
			let counts = windowCounts.get(source)
			if (!counts) windowCounts.set(source, (counts = { updates: 0, bytes: 0, reset: false }))
			return counts
		}
		for (const entry of batch) {
			switch (entry.type) {
				case 'update': {
					const id = this.storage.appendUpdate(entry.documentId, entry.data, entry.source.userId, at)
					committed.push({ ...entry, id })
					const counts = countsFor(entry.source)
					counts.updates++
					counts.bytes += entry.data.byteLength
					break
				}
				case 'audit':
					this.storage.appendAudit(entry.entry, entry.at)
					break
				case 'window':
					countsFor(entry.source)
					break
				case 'end':
					countsFor(entry.source)
					ends.push(entry)
					break
			}
		}
		const ending = new Set(ends.map((e) => e.source))
		// One 'document.write' row per connection and window: who, which document, how many
		// updates and bytes — never the content. Written in the same transaction as the rows
		// it describes, so the audit trail and the document can never disagree after a crash.
		for (const [source, counts] of windowCounts) {
			const updates = source.writeWindow.updates + counts.updates
			if (updates === 0) continue
			const since = source.writeWindow.updates > 0 ? source.writeWindow.since : now
			if (!ending.has(source) && now - since < this.auditWindowMs) continue
			this.storage.appendAudit(
				{
					action: 'document.write',
					userId: source.userId,
					clientId: source.clientId,
					target: `document:${source.docName}`,
					ipAddress: source.ip,
					detail: {
						connection: source.id,
						updates,
						bytes: source.writeWindow.bytes + counts.bytes,
						from: new Date(since).toISOString(),
						to: at.toISOString(),
					},
				},
				at,
			)
			counts.reset = true
		}
		for (const end of ends) this.storage.appendAudit(end.entry, end.at)
		return { committed, windowCounts }
	}

	/** Audit rows are not resent by any client: keep them for the next attempt. */
	private requeueAuditRows(batch: QueueEntry[]): void {
		const retry: QueueEntry[] = []
		for (const entry of batch) {
			if (entry.type !== 'audit' && entry.type !== 'end') continue
			if (entry.attempts + 1 >= MAX_AUDIT_ATTEMPTS) {
				console.error('[collab] dropping an audit row after repeated storage failures', entry.entry.action)
				continue
			}
			retry.push({ ...entry, attempts: entry.attempts + 1 })
		}
		if (retry.length === 0) return
		this.entries = [...retry, ...this.entries]
		if (!this.retryTimer) {
			this.retryTimer = setTimeout(() => {
				this.retryTimer = null
				this.schedule()
			}, 200)
			this.retryTimer.unref()
		}
	}

	/** Flushes until the queue is empty or the timeout passes (graceful shutdown). */
	async drain(timeoutMs: number): Promise<boolean> {
		const deadline = Date.now() + timeoutMs
		while (this.entries.length > 0 && Date.now() < deadline) {
			if (!this.flush()) await new Promise((resolve) => setImmediate(resolve))
			else if (this.entries.length > 0) await new Promise((resolve) => setTimeout(resolve, 20))
		}
		return this.entries.length === 0
	}

	/** Stops retry timers (after drain, at shutdown). */
	dispose(): void {
		this.disposed = true
		if (this.retryTimer) clearTimeout(this.retryTimer)
		this.retryTimer = null
		if (this.entries.length > 0) console.error(`[collab] ${this.entries.length} queued rows were not written before shutdown`)
		this.entries = []
	}
}

// Hooks run from setImmediate: an exception there would reach the process-level handler and
// take every connection down with it.
function guard(fn: () => void): void {
	try {
		fn()
	} catch (error) {
		console.error('[collab] write queue hook failed', error)
	}
}
