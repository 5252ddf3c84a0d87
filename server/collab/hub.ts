import type Database from 'better-sqlite3'
import type WebSocket from 'ws'
import * as Y from 'yjs'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { onDocumentTopic } from '#app/modules/live-events.server.ts'
import { AuthLookups, type AccessGrant } from './authorize.ts'
import type { CollabSettings } from './config.ts'
import { Connection, type ConnectionCounters, type ConnectionHost } from './connection.ts'
import { PlanProjector } from './projection.ts'
import { IpLimiter } from './rate-limit.ts'
import { AccessMonitor, type MonitorHost } from './revocation.ts'
import { Room } from './room.ts'
import { CollabStorage, type DocumentTail } from '#app/modules/documents/collab-storage.server.ts'
import { DocumentRelay, RELAY_ORIGIN, type RelayHost } from './cluster/document-relay.ts'
import type { RedisBus } from './cluster/redis-bus.ts'
import { WriteQueue, type CommittedUpdate, type UpdateEntry } from './write-queue.ts'

export type HubCounters = ConnectionCounters & {
	documentsLoaded: number
	documentsUnloaded: number
	compactions: number
	storageFailures: number
	refusals: number
	throttledHandshakes: number
	/** authorized sockets closed at once because the document or the person's share was full */
	refusedConnections: number
	lastLoadMs: number
	maxLoadMs: number
}

/**
 * The collaboration server's state: open documents (rooms), connections, the write queue and
 * the access monitor. Everything document-related runs synchronously on the event loop; the
 * only awaits are authorization lookups, which happen before a connection exists or only ever
 * close connections.
 */
export class CollabHub implements ConnectionHost, MonitorHost, RelayHost {
	readonly storage: CollabStorage
	readonly queue: WriteQueue
	readonly limiter: IpLimiter
	readonly monitor: AccessMonitor
	readonly authLookups: AuthLookups
	/** plan-goal / ISP-row projection of 'plan' and 'isp' documents (projection.ts) */
	readonly projector: PlanProjector
	readonly rooms = new Map<string, Room>()
	readonly connections = new Set<Connection>()
	readonly counters: HubCounters = {
		ignoredAfterClose: 0,
		droppedReadOnlyUpdates: 0,
		invalidMessages: 0,
		rateLimited: 0,
		awarenessRejected: 0,
		slowConsumers: 0,
		documentsLoaded: 0,
		documentsUnloaded: 0,
		compactions: 0,
		storageFailures: 0,
		refusals: 0,
		throttledHandshakes: 0,
		refusedConnections: 0,
		lastLoadMs: 0,
		maxLoadMs: 0,
	}
	closing = false
	/** Set when REDIS_URL is: other instances hold the same documents (cluster/document-relay.ts). */
	relay: DocumentRelay | null = null
	private sweepTimer: NodeJS.Timeout | null = null
	private pingTimer: NodeJS.Timeout | null = null
	private unsubscribeTopics: (() => void) | null = null

	constructor(
		db: Database.Database,
		readonly settings: CollabSettings,
	) {
		this.storage = new CollabStorage(db)
		this.queue = new WriteQueue(
			this.storage,
			{ onCommitted: (updates) => this.onCommitted(updates), onFailed: (updates) => this.onFailed(updates) },
			settings.auditWindowMs,
		)
		this.limiter = new IpLimiter(settings)
		this.monitor = new AccessMonitor(this)
		this.authLookups = new AuthLookups(settings.authCacheMs, () => this.monitor.epoch)
		this.projector = new PlanProjector(this.storage, (documentId) => this.openDocOf(documentId))
	}

	private openDocOf(documentId: string): Y.Doc | null {
		for (const room of this.rooms.values()) if (room.documentId === documentId) return room.doc
		return null
	}

	/** Joins the cluster: open documents follow what other instances commit. */
	useRelay(bus: RedisBus): void {
		this.relay = new DocumentRelay(bus, this)
	}

	start(): void {
		this.monitor.start()
		this.unsubscribeTopics = onDocumentTopic(({ documentId, topic }) => {
			// Emitted synchronously from HTTP actions: never let our work throw into theirs.
			try {
				for (const room of this.rooms.values()) if (room.documentId === documentId) room.sendTopic(topic)
			} catch (error) {
				console.error('[collab] forwarding a document topic failed', error)
			}
		})
		// Projections written by an earlier run may miss its last commits (kill -9 within the
		// debounce): recompute them from stored state.
		try {
			this.projector.rebuildAll()
		} catch (error) {
			console.error('[collab] rebuilding the plan projection failed', error)
		}
		this.sweepTimer = setInterval(() => this.sweep(), this.settings.sweepIntervalMs)
		this.sweepTimer.unref()
		this.pingTimer = setInterval(() => {
			for (const connection of Array.from(this.connections)) connection.heartbeat()
		}, this.settings.pingIntervalMs)
		this.pingTimer.unref()
	}

	/**
	 * Takes over an upgraded, authorized socket: opens (loads) the document if needed — a
	 * synchronous read, so there is no window in which a client could see a half-loaded or
	 * stale document — and joins the connection to it.
	 */
	admit(ws: WebSocket, grant: AccessGrant, meta: { ip: string; ipKey: string; wantsSaved: boolean }): void {
		ws.on('error', onSocketError)
		if (this.closing) {
			ws.close(CLOSE.goingAway, 'server shutting down')
			return
		}
		if (this.connections.size >= this.settings.maxConnections) {
			ws.close(CLOSE.tooManyConnections, 'server busy')
			return
		}
		let room = this.rooms.get(grant.docName)
		if (!room) {
			if (this.rooms.size >= this.settings.maxOpenDocuments) {
				ws.close(CLOSE.tooManyConnections, 'server busy')
				return
			}
			try {
				room = this.openRoom(grant)
			} catch (error) {
				console.error(`[collab] loading ${grant.docName} failed`, error)
				ws.close(CLOSE.internalError, 'document could not be opened')
				return
			}
		}
		// Readers may fill the document only up to the writers' reserve, and nobody beyond their own
		// per-person share: a read-only member with a script cannot lock the writers out.
		const limit =
			grant.access === 'write'
				? this.settings.maxConnectionsPerDocument
				: Math.max(0, this.settings.maxConnectionsPerDocument - this.settings.writerReservePerDocument)
		let own = 0
		for (const other of room.connections) if (other.userId === grant.userId) own++
		if (room.connections.size >= limit || own >= this.settings.maxConnectionsPerUserPerDocument) {
			this.counters.refusedConnections++
			ws.close(CLOSE.tooManyConnections, own >= this.settings.maxConnectionsPerUserPerDocument ? 'too many connections of yours' : 'document busy')
			this.unloadIfIdle(room)
			return
		}
		const connection = new Connection(this, ws, room, grant, meta)
		this.connections.add(connection)
		room.add(connection)
		this.limiter.opened(meta.ipKey)
		this.monitor.track(connection, { expiresAt: grant.sessionExpiresAt, lastActiveAt: grant.sessionLastActiveAt })
		this.queue.enqueueAudit({
			action: 'document.connect',
			userId: grant.userId,
			clientId: grant.clientId,
			target: `document:${grant.docName}`,
			ipAddress: meta.ip,
			detail: { connection: connection.id, access: grant.access, ...(grant.emergencyGrantId ? { emergencyGrantId: grant.emergencyGrantId } : {}) },
		})
		connection.start()
	}

	private openRoom(grant: AccessGrant): Room {
		const loaded = this.storage.load(grant.documentId)
		this.counters.documentsLoaded++
		this.counters.lastLoadMs = loaded.loadMs
		this.counters.maxLoadMs = Math.max(this.counters.maxLoadMs, loaded.loadMs)
		const room = new Room(
			{ name: grant.docName, documentId: grant.documentId, clientId: grant.clientId, kind: grant.kind, schema: grant.schema },
			loaded,
		)
		this.rooms.set(room.name, room)
		this.relay?.watch(room)
		// A long log (history written before compaction existed, or a crash just before one) is
		// folded into a snapshot now, so the next open reads one row.
		if (this.compactionDue(room)) this.compact(room)
		return room
	}

	enqueueUpdate(connection: Connection, update: Uint8Array): void {
		connection.room.pendingWrites++
		this.queue.enqueueUpdate({
			source: connection,
			documentId: connection.documentId,
			docName: connection.docName,
			data: update,
			receivedAt: performance.now(),
		})
	}

	/** Right after COMMIT: apply, broadcast (inside applyUpdate), tell saved=1 clients, maybe compact. */
	private onCommitted(updates: CommittedUpdate[]): void {
		const touched = new Set<Room>()
		const settled = new Set<Room>()
		for (const update of updates) {
			const source = update.source as Connection
			source.room.pendingWrites--
			settled.add(source.room)
			// Apply to whatever room is current for the name: if none is open, the next load reads
			// the row from SQLite; if one was opened meanwhile it loaded without this row.
			const room = this.rooms.get(update.docName)
			if (room && update.id <= room.lastUpdateId) {
				// Already applied through a catch-up that read this very row.
				touched.add(room)
			} else if (room) {
				// In a cluster, rows other instances committed before ours come first, so the room
				// always equals the committed log through lastUpdateId.
				if (this.relay && !touched.has(room) && !this.fillGap(room, update.id)) continue
				try {
					Y.applyUpdate(room.doc, update.data, source)
				} catch (error) {
					console.error(`[collab] a stored update of ${room.name} failed to apply; reopening the document`, error)
					this.resetRoom(room)
					continue
				}
				room.lastUpdateId = update.id
				room.logRows++
				room.logBytes += update.data.byteLength
				touched.add(room)
			}
			if (!source.closed) this.monitor.noteEdit(source)
		}
		for (const room of touched) {
			this.relay?.committed(room, room.lastUpdateId)
			room.sendSaved()
			this.projector.schedule(room.documentId, room.kind)
			if (this.compactionDue(room)) this.compactSoon(room)
		}
		for (const room of settled) this.unloadIfIdle(room)
	}

	/**
	 * Applies the rows other instances committed after room.lastUpdateId (RelayHost). Runs
	 * when another instance announces a commit; everything applied comes from the database.
	 */
	catchUp(room: Room): void {
		if (this.rooms.get(room.name) !== room || this.closing) return
		// Never read on the shared connection inside someone else's transaction.
		if (this.storage.busy) {
			setImmediate(() => this.catchUp(room))
			return
		}
		let tail: DocumentTail
		try {
			tail = this.storage.readAfter(room.documentId, room.lastUpdateId)
		} catch (error) {
			console.error(`[collab] catching up ${room.name} failed; the next announcement retries`, error)
			return
		}
		if (tail.snapshot || tail.rows.length > 0) {
			if (!this.applyTail(room, tail)) return
			room.sendSaved()
		}
	}

	/** Fills the rows committed elsewhere between room.lastUpdateId and `beforeId`. */
	private fillGap(room: Room, beforeId: number): boolean {
		let tail: DocumentTail
		try {
			tail = this.storage.readAfter(room.documentId, room.lastUpdateId, beforeId)
		} catch (error) {
			console.error(`[collab] reading rows before ${beforeId} of ${room.name} failed; reopening the document`, error)
			this.resetRoom(room)
			return false
		}
		return this.applyTail(room, tail)
	}

	/** One Yjs transaction (one broadcast) for the whole tail; false when the room was reset. */
	private applyTail(room: Room, tail: DocumentTail): boolean {
		try {
			room.doc.transact(() => {
				if (tail.snapshot) Y.applyUpdate(room.doc, tail.snapshot.data)
				for (const row of tail.rows) Y.applyUpdate(room.doc, row.data)
			}, RELAY_ORIGIN)
		} catch (error) {
			console.error(`[collab] rows committed elsewhere failed to apply to ${room.name}; reopening the document`, error)
			this.resetRoom(room)
			return false
		}
		if (tail.snapshot) {
			room.lastUpdateId = tail.snapshot.throughUpdateId
			room.snapshotBytes = tail.snapshot.data.byteLength
			room.logRows = 0
			room.logBytes = 0
		}
		for (const row of tail.rows) {
			room.lastUpdateId = row.id
			room.logRows++
			room.logBytes += row.data.byteLength
		}
		return true
	}

	/** Nothing was stored: close the writers with a retryable code; their clients resend. */
	private onFailed(updates: UpdateEntry[]): void {
		this.counters.storageFailures++
		const settled = new Set<Room>()
		for (const update of updates) {
			const source = update.source as Connection
			source.room.pendingWrites--
			settled.add(source.room)
			source.close(CLOSE.storageFailure, 'update could not be stored')
		}
		for (const room of settled) this.unloadIfIdle(room)
	}

	private compactionDue(room: Room): boolean {
		return room.logRows >= this.settings.compactThreshold || room.logBytes >= this.settings.compactBytesThreshold
	}

	private compactSoon(room: Room): void {
		if (room.compactionScheduled) return
		room.compactionScheduled = true
		// After the broadcasts of this turn have gone out.
		setImmediate(() => {
			room.compactionScheduled = false
			if (this.rooms.get(room.name) === room && this.compactionDue(room)) this.compact(room)
		})
	}

	/** Snapshot = the room's state, which equals the committed rows through lastUpdateId. */
	private compact(room: Room): void {
		if (room.logRows === 0) return
		if (this.storage.busy) {
			this.compactSoon(room)
			return
		}
		try {
			const result = this.storage.compact(room.documentId, room.doc, room.lastUpdateId)
			room.snapshotBytes = result.snapshotBytes
			room.logRows = 0
			room.logBytes = 0
			this.counters.compactions++
		} catch (error) {
			// The rows are still there; the next trigger tries again.
			console.error(`[collab] compacting ${room.name} failed`, error)
		}
	}

	connectionClosed(connection: Connection, code: number): void {
		this.connections.delete(connection)
		this.limiter.closed(connection.ipKey)
		this.monitor.untrack(connection)
		connection.room.remove(connection, connection.claimedClientIds)
		this.queue.enqueueEnd(connection, {
			action: 'document.disconnect',
			userId: connection.userId,
			clientId: connection.clientId,
			target: `document:${connection.docName}`,
			ipAddress: connection.ip,
			detail: { connection: connection.id, code, seconds: Math.round((Date.now() - connection.openedAt) / 1000) },
		})
		this.unloadIfIdle(connection.room)
	}

	/**
	 * Unloads a room nobody is in once none of its updates wait in the write queue (otherwise a
	 * reconnect in between would load a document missing them).
	 */
	private unloadIfIdle(room: Room): void {
		if (room.connections.size > 0 || room.pendingWrites > 0 || this.rooms.get(room.name) !== room) return
		if (room.logRows >= this.settings.compactOnUnloadThreshold && !this.storage.busy) this.compact(room)
		this.rooms.delete(room.name)
		this.relay?.unwatch(room)
		room.destroy()
		this.counters.documentsUnloaded++
	}

	/** After an apply failure the in-memory state is suspect: everyone reconnects to a fresh load. */
	private resetRoom(room: Room): void {
		if (this.rooms.get(room.name) === room) this.rooms.delete(room.name)
		this.relay?.unwatch(room)
		for (const connection of Array.from(this.connections)) {
			if (connection.room === room) connection.close(CLOSE.internalError, 'document reopened')
		}
		room.destroy()
		this.counters.documentsUnloaded++
	}

	connectionsOfClient(clientId: string): Connection[] {
		const result: Connection[] = []
		for (const room of this.rooms.values()) {
			if (room.clientId !== clientId) continue
			for (const member of room.connections) result.push(member as Connection)
		}
		return result
	}

	connectionsOfDocument(documentId: string): Connection[] {
		const result: Connection[] = []
		for (const room of this.rooms.values()) {
			if (room.documentId !== documentId) continue
			for (const member of room.connections) result.push(member as Connection)
		}
		return result
	}

	allConnections(): Iterable<Connection> {
		return this.connections
	}

	private sweep(): void {
		try {
			const now = Date.now()
			this.monitor.sweep(now)
			for (const connection of this.connections) {
				const window = connection.writeWindow
				if (window.updates > 0 && now - window.since >= this.settings.auditWindowMs) this.queue.enqueueWindowCheck(connection)
			}
			this.limiter.prune(performance.now())
			this.authLookups.prune(now)
		} catch (error) {
			console.error('[collab] sweep failed', error)
		}
	}

	/**
	 * Graceful stop: commit what is queued, close every socket with 1001 (their disconnect rows
	 * are committed too), stop every timer and free every document.
	 */
	async close(): Promise<void> {
		this.closing = true
		if (this.sweepTimer) clearInterval(this.sweepTimer)
		if (this.pingTimer) clearInterval(this.pingTimer)
		this.sweepTimer = this.pingTimer = null
		this.monitor.stop()
		this.unsubscribeTopics?.()
		this.unsubscribeTopics = null
		await this.queue.drain(this.settings.shutdownTimeoutMs)
		const sockets = Array.from(this.connections, (c) => c.ws)
		for (const connection of Array.from(this.connections)) connection.close(CLOSE.goingAway, 'server shutting down')
		await this.queue.drain(this.settings.shutdownTimeoutMs)
		await waitForClosed(sockets, Math.min(2000, this.settings.shutdownTimeoutMs))
		this.projector.flushAll()
		this.relay?.close()
		for (const room of this.rooms.values()) room.destroy()
		this.rooms.clear()
		this.queue.dispose()
		this.projector.dispose()
	}
}

function onSocketError(error: Error): void {
	// ws closes the socket itself after an error; the listener only keeps the error (bad RSV
	// bits, oversized frames, resets) from becoming an uncaught exception.
	if (process.env.KIZUNA_COLLAB_DEBUG) console.warn('[collab] socket error', error.message)
}

async function waitForClosed(sockets: WebSocket[], timeoutMs: number): Promise<void> {
	const open = sockets.filter((ws) => ws.readyState !== ws.CLOSED)
	if (open.length === 0) return
	await Promise.race([
		Promise.all(open.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve()))))),
		new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
	])
	for (const ws of open) if (ws.readyState !== ws.CLOSED) ws.terminate()
}
