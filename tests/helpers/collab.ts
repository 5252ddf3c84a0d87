import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Database from 'better-sqlite3'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { MESSAGE_ACCESS, MESSAGE_SAVED, MESSAGE_TOPIC } from '#app/editor/collab-protocol.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import type { CollabStore } from '#app/modules/documents/collab-store.server.ts'
import { createAppServer } from '#server/app.ts'
import { attachCollab, type CollabServer, type CollabSettings } from '#server/collab/index.ts'
// (renamed: the React hooks lint rule mistakes any use* call for a hook)
import { useFreshDatabase as openFreshDatabase } from './db.ts'

/** Shared helpers for the collaboration integration tests (tests/integration/collab-*.test.ts). */

// Every y-websocket provider registers a process 'exit' listener; a test file opens dozens.
process.setMaxListeners(Math.max(process.getMaxListeners(), 100))

export const DOCS = {
	sato: { name: 'note.doc-note-sato', id: 'doc-note-sato', clientId: 'client-sato-makoto' },
	suzuki: { name: 'note.doc-note-suzuki', id: 'doc-note-suzuki', clientId: 'client-suzuki-hanako' },
} as const

export type TestServer = {
	port: number
	/** what a browser on the app's own page sends */
	origin: string
	/** base URL for WebsocketProvider (the doc name is appended) */
	collabUrl: string
	collab: CollabServer
	sqlite: Database.Database
	file: string
	close(): Promise<void>
}

async function listen(server: http.Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	return (server.address() as AddressInfo).port
}

function describeServer(port: number) {
	return { port, origin: `http://127.0.0.1:${port}`, collabUrl: `ws://127.0.0.1:${port}/collab` }
}

/**
 * A fresh seeded database and a bare HTTP server with only the collaboration endpoint, so a
 * test can override limits and timers.
 */
export async function startCollabServer(
	settings?: Partial<CollabSettings>,
	options: { store?: (db: Database.Database) => CollabStore } = {},
): Promise<TestServer> {
	const db = await openFreshDatabase('seeded')
	const httpServer = http.createServer((_req, res) => {
		res.statusCode = 404
		res.end()
	})
	const collab = attachCollab(httpServer, { db: db.sqlite, allowedOrigins: [], settings, store: options.store?.(db.sqlite) })
	const port = await listen(httpServer)
	return {
		...describeServer(port),
		collab,
		sqlite: db.sqlite,
		file: db.file,
		async close() {
			await collab.close()
			httpServer.closeAllConnections()
			await new Promise<void>((resolve) => httpServer.close(() => resolve()))
		},
	}
}

/** The real composition root (Express + Remix + collaboration) on a fresh seeded database. */
export async function startAppServer(): Promise<TestServer> {
	const db = await openFreshDatabase('seeded')
	const app = await createAppServer()
	const port = await listen(app.httpServer)
	return {
		...describeServer(port),
		collab: app.collab,
		sqlite: db.sqlite,
		file: db.file,
		async close() {
			const closing = app.close()
			app.httpServer.closeAllConnections()
			await closing
		},
	}
}

/** A logged-in session cookie for a seeded user (NODE_ENV=test: no __Host- prefix). */
export async function sessionCookie(userId: string, now?: Date): Promise<{ cookie: string; sessionId: string; token: string }> {
	const { token, session } = await createSession(userId, {}, now)
	return { cookie: `kizuna_session=${token}`, sessionId: session.id, token }
}

/** A `ws` class that sends the given headers, for y-websocket's WebSocketPolyfill. */
export function websocketWithHeaders(headers: Record<string, string>): new (url: string, protocols?: string | string[]) => WebSocket {
	return class extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers })
		}
	}
}

export type CloseInfo = { code: number; reason: string }

export type TestClient = {
	doc: Y.Doc
	provider: WebsocketProvider
	closes: CloseInfo[]
	/** MESSAGE_SAVED snapshots received (saved=1 clients) */
	saved: Y.Snapshot[]
	/** MESSAGE_TOPIC topics received (saved=1 clients), in order */
	topics: string[]
	access: string | null
	synced(timeoutMs?: number): Promise<void>
	closed(timeoutMs?: number): Promise<CloseInfo>
	destroy(): void
}

/** A stock y-websocket provider authenticated like a browser tab of the app. */
export function connectClient(
	server: Pick<TestServer, 'collabUrl' | 'origin'>,
	docName: string,
	options: { cookie?: string; origin?: string; saved?: boolean; doc?: Y.Doc } = {},
): TestClient {
	const doc = options.doc ?? new Y.Doc()
	const headers: Record<string, string> = { Origin: options.origin ?? server.origin }
	if (options.cookie) headers.Cookie = options.cookie
	const provider = new WebsocketProvider(server.collabUrl, docName, doc, {
		WebSocketPolyfill: websocketWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 300,
		params: options.saved ? { saved: '1' } : {},
	})
	const client: TestClient = {
		doc,
		provider,
		closes: [],
		saved: [],
		topics: [],
		access: null,
		synced: (timeoutMs = 5000) =>
			provider.synced
				? Promise.resolve()
				: withTimeout(new Promise<void>((resolve) => provider.once('sync', () => resolve())), timeoutMs, `sync of ${docName}`),
		closed: (timeoutMs = 5000) =>
			waitFor(() => client.closes.at(-1), { timeoutMs, message: `close of ${docName}` }),
		destroy: () => {
			provider.destroy()
			// The provider does not destroy the Awareness it created (its 3 s interval would leak).
			provider.awareness.destroy()
		},
	}
	provider.on('connection-close', (event) => {
		if (event) client.closes.push({ code: event.code, reason: String(event.reason) })
	})
	provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
		client.saved.push(Y.decodeSnapshot(decoding.readVarUint8Array(decoder)))
	}
	provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
		client.access = decoding.readVarString(decoder)
	}
	provider.messageHandlers[MESSAGE_TOPIC] = (_encoder, decoder) => {
		client.topics.push(decoding.readVarString(decoder))
	}
	return client
}

export type RawClient = {
	ws: WebSocket
	received: Uint8Array[]
	opened: Promise<void>
	closed: Promise<CloseInfo>
	/** HTTP status when the handshake itself was refused */
	rejectedStatus: Promise<number | null>
}

/** A bare websocket: for hostile frames and handshake checks. */
export function rawClient(url: string, headers: Record<string, string>): RawClient {
	const ws = new WebSocket(url, { headers })
	const received: Uint8Array[] = []
	let rejected: (status: number | null) => void = () => {}
	const rejectedStatus = new Promise<number | null>((resolve) => (rejected = resolve))
	ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)))
	ws.on('error', () => {})
	ws.on('unexpected-response', (_req, res) => {
		rejected(res.statusCode ?? 0)
		res.resume()
		ws.terminate()
	})
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => {
			rejected(null)
			resolve()
		})
		ws.once('close', () => reject(new Error('closed before open')))
	})
	opened.catch(() => {})
	const closed = new Promise<CloseInfo>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
	return { ws, received, opened, closed, rejectedStatus }
}

/** Polls until the predicate returns a truthy value (no fixed sleeps in tests). */
export async function waitFor<T>(
	predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
	{ timeoutMs = 5000, intervalMs = 10, message = 'condition' }: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs
	for (;;) {
		const value = await predicate()
		if (value) return value
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`)
		await new Promise((resolve) => setTimeout(resolve, intervalMs))
	}
}

/** Rejects when the promise does not settle in time (so a hung step names itself). */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs)
		}),
	])
}

/** Appends a paragraph the way Tiptap stores one: <paragraph>text</paragraph> in the 'default' fragment. */
export function addParagraph(doc: Y.Doc, text: string): void {
	const paragraph = new Y.XmlElement('paragraph')
	paragraph.insert(0, [new Y.XmlText(text)])
	const fragment = doc.getXmlFragment('default')
	fragment.insert(fragment.length, [paragraph])
}

/** The note's content as XML text, e.g. <paragraph>abc</paragraph>. */
export function noteText(doc: Y.Doc): string {
	return doc.getXmlFragment('default').toString()
}

/**
 * The document as stored in SQLite, rebuilt independently of the server's loader (the
 * oracle must not share the code it checks). Checks that nothing is left pending.
 */
export function storedDocument(source: Database.Database | string, documentId: string): Y.Doc {
	const db = typeof source === 'string' ? new Database(source) : source
	try {
		const snapshot = db.prepare('SELECT data, throughUpdateId FROM DocSnapshot WHERE documentId = ?').safeIntegers(false).get(documentId) as
			| { data: Buffer; throughUpdateId: number }
			| undefined
		const rows = db
			.prepare('SELECT data FROM DocUpdate WHERE documentId = ? AND id > ? ORDER BY id')
			.safeIntegers(false)
			.all(documentId, snapshot?.throughUpdateId ?? 0) as Array<{ data: Buffer }>
		const doc = new Y.Doc()
		if (snapshot) Y.applyUpdate(doc, snapshot.data)
		for (const row of rows) Y.applyUpdate(doc, row.data)
		if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw new Error(`stored ${documentId} has pending structs`)
		return doc
	} finally {
		if (typeof source === 'string') db.close()
	}
}

/** DocUpdate rows of a document (the log since the last snapshot). */
export function updateRowCount(db: Database.Database, documentId: string): number {
	return (db.prepare('SELECT count(*) AS n FROM DocUpdate WHERE documentId = ?').safeIntegers(false).get(documentId) as { n: number }).n
}

export type AuditRow = { id: number; at: string; userId: string | null; clientId: string | null; action: string; outcome: string; target: string; detail: string }

/** AuditLog rows in insertion order, optionally of one action. */
export function auditRows(db: Database.Database, action?: string): AuditRow[] {
	const rows = db.prepare('SELECT * FROM AuditLog ORDER BY id').safeIntegers(false).all() as AuditRow[]
	return action ? rows.filter((r) => r.action === action) : rows
}

/** A y-websocket sync "update" frame carrying the given Yjs update. */
export function updateFrame(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder()
	encoding.writeVarUint(encoder, 0) // messageSync
	encoding.writeVarUint(encoder, 2) // messageYjsUpdate
	encoding.writeVarUint8Array(encoder, update)
	return encoding.toUint8Array(encoder)
}

/** A valid note update from a fresh doc: one paragraph with the text. */
export function paragraphUpdate(text: string): Uint8Array {
	const doc = new Y.Doc()
	addParagraph(doc, text)
	return Y.encodeStateAsUpdate(doc)
}

export type ServerProcess = {
	child: ChildProcess
	port: number
	origin: string
	collabUrl: string
	/** kill -9: no shutdown code runs */
	kill(): Promise<void>
	/** SIGTERM: graceful shutdown */
	stop(): Promise<void>
}

/**
 * The real server (server/main.ts) as a child process. Started with `node --import tsx` rather
 * than `npx tsx` so the pid we SIGKILL is the server itself, not a wrapper.
 */
export async function spawnServer(databaseFile: string, port = 0): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${databaseFile}` },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
	const listening = new Promise<number>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString()
			const match = /listening on http:\/\/localhost:(\d+)/.exec(output)
			if (match) resolve(Number(match[1]))
		}
		child.stdout!.on('data', onData)
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
		child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)))
	})
	const actualPort = await withTimeout(listening, 30_000, 'the server to listen')
	return {
		child,
		...describeServer(actualPort),
		async kill() {
			child.kill('SIGKILL')
			await exited
		},
		async stop() {
			child.kill('SIGTERM')
			await withTimeout(exited, 15_000, 'graceful shutdown')
		},
	}
}
