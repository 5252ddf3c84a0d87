import type { AuditEntry } from '#app/modules/audit/audit.server.ts'
import type { CollabStore } from '#app/modules/documents/collab-store.server.ts'

/**
 * Group commit on one ordered lane. Every accepted update is queued; one flush per event-loop
 * turn (setImmediate) sends everything queued so far — updates and audit rows — to the store
 * as ONE transaction, and only after the store has committed it are the updates applied and
 * broadcast (write-ahead: nothing another client has seen can be lost by kill -9). At most one
 * batch (or compaction) is with the store at a time; what arrives meanwhile forms the next
 * batch. That single lane is the per-document ordering the asynchronous store relies on: a
 * document's updates are committed, applied and broadcast in the order they were accepted.
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
	/**
	 * Called right after the store committed the batch, in arrival order. `durable` resolves
	 * once the commit is on stable storage (the moment to acknowledge it as saved).
	 */
	onCommitted(updates: CommittedUpdate[], durable: Promise<void>): void
	/** The transaction failed: none of these updates is stored. */
	onFailed(updates: UpdateEntry[], error: unknown): void
}

export type WriteQueueStats = {
	commits: number
	committedUpdates: number
	failures: number
	lastCommitMs: number
	maxCommitMs: number
}

const MAX_AUDIT_ATTEMPTS = 5

type PlannedBatch = {
	updates: UpdateEntry[]
	audits: Array<{ entry: AuditEntry; at: Date }>
	windowCounts: Map<WriteSource, { updates: number; bytes: number; reset: boolean }>
}

/** The single in-process writer for collaboration rows (see the module comment). */
export class WriteQueue {
	private entries: QueueEntry[] = []
	/** work that must run alone on the lane (compactions), in order */
	private exclusive: Array<() => Promise<void>> = []
	private scheduled = false
	private running = false
	/** entries handed to the store and not yet settled */
	private inFlight = 0
	private retryTimer: NodeJS.Timeout | null = null
	private disposed = false
	readonly stats: WriteQueueStats = { commits: 0, committedUpdates: 0, failures: 0, lastCommitMs: 0, maxCommitMs: 0 }

	constructor(
		private readonly store: CollabStore,
		private readonly hooks: WriteQueueHooks,
		private readonly auditWindowMs: number,
	) {}

	/** Rows waiting or being written. */
	get length(): number {
		return this.entries.length + this.inFlight
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

	/**
	 * Runs `task` alone on the lane: after the batch being written, before the next one. A
	 * task's failure is its own to report; the lane goes on.
	 */
	runExclusive(task: () => Promise<void>): void {
		this.exclusive.push(task)
		this.schedule()
	}

	private schedule(): void {
		if (this.scheduled || this.disposed) return
		this.scheduled = true
		setImmediate(() => {
			this.scheduled = false
			void this.pump()
		})
	}

	/** Writes batch after batch until nothing is queued. Only one pump runs at a time. */
	private async pump(): Promise<void> {
		if (this.running) return
		this.running = true
		try {
			while (!this.disposed && (this.entries.length > 0 || this.exclusive.length > 0)) {
				const task = this.exclusive.shift()
				if (task) await task().catch((error) => console.error('[collab] a storage task failed', error))
				// After a failure the audit rows wait for their retry timer.
				else if (!(await this.flushBatch())) break
			}
		} finally {
			this.running = false
		}
	}

	/** False when the store refused the batch. */
	private async flushBatch(): Promise<boolean> {
		const batch = this.entries
		this.entries = []
		const now = Date.now()
		const planned = this.plan(batch, now)
		if (planned.updates.length === 0 && planned.audits.length === 0) return true
		this.inFlight = batch.length
		const started = performance.now()
		let result
		try {
			result = await this.store.commit({
				at: new Date(now),
				updates: planned.updates.map((u) => ({ documentId: u.documentId, data: u.data, userId: u.source.userId })),
				audits: planned.audits,
			})
		} catch (error) {
			this.inFlight = 0
			this.stats.failures++
			console.error('[collab] storing a batch failed; its updates were not applied', error)
			this.requeueAuditRows(batch)
			guard(() => this.hooks.onFailed(planned.updates, error))
			return false
		}
		this.inFlight = 0
		const elapsed = performance.now() - started
		this.stats.commits++
		this.stats.committedUpdates += planned.updates.length
		this.stats.lastCommitMs = elapsed
		this.stats.maxCommitMs = Math.max(this.stats.maxCommitMs, elapsed)
		// The rows are committed: only now move the in-memory audit windows forward.
		for (const [source, counts] of planned.windowCounts) {
			if (counts.reset) source.writeWindow = { updates: 0, bytes: 0, since: now }
			else if (counts.updates > 0) {
				if (source.writeWindow.updates === 0) source.writeWindow.since = now
				source.writeWindow.updates += counts.updates
				source.writeWindow.bytes += counts.bytes
			}
		}
		const committed = planned.updates.map((update, i): CommittedUpdate => ({ ...update, id: result.ids[i] }))
		if (committed.length > 0) guard(() => this.hooks.onCommitted(committed, result.durable))
		return true
	}

	/** The rows of one transaction: updates in arrival order, audit rows, write-window rows, disconnect rows. */
	private plan(batch: QueueEntry[], now: number): PlannedBatch {
		const at = new Date(now)
		const updates: UpdateEntry[] = []
		const audits: Array<{ entry: AuditEntry; at: Date }> = []
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
					updates.push(entry)
					const counts = countsFor(entry.source)
					counts.updates++
					counts.bytes += entry.data.byteLength
					break
				}
				case 'audit':
					audits.push({ entry: entry.entry, at: entry.at })
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
			const count = source.writeWindow.updates + counts.updates
			if (count === 0) continue
			const since = source.writeWindow.updates > 0 ? source.writeWindow.since : now
			if (!ending.has(source) && now - since < this.auditWindowMs) continue
			audits.push({
				entry: {
					action: 'document.write',
					userId: source.userId,
					clientId: source.clientId,
					target: `document:${source.docName}`,
					ipAddress: source.ip,
					detail: {
						connection: source.id,
						updates: count,
						bytes: source.writeWindow.bytes + counts.bytes,
						from: new Date(since).toISOString(),
						to: at.toISOString(),
					},
				},
				at,
			})
			counts.reset = true
		}
		for (const end of ends) audits.push({ entry: end.entry, at: end.at })
		return { updates, audits, windowCounts }
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

	/** Writes until the queue is empty or the timeout passes (graceful shutdown). */
	async drain(timeoutMs: number): Promise<boolean> {
		const deadline = Date.now() + timeoutMs
		while ((this.entries.length > 0 || this.exclusive.length > 0 || this.running) && Date.now() < deadline) {
			if (!this.running && !this.scheduled) void this.pump()
			await new Promise((resolve) => setTimeout(resolve, 5))
		}
		return this.entries.length === 0 && !this.running
	}

	/** Stops retry timers (after drain, at shutdown). */
	dispose(): void {
		this.disposed = true
		if (this.retryTimer) clearTimeout(this.retryTimer)
		this.retryTimer = null
		if (this.entries.length > 0) console.error(`[collab] ${this.entries.length} queued rows were not written before shutdown`)
		this.entries = []
		this.exclusive = []
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
