/**
 * Every limit and timer of the collaboration server in one place. Defaults are sized for one
 * office's care teams on one Node process; tests and the benchmark override single values.
 */
export type CollabSettings = {
	// ── websocket frames (ws options, enforced before any of our code sees a byte) ──
	/** largest message; the first sync of a big document is one message */
	maxPayloadBytes: number
	/** ws ≥ 8.21: fragments per message (GHSA-96hv-2xvq-fx4p); clients never fragment */
	maxFragments: number
	/** ws ≥ 8.21: TCP chunks buffered for one frame; 2 MiB arriving in ~1 KiB segments fits */
	maxBufferedChunks: number
	/** a reader that does not drain its socket is dropped before it pins this much memory */
	maxBufferedSendBytes: number

	// ── per connection ──
	messageBurst: number
	messagesPerSecond: number
	byteBurst: number
	bytesPerSecond: number
	/** a SyncStep1 makes the server encode the whole document, so it costs this many messages */
	syncStep1Cost: number
	maxAwarenessStateBytes: number
	maxAwarenessEntriesPerMessage: number
	/** Yjs clientIDs one connection may publish awareness for (one per Y.Doc it had) */
	maxClientIdsPerConnection: number

	// ── per document / process ──
	/** stored bytes (snapshot + update log) above which writes are refused */
	maxDocumentBytes: number
	maxConnectionsPerDocument: number
	/** of maxConnectionsPerDocument, this many are kept for writers: readers cannot fill a document */
	writerReservePerDocument: number
	/** one person's sockets on one document (tabs, reconnects not yet noticed) */
	maxConnectionsPerUserPerDocument: number
	maxOpenDocuments: number
	maxConnections: number

	// ── before authentication: handshakes carrying a session token, per session ──
	/** a person reopening every document after a network drop fits in one burst */
	upgradeBurstPerSession: number
	upgradesPerSecondPerSession: number
	maxPendingAuthsPerSession: number
	/** session look-ups per address for tokens not yet seen valid (after a restart: everyone's) */
	unverifiedSessionBurstPerIp: number
	unverifiedSessionsPerSecondPerIp: number

	// ── before authentication: handshakes without a valid session, per client IP (IPv6 per /64) ──
	upgradeBurstPerIp: number
	upgradesPerSecondPerIp: number
	maxPendingAuthsPerIp: number
	maxPendingAuths: number
	maxConnectionsPerIp: number
	maxTrackedIps: number
	/** a handshake whose authorization takes longer is dropped */
	authTimeoutMs: number
	/** how long concurrent handshakes may share a session / actor / document lookup */
	authCacheMs: number

	// ── persistence ──
	/** compact a document once it has this many update rows */
	compactThreshold: number
	/** … or once its log since the last snapshot holds this many bytes */
	compactBytesThreshold: number
	/** compact when the last client leaves if at least this many rows accumulated */
	compactOnUnloadThreshold: number
	/** write-audit rows aggregate a connection's accepted updates over this window */
	auditWindowMs: number

	// ── timers ──
	sweepIntervalMs: number
	pingIntervalMs: number
	/** full re-authorization of every open connection (catches changes made without an event) */
	recheckIntervalMs: number
	/** edits count as session activity at most this often */
	touchIntervalMs: number
	closeTimeoutMs: number
	shutdownTimeoutMs: number
}

const KIB = 1024
const MIB = 1024 * KIB

export const DEFAULT_SETTINGS: Readonly<CollabSettings> = Object.freeze({
	maxPayloadBytes: 2 * MIB,
	maxFragments: 128,
	maxBufferedChunks: 2048,
	maxBufferedSendBytes: 16 * MIB,

	messageBurst: 300,
	messagesPerSecond: 60,
	byteBurst: 8 * MIB,
	bytesPerSecond: 1 * MIB,
	syncStep1Cost: 20,
	maxAwarenessStateBytes: 8 * KIB,
	maxAwarenessEntriesPerMessage: 32,
	maxClientIdsPerConnection: 8,

	maxDocumentBytes: 64 * MIB,
	maxConnectionsPerDocument: 200,
	writerReservePerDocument: 50,
	maxConnectionsPerUserPerDocument: 10,
	maxOpenDocuments: 10_000,
	maxConnections: 20_000,

	upgradeBurstPerSession: 50,
	upgradesPerSecondPerSession: 1,
	maxPendingAuthsPerSession: 50,
	unverifiedSessionBurstPerIp: 600,
	unverifiedSessionsPerSecondPerIp: 20,

	upgradeBurstPerIp: 60,
	upgradesPerSecondPerIp: 1,
	maxPendingAuthsPerIp: 16,
	maxPendingAuths: 256,
	// an office behind one address: 100 people with several documents open each
	maxConnectionsPerIp: 2000,
	maxTrackedIps: 50_000,
	authTimeoutMs: 10_000,
	authCacheMs: 1000,

	compactThreshold: 500,
	compactBytesThreshold: 8 * MIB,
	compactOnUnloadThreshold: 50,
	auditWindowMs: 10_000,

	sweepIntervalMs: 1000,
	pingIntervalMs: 30_000,
	recheckIntervalMs: 5 * 60_000,
	touchIntervalMs: 60_000,
	closeTimeoutMs: 5000,
	shutdownTimeoutMs: 5000,
})

/** Name of the environment variable that may override settings (JSON object of numbers). */
export const SETTINGS_ENV = 'KIZUNA_COLLAB_SETTINGS'

/**
 * Merges overrides over the defaults. Unknown keys and non-positive or non-finite numbers are
 * rejected loudly: a typo in an operator's override must not silently keep a default.
 */
export function resolveSettings(...overrides: Array<Partial<CollabSettings> | undefined>): CollabSettings {
	const settings: CollabSettings = { ...DEFAULT_SETTINGS }
	for (const override of overrides) {
		if (!override) continue
		for (const [key, value] of Object.entries(override)) {
			if (value === undefined) continue
			if (!(key in DEFAULT_SETTINGS)) throw new Error(`Unknown collaboration setting "${key}"`)
			if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
				throw new Error(`Collaboration setting "${key}" must be a positive number`)
			}
			settings[key as keyof CollabSettings] = value
		}
	}
	return settings
}

/** Overrides from KIZUNA_COLLAB_SETTINGS (used by the benchmark; operators may tune limits). */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<CollabSettings> | undefined {
	const raw = env[SETTINGS_ENV]
	if (!raw) return undefined
	let parsed: unknown
	try {
		parsed = JSON.parse(raw)
	} catch {
		throw new Error(`${SETTINGS_ENV} is not valid JSON`)
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new Error(`${SETTINGS_ENV} must be a JSON object`)
	}
	return parsed as Partial<CollabSettings>
}
