/**
 * Wire constants shared by the collaboration server (server/collab) and the browser.
 * The protocol is the standard y-websocket one (sync = 0, awareness = 1); we add one
 * message that tells a client what is durably stored.
 */
export const COLLAB_PATH = '/collab'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
/**
 * Server → client: `Y.encodeSnapshot(Y.snapshot(doc))` of the state that is committed to
 * SQLite. A client whose own snapshot is covered by it has nothing unsaved. Sent only to
 * clients that opened the socket with the query parameter `saved=1`, so stock y-websocket
 * clients never see an unknown message type.
 */
export const MESSAGE_SAVED = 100
export const SAVED_QUERY_PARAM = 'saved'
/**
 * Server → client, once right after the connection opens, only to `saved=1` sockets: a
 * varString `'read'` or `'write'` — the access the server decided for this connection. A
 * read-only client's edits are dropped by the server, so the editor should not offer them.
 */
export const MESSAGE_ACCESS = 101
/**
 * Server → client, only to `saved=1` sockets: a varString topic ('comments', 'meeting') —
 * something about this document that lives outside its Y.Doc changed; refetch it over HTTP.
 */
export const MESSAGE_TOPIC = 102

/** Close codes. 4400–4499 make y-websocket 3.x stop reconnecting; others are retried. */
export const CLOSE = {
	/** not logged in / session ended */
	unauthenticated: 4401,
	/** no access to this document (or access revoked) */
	forbidden: 4403,
	/** malformed document name */
	notFound: 4404,
	/** malformed or oversized message */
	invalidMessage: 4400,
	/** rate limit exceeded */
	tooManyMessages: 4429,
	/** access changed (e.g. write → read): reconnect and be re-authorized */
	authorizationChanged: 4205,
	/** the server could not store an update: reconnect and resend */
	storageFailure: 4500,
	/** server shutting down */
	goingAway: 1001,
	/** the document's stored state reached its size limit: further edits are refused */
	documentTooLarge: 4413,
	/** the server is at capacity (too many connections to the document or in total): retry later */
	tooManyConnections: 4503,
	/** temporary condition (e.g. authorization changed during the handshake): retry */
	tryAgainLater: 1013,
	/** unexpected server error: retry */
	internalError: 1011,
} as const

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE]

/** Document names are "<kind>.<id>". */
export const DOC_NAME_PATTERN = /^([a-z_]{1,32})\.([A-Za-z0-9_-]{1,64})$/

export function toDocName(kind: string, id: string): string {
	return `${kind}.${id}`
}

export function parseDocName(name: string): { kind: string; id: string } | null {
	const match = DOC_NAME_PATTERN.exec(name)
	return match ? { kind: match[1], id: match[2] } : null
}
