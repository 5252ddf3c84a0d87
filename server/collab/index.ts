import type http from 'node:http'
import type { Duplex } from 'node:stream'
import type Database from 'better-sqlite3'
import { WebSocketServer, type ServerOptions } from 'ws'
import type { CollabStore } from '#app/modules/documents/collab-store.server.ts'
import { relayProcessEvents } from './cluster/event-relay.ts'
import type { RedisBus } from './cluster/redis-bus.ts'
import { resolveSettings, settingsFromEnv, type CollabSettings } from './config.ts'
import { CollabHub } from './hub.ts'
import { createUpgradeHandler } from './upgrade.ts'

/**
 * The real-time collaboration server: the standard y-websocket protocol on
 * ws://<host>/collab/<kind>.<id>, on the app's own HTTP server.
 *
 * - authentication and authorization before the handshake completes (authorize.ts)
 * - write-ahead group commit (asynchronous CollabStore, one ordered lane) before anything is
 *   applied or broadcast; saved acknowledgements after the sync (write-queue.ts, decision 0018)
 * - read-only enforcement, awareness rewriting, validation and limits per message (connection.ts)
 * - revocation of open sockets within a second (revocation.ts)
 */
export type CollabOptions = {
	/** the process's one shared connection (app/utils/db.server.ts) */
	db: Database.Database
	/** origins besides the server's own that may open sockets (ALLOWED_ORIGINS) */
	allowedOrigins: string[]
	/** limit and timer overrides (tests, benchmark); KIZUNA_COLLAB_SETTINGS also applies */
	settings?: Partial<CollabSettings>
	/**
	 * Where update rows, snapshots and the write audit go (decision 0018). Default: the
	 * SQLite store on `db`. Another engine implements the same interface.
	 */
	store?: CollabStore
	/**
	 * Several instances (REDIS_URL): open documents, awareness and process events are relayed
	 * through this bus (cluster/). The caller owns it and closes it after close().
	 */
	bus?: RedisBus
}

export type CollabStats = {
	documents: number
	connections: number
	pendingHandshakes: number
	queuedWrites: number
	watchedSessions: number
	trackedIps: number
	documentsLoaded: number
	documentsUnloaded: number
	compactions: number
	commits: number
	committedUpdates: number
	storageFailures: number
	commitDeferrals: number
	/** fsyncs after commits (decision 0018: commit, broadcast, then sync, then MESSAGE_SAVED) */
	syncs: number
	maxSyncMs: number
	maxCommitMs: number
	lastLoadMs: number
	maxLoadMs: number
	refusals: number
	throttledHandshakes: number
	droppedReadOnlyUpdates: number
	ignoredAfterClose: number
	invalidMessages: number
	rateLimited: number
	awarenessRejected: number
	slowConsumers: number
	revoked: number
	accessChanged: number
	sessionsEnded: number
}

export type CollabServer = {
	/** Commits what is queued, closes every socket with 1001, stops all timers. */
	close(): Promise<void>
	stats(): CollabStats
	/** Whether a document (by collaboration name) is open in memory. */
	isLoaded(docName: string): boolean
	/** Recomputes the plan-goal / ISP-row projection from stored state; returns the documents projected. */
	rebuildProjection(): number
	readonly settings: Readonly<CollabSettings>
}

/** Mounts the collaboration endpoint on the HTTP server. */
export function attachCollab(httpServer: http.Server, options: CollabOptions): CollabServer {
	const settings = resolveSettings(settingsFromEnv(), options.settings)
	// maxFragments and maxBufferedChunks exist since ws 8.21 (GHSA-96hv-2xvq-fx4p) but not yet in
	// @types/ws; their defaults still let tiny fragments pin far more memory than maxPayload.
	const wsOptions: ServerOptions & { maxFragments: number; maxBufferedChunks: number; closeTimeout: number } = {
		noServer: true,
		clientTracking: false,
		perMessageDeflate: false,
		maxPayload: settings.maxPayloadBytes,
		maxFragments: settings.maxFragments,
		maxBufferedChunks: settings.maxBufferedChunks,
		closeTimeout: settings.closeTimeoutMs,
	}
	const wss = new WebSocketServer(wsOptions)
	wss.on('error', (error) => console.error('[collab] websocket server error', error))
	const hub = new CollabHub(options.db, settings, options.store)
	const pendingSockets = new Set<Duplex>()
	const onUpgrade = createUpgradeHandler(hub, wss, httpServer, options.allowedOrigins, pendingSockets)
	httpServer.on('upgrade', onUpgrade)
	if (options.bus) hub.useRelay(options.bus)
	const stopEventRelay = options.bus ? relayProcessEvents(options.bus) : null
	hub.start()

	let closing: Promise<void> | null = null
	return {
		settings,
		close() {
			closing ??= (async () => {
				httpServer.off('upgrade', onUpgrade)
				for (const socket of pendingSockets) socket.destroy()
				pendingSockets.clear()
				stopEventRelay?.()
				await hub.close()
				await new Promise<void>((resolve) => wss.close(() => resolve()))
			})()
			return closing
		},
		isLoaded: (docName) => hub.rooms.has(docName),
		rebuildProjection: () => hub.projector.rebuildAll(),
		stats: () => ({
			documents: hub.rooms.size,
			connections: hub.connections.size,
			pendingHandshakes: hub.limiter.pendingAuths,
			queuedWrites: hub.queue.length,
			watchedSessions: hub.monitor.watchedSessions,
			trackedIps: hub.limiter.trackedIps,
			documentsLoaded: hub.counters.documentsLoaded,
			documentsUnloaded: hub.counters.documentsUnloaded,
			compactions: hub.counters.compactions,
			commits: hub.queue.stats.commits,
			committedUpdates: hub.queue.stats.committedUpdates,
			storageFailures: hub.counters.storageFailures,
			commitDeferrals: hub.store.stats.deferrals,
			syncs: hub.store.stats.syncs,
			maxSyncMs: hub.store.stats.maxSyncMs,
			maxCommitMs: hub.queue.stats.maxCommitMs,
			lastLoadMs: hub.counters.lastLoadMs,
			maxLoadMs: hub.counters.maxLoadMs,
			refusals: hub.counters.refusals,
			throttledHandshakes: hub.counters.throttledHandshakes,
			droppedReadOnlyUpdates: hub.counters.droppedReadOnlyUpdates,
			ignoredAfterClose: hub.counters.ignoredAfterClose,
			invalidMessages: hub.counters.invalidMessages,
			rateLimited: hub.counters.rateLimited,
			awarenessRejected: hub.counters.awarenessRejected,
			slowConsumers: hub.counters.slowConsumers,
			revoked: hub.monitor.counters.revoked,
			accessChanged: hub.monitor.counters.accessChanged,
			sessionsEnded: hub.monitor.counters.sessionsEnded,
		}),
	}
}

export type { CollabSettings } from './config.ts'
