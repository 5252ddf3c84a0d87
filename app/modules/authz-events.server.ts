import { EventEmitter } from 'node:events'

/**
 * In-process notifications that something an authorization decision depends on changed.
 * The collaboration server listens and re-checks or closes open sockets at once. The
 * emitter lives on globalThis because the Remix build and the server load separate copies
 * of app modules.
 */
export type AuthzEvent =
	| { type: 'session-ended'; sessionId: string }
	| { type: 'user-sessions-ended'; userId: string }
	| { type: 'client-team-changed'; clientId: string }
	| { type: 'user-changed'; userId: string }
	/** a document's own access facts changed (e.g. meeting minutes frozen at closing) */
	| { type: 'document-changed'; documentId: string }

const KEY = Symbol.for('kizuna.authz-events')
type GlobalWithBus = typeof globalThis & { [KEY]?: EventEmitter }

function bus(): EventEmitter {
	const g = globalThis as GlobalWithBus
	if (!g[KEY]) {
		g[KEY] = new EventEmitter()
		g[KEY].setMaxListeners(100)
	}
	return g[KEY]
}

/** `relayed`: the event happened on another instance and arrived over the cluster relay. */
export type EventOrigin = { relayed?: boolean }

export function emitAuthzEvent(event: AuthzEvent, origin: EventOrigin = {}): void {
	bus().emit('authz', event, origin)
}

export function onAuthzEvent(listener: (event: AuthzEvent, origin: EventOrigin) => void): () => void {
	bus().on('authz', listener)
	return () => bus().off('authz', listener)
}
