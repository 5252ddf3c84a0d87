import { EventEmitter } from 'node:events'

/**
 * In-process "something about this document changed outside its Y.Doc" signals — new
 * comments, a meeting's attendance or status. The collaboration server forwards each one to
 * the sockets that have the document open (MESSAGE_TOPIC), and their pages reload that part.
 * The payload is only a topic name: what changed is fetched again over HTTP, through the
 * same authorization as any other request. Lives on globalThis because the Remix build and
 * the server load separate copies of app modules (like authz-events.server.ts).
 */
export const LIVE_TOPICS = ['comments', 'meeting'] as const
export type LiveTopic = (typeof LIVE_TOPICS)[number]

export type DocumentTopicEvent = { documentId: string; topic: LiveTopic }

const KEY = Symbol.for('kizuna.live-events')
type GlobalWithBus = typeof globalThis & { [KEY]?: EventEmitter }

function bus(): EventEmitter {
	const g = globalThis as GlobalWithBus
	if (!g[KEY]) {
		g[KEY] = new EventEmitter()
		g[KEY].setMaxListeners(100)
	}
	return g[KEY]
}

/** `relayed`: the topic changed on another instance and arrived over the cluster relay. */
export function emitDocumentTopic(documentId: string, topic: LiveTopic, origin: { relayed?: boolean } = {}): void {
	bus().emit('topic', { documentId, topic } satisfies DocumentTopicEvent, origin)
}

export function onDocumentTopic(listener: (event: DocumentTopicEvent, origin: { relayed?: boolean }) => void): () => void {
	bus().on('topic', listener)
	return () => bus().off('topic', listener)
}
