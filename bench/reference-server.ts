/**
 * The reference: @y/websocket-server 0.1.1's setupWSConnection behind a bare HTTP server, as its
 * README suggests — no auth, no limits. With BENCH_REF_PERSIST=<sqlite file> it gets the naive
 * persistence most deployments start with (every update appended to a table, the whole log
 * replayed when a document is opened, nothing compacted), for the cold-open comparison.
 *
 * Run by bench/collab.ts as a child process; prints "listening <port>".
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils'
import Database from 'better-sqlite3'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'

const persistFile = process.env.BENCH_REF_PERSIST
if (persistFile) {
	const db = new Database(persistFile)
	db.pragma('journal_mode = WAL')
	db.exec('CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, data BLOB NOT NULL)')
	const select = db.prepare('SELECT data FROM updates WHERE doc = ? ORDER BY id')
	const insert = db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)')
	setPersistence({
		provider: db,
		bindState: async (docName: string, ydoc: Y.Doc) => {
			const rows = select.all(docName) as Array<{ data: Buffer }>
			ydoc.transact(() => {
				for (const row of rows) Y.applyUpdate(ydoc, row.data)
			})
			ydoc.on('update', (update: Uint8Array) => insert.run(docName, Buffer.from(update)))
		},
		writeState: async () => {},
	})
}

const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * 1024 * 1024 })
const server = http.createServer((_req, res) => {
	res.statusCode = 404
	res.end()
})
server.on('upgrade', (req, socket, head) => {
	const docName = (req.url ?? '').split('?')[0].replace(/^\/collab\//, '')
	wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }))
})
server.listen(0, '127.0.0.1', () => {
	console.log(`listening ${(server.address() as AddressInfo).port}`)
})
process.on('SIGTERM', () => process.exit(0))
