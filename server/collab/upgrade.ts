import http from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocketServer } from 'ws'
import { CLOSE, COLLAB_PATH, SAVED_QUERY_PARAM } from '#app/editor/collab-protocol.ts'
import { readSessionToken } from '#app/modules/auth/cookie.server.ts'
import { hashSessionToken, isWellFormedToken } from '#app/modules/auth/session.server.ts'
import { clientAddress } from '../security.ts'
import { authorizeUpgrade, type AccessGrant, type Refusal, type UpgradeDecision, type UpgradeRequest } from './authorize.ts'
import type { CollabHub } from './hub.ts'
import { ipKey } from './rate-limit.ts'

/**
 * The HTTP `upgrade` handler for /collab/<name>. Cheap checks and pre-authentication limits
 * come first (no database work for a flood), then authorization, and only then is the
 * websocket handshake completed. A refused request still gets a completed handshake and an
 * immediate 44xx close — the only refusal y-websocket clients stop retrying on — but never a
 * document.
 */
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void

const MAX_REAUTHORIZATIONS = 3
/** How long a token seen valid keeps its handshakes off the address budget (a session's lifetime at most). */
const VALID_SESSION_MEMORY_MS = 12 * 60 * 60 * 1000

/** Refusals that mean "no valid, fully signed-in session" (as opposed to "no access to this document"). */
function isSessionRefusal(refusal: Refusal): boolean {
	const reason = refusal.audit.detail?.reason
	return typeof reason === 'string' && (reason === 'no-session' || reason === 'role' || reason.startsWith('session-'))
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value
}

/** Builds the `upgrade` listener; `pendingSockets` lets close() drop handshakes still being authorized. */
export function createUpgradeHandler(
	hub: CollabHub,
	wss: WebSocketServer,
	httpServer: http.Server,
	extraOrigins: readonly string[],
	pendingSockets: Set<Duplex>,
): UpgradeHandler {
	return (req, socket, head) => {
		const [pathname, query = ''] = (req.url ?? '').split('?', 2)
		if (pathname !== COLLAB_PATH && !pathname.startsWith(`${COLLAB_PATH}/`)) {
			// Not ours. With no other upgrade listener nobody would ever answer the socket.
			if (httpServer.listenerCount('upgrade') <= 1) respondAndClose(socket, 404)
			return
		}
		socket.on('error', ignoreSocketError)
		if (hub.closing) return respondAndClose(socket, 503)
		if (!isWebSocketHandshake(req)) return respondAndClose(socket, 400)

		// Limits count per session token when the request carries one, else per IPv4 address or
		// IPv6 /64; the audit trail records the address itself.
		const address = clientAddress(req)
		const ip = ipKey(address)
		const token = readSessionToken(headerValue(req.headers.cookie))
		const sessionKey = token && isWellFormedToken(token) ? hashSessionToken(token) : null
		const admission = hub.limiter.beginAuth(ip, performance.now(), sessionKey)
		if (typeof admission === 'string') {
			// Plain HTTP refusals: the browser sees 1006 and retries with backoff, which is right
			// for "too many at once" — a 44xx close would stop an honest client for good.
			hub.counters.throttledHandshakes++
			return respondAndClose(socket, admission === 'capacity' ? 503 : 429)
		}

		const request: UpgradeRequest = { headers: req.headers, docName: pathname.slice(COLLAB_PATH.length + 1), ip: address }
		const wantsSaved = new URLSearchParams(query).get(SAVED_QUERY_PARAM) === '1'
		let settled = false
		pendingSockets.add(socket)
		const settle = () => {
			if (settled) return false
			settled = true
			clearTimeout(timer)
			pendingSockets.delete(socket)
			hub.limiter.endAuth(admission.ok)
			return true
		}
		// A handshake that holds a pending-auth slot for too long is dropped.
		const timer = setTimeout(() => {
			if (settle()) socket.destroy()
		}, hub.settings.authTimeoutMs)
		timer.unref()
		socket.once('close', settle)

		decide(hub, request, extraOrigins)
			.then((decision) => {
				if (!settle() || socket.destroyed) return
				if (sessionKey) {
					if (decision.ok) hub.limiter.sessionValid(sessionKey, performance.now() + VALID_SESSION_MEMORY_MS)
					else if (isSessionRefusal(decision.refusal)) hub.limiter.sessionInvalid(ip, sessionKey, performance.now())
				}
				if (hub.closing) return respondAndClose(socket, 503)
				if (!decision.ok) {
					hub.counters.refusals++
					hub.queue.enqueueAudit(decision.refusal.audit)
					return closeAfterUpgrade(wss, req, socket, head, decision.refusal.code, decision.refusal.reason)
				}
				return admitAfterLoad(hub, wss, req, socket, head, decision.grant, { ip: address, ipKey: ip, wantsSaved })
			})
			.catch((error) => {
				console.error('[collab] authorizing a websocket failed', error)
				if (!settle() || socket.destroyed) return
				closeAfterUpgrade(wss, req, socket, head, CLOSE.internalError, 'try again')
			})
	}
}

/**
 * Authorizes; if an authorization event (logout, team change…) happened while the lookups
 * were in flight, the answer may be stale, so it is decided again.
 */
async function decide(hub: CollabHub, request: UpgradeRequest, extraOrigins: readonly string[]): Promise<UpgradeDecision> {
	for (let attempt = 0; attempt < MAX_REAUTHORIZATIONS; attempt++) {
		const epoch = hub.monitor.epoch
		const decision = await authorizeUpgrade(request, extraOrigins, hub.authLookups)
		if (!decision.ok || hub.monitor.epoch === epoch) return decision
	}
	return {
		ok: false,
		refusal: {
			code: CLOSE.tryAgainLater,
			reason: 'try again',
			audit: { action: 'authz.denied', outcome: 'denied', ipAddress: request.ip, detail: { attempted: 'document.connect', reason: 'unstable' } },
		},
	}
}

/**
 * Loads (or finds) the document, then completes the handshake and hands the socket to the hub.
 * The document is ready before the socket exists, so no message of it can arrive early.
 */
async function admitAfterLoad(
	hub: CollabHub,
	wss: WebSocketServer,
	req: http.IncomingMessage,
	socket: Duplex,
	head: Buffer,
	grant: AccessGrant,
	meta: { ip: string; ipKey: string; wantsSaved: boolean },
): Promise<void> {
	const opened = await hub.openForGrant(grant)
	if (!opened.ok) {
		if (!socket.destroyed) closeAfterUpgrade(wss, req, socket, head, opened.code, opened.reason)
		return
	}
	// The reservation ends exactly once: admitted, or the socket is gone before that.
	let reserved = true
	const release = () => {
		if (!reserved) return
		reserved = false
		hub.release(opened.room)
	}
	if (socket.destroyed) return release()
	socket.once('close', release)
	wss.handleUpgrade(req, socket, head, (ws) => {
		socket.off('close', release)
		if (!reserved) {
			ws.terminate()
			return
		}
		reserved = false
		hub.admit(ws, grant, opened.room, meta)
	})
}

function closeAfterUpgrade(wss: WebSocketServer, req: http.IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) {
	wss.handleUpgrade(req, socket, head, (ws) => {
		ws.on('error', ignoreSocketError)
		ws.close(code, reason)
	})
}

function isWebSocketHandshake(req: http.IncomingMessage): boolean {
	return (
		req.method === 'GET' &&
		String(req.headers.upgrade ?? '').toLowerCase() === 'websocket' &&
		typeof req.headers['sec-websocket-key'] === 'string' &&
		req.headers['sec-websocket-version'] === '13'
	)
}

function respondAndClose(socket: Duplex, status: number): void {
	if (!socket.writable) {
		socket.destroy()
		return
	}
	socket.once('finish', () => socket.destroy())
	socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function ignoreSocketError(): void {
	// Resets during a handshake are normal; the socket is destroyed by its owner.
}
