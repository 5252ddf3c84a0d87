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
import { SqliteCollabStore, type CollabStore } from '#app/modules/documents/collab-store.server.ts'
import { DocumentRelay, RELAY_ORIGIN, type RelayHost } from './cluster/document-relay.ts'
import type { RedisBus } from './cluster/redis-bus.ts'
import { WriteQueue, type CommittedUpdate, type UpdateEntry } from './write-queue.ts'

/** Per open document in a cluster: own rows applied above the watermark; one catch-up at a time. */
type ClusterRoomState = { ownAhead: Set<number>; running: boolean; again: boolean }

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

/** Why an authorized handshake got no room (closed with this code after the handshake). */
export type OpenResult = { ok: true; room: Room } | { ok: false; code: number; reason: string }

/**
 * The collaboration server's state: open documents (rooms), connections, the write queue and
 * the access monitor. The storage calls are asynchronous (CollabStore); ordering is explicit:
 * a document is loaded once however many handshakes ask for it at the same time (`loading`),
 * before any socket of it is admitted; updates go through the write queue's single lane and
 * are applied in commit order; a room is unloaded only when no update of it is in the queue.
 */
export class CollabHub implements ConnectionHost, MonitorHost, RelayHost {
	/** the asynchronous store of update rows, snapshots and the write audit (decision 0018) */
	readonly store: CollabStore
	/** synchronous SQLite statements for the plan projection */
	readonly storage: CollabStorage
	readonly queue: WriteQueue
	readonly limiter: IpLimiter
	readonly monitor: AccessMonitor
	readonly authLookups: AuthLookups
	/** plan-goal / ISP-row projection of 'plan' and 'isp' documents (projection.ts) */
	readonly projector: PlanProjector
	readonly rooms = new Map<string, Room>()
	/** documents being loaded: every handshake for the same name waits for the same load */
	private readonly loading = new Map<string, Promise<Room>>()
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
	private readonly cluster = new WeakMap<Room, ClusterRoomState>()
	private sweepTimer: NodeJS.Timeout | null = null
	private pingTimer: NodeJS.Timeout | null = null
	private unsubscribeTopics: (() => void) | null = null

	constructor(
		db: Database.Database,
		readonly settings: CollabSettings,
		store?: CollabStore,
	) {
		this.storage = new CollabStorage(db)
		this.store = store ?? new SqliteCollabStore(db)
		this.queue = new WriteQueue(
			this.store,
			{ onCommitted: (updates, durable) => this.onCommitted(updates, durable), onFailed: (updates) => this.onFailed(updates) },
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
		if (!this.store.readAfter) throw new Error('Several instances need a store that can read what others committed (readAfter)')
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
	 * Loads (or finds) the room of an authorized handshake and reserves it until `admit` or
	 * `release`, before the handshake completes — so no message of the socket can arrive while
	 * its document is still loading. Never throws.
	 */
	async openForGrant(grant: AccessGrant): Promise<OpenResult> {
		if (this.closing) return { ok: false, code: CLOSE.goingAway, reason: 'server shutting down' }
		if (this.connections.size >= this.settings.maxConnections) return { ok: false, code: CLOSE.tooManyConnections, reason: 'server busy' }
		let room = this.rooms.get(grant.docName)
		if (!room) {
			let loading = this.loading.get(grant.docName)
			if (!loading) {
				if (this.rooms.size + this.loading.size >= this.settings.maxOpenDocuments) {
					return { ok: false, code: CLOSE.tooManyConnections, reason: 'server busy' }
				}
				loading = this.loadRoom(grant).finally(() => this.loading.delete(grant.docName))
				this.loading.set(grant.docName, loading)
			}
			try {
				room = await loading
			} catch (error) {
				console.error(`[collab] loading ${grant.docName} failed`, error)
				return { ok: false, code: CLOSE.internalError, reason: 'document could not be opened' }
			}
		}
		if (this.closing) return { ok: false, code: CLOSE.goingAway, reason: 'server shutting down' }
		room.reservations++
		return { ok: true, room }
	}

	/** A reserved handshake that will not be admitted (the socket went away meanwhile). */
	release(room: Room): void {
		room.reservations--
		this.unloadIfIdle(room)
	}

	/** Takes over an upgraded, authorized socket whose room `openForGrant` reserved. */
	admit(ws: WebSocket, grant: AccessGrant, room: Room, meta: { ip: string; ipKey: string; wantsSaved: boolean }): void {
		room.reservations--
		ws.on('error', onSocketError)
		if (this.closing) {
			ws.close(CLOSE.goingAway, 'server shutting down')
			this.unloadIfIdle(room)
			return
		}
		if (this.connections.size >= this.settings.maxConnections || this.rooms.get(room.name) !== room) {
			ws.close(CLOSE.tooManyConnections, 'server busy')
			this.unloadIfIdle(room)
			return
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

	private async loadRoom(grant: AccessGrant): Promise<Room> {
		const loaded = await this.store.load(grant.documentId)
		if (this.closing) {
			loaded.doc.destroy()
			throw new Error('server shutting down')
		}
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

	/**
	 * Right after COMMIT: apply, broadcast (inside applyUpdate), maybe compact; once the commit
	 * is synced, tell saved=1 clients the state it reached (captured now, so a later commit
	 * that is not yet synced is never announced as saved).
	 */
	private onCommitted(updates: CommittedUpdate[], durable: Promise<void>): void {
		const touched = new Set<Room>()
		const settled = new Set<Room>()
		for (const update of updates) {
			const source = update.source as Connection
			source.room.pendingWrites--
			settled.add(source.room)
			// Apply to whatever room is current for the name: if none is open, the next load reads
			// the row from storage; if one was opened meanwhile it loaded without this row.
			const room = this.rooms.get(update.docName)
			if (room && update.id <= room.lastUpdateId) {
				// Already applied through a catch-up that read this very row.
				touched.add(room)
			} else if (room) {
				try {
					Y.applyUpdate(room.doc, update.data, source)
				} catch (error) {
					console.error(`[collab] a stored update of ${room.name} failed to apply; reopening the document`, error)
					this.resetRoom(room)
					continue
				}
				// In a cluster, rows of other instances may lie below this id and not be applied
				// yet: the watermark (lastUpdateId: every row up to it is applied) moves only in
				// catchUp; our own row is remembered so catchUp does not apply it twice.
				if (this.relay) this.clusterState(room).ownAhead.add(update.id)
				else room.lastUpdateId = update.id
				room.logRows++
				room.logBytes += update.data.byteLength
				touched.add(room)
			}
			if (!source.closed) this.monitor.noteEdit(source)
		}
		for (const room of touched) {
			if (this.relay) {
				const own = this.clusterState(room).ownAhead
				if (own.size > 0) this.relay.committed(room, Math.max(...own))
				this.catchUp(room)
			}
			room.unsyncedCommits++
			room.lastDurable = durable
			const saved = room.hasSavedSubscribers ? room.savedStateMessage() : null
			void durable.then(() => {
				room.unsyncedCommits--
				if (saved) room.sendSaved(saved)
			})
			this.projector.schedule(room.documentId, room.kind)
			if (this.compactionDue(room)) this.compactSoon(room)
		}
		for (const room of settled) this.unloadIfIdle(room)
	}

	private clusterState(room: Room): ClusterRoomState {
		let state = this.cluster.get(room)
		if (!state) this.cluster.set(room, (state = { ownAhead: new Set(), running: false, again: false }))
		return state
	}

	/**
	 * Applies what is committed after room.lastUpdateId (RelayHost): after another instance
	 * announces a commit, and after each of our own commits (to move the watermark over it).
	 * Everything applied is read from the database; one read runs per room at a time.
	 */
	catchUp(room: Room): void {
		const state = this.clusterState(room)
		if (state.running) {
			state.again = true
			return
		}
		state.running = true
		void (async () => {
			try {
				do {
					state.again = false
					if (this.rooms.get(room.name) !== room || this.closing) return
					const tail = await this.store.readAfter!(room.documentId, room.lastUpdateId)
					if (this.rooms.get(room.name) !== room) return
					this.applyTail(room, tail, state.ownAhead)
				} while (state.again)
			} catch (error) {
				console.error(`[collab] catching up ${room.name} failed; the next announcement retries`, error)
			} finally {
				state.running = false
			}
		})()
	}

	/** One Yjs transaction (one broadcast) for what this room has not applied yet. */
	private applyTail(room: Room, tail: DocumentTail, ownAhead: Set<number>): void {
		const snapshot = tail.snapshot && tail.snapshot.throughUpdateId > room.lastUpdateId ? tail.snapshot : null
		const rows = tail.rows.filter((row) => row.id > room.lastUpdateId)
		const foreign = rows.filter((row) => !ownAhead.has(row.id))
		if (snapshot || foreign.length > 0) {
			try {
				room.doc.transact(() => {
					if (snapshot) Y.applyUpdate(room.doc, snapshot.data)
					for (const row of foreign) Y.applyUpdate(room.doc, row.data)
				}, RELAY_ORIGIN)
			} catch (error) {
				console.error(`[collab] rows committed elsewhere failed to apply to ${room.name}; reopening the document`, error)
				this.resetRoom(room)
				return
			}
		}
		if (snapshot) {
			room.lastUpdateId = snapshot.throughUpdateId
			room.snapshotBytes = snapshot.data.byteLength
		}
		for (const row of rows) room.lastUpdateId = row.id
		for (const row of foreign) {
			room.logRows++
			room.logBytes += row.data.byteLength
		}
		for (const id of ownAhead) if (id <= room.lastUpdateId) ownAhead.delete(id)
		// Rows read from the database are committed (and, on PostgreSQL, synced): saved.
		if ((snapshot || foreign.length > 0) && room.hasSavedSubscribers) room.sendSaved(room.savedStateMessage())
		if (this.compactionDue(room)) this.compactSoon(room)
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

	/**
	 * Snapshot = the room's state, which equals the committed rows through lastUpdateId. Runs
	 * alone on the write lane, so no batch commits between taking the state and storing it.
	 */
	private compact(room: Room): void {
		if (room.logRows === 0 || room.compactionQueued) return
		room.compactionQueued = true
		this.queue.runExclusive(async () => {
			room.compactionQueued = false
			if (room.logRows === 0) return
			// An unloaded room was compacted (or not) on its way out.
			if (this.rooms.get(room.name) !== room) return
			const through = room.lastUpdateId
			const rows = room.logRows
			const bytes = room.logBytes
			try {
				const result = await this.store.compact(room.documentId, Y.encodeStateAsUpdate(room.doc), through)
				room.snapshotBytes = result.snapshotBytes
				room.logRows -= rows
				room.logBytes -= bytes
				this.counters.compactions++
			} catch (error) {
				// The rows are still there; the next trigger tries again.
				console.error(`[collab] compacting ${room.name} failed`, error)
			}
		})
	}

	/** Compaction of a room being unloaded: its state is taken now, stored on the lane. */
	private compactOnUnload(room: Room): void {
		const state = Y.encodeStateAsUpdate(room.doc)
		const { documentId, lastUpdateId, name } = room
		this.queue.runExclusive(async () => {
			try {
				await this.store.compact(documentId, state, lastUpdateId)
				this.counters.compactions++
			} catch (error) {
				console.error(`[collab] compacting ${name} failed`, error)
			}
		})
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
		if (room.connections.size > 0 || room.pendingWrites > 0 || room.reservations > 0 || this.rooms.get(room.name) !== room) return
		if (room.logRows >= this.settings.compactOnUnloadThreshold && !this.closing) this.compactOnUnload(room)
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
		await this.store.close()
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
