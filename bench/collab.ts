/**
 * Benchmark: our collaboration server against the reference @y/websocket-server 0.1.1, same
 * workloads, side by side on one machine (loopback only). `npm run bench:collab`.
 *
 * - W1 fan-out: 50 clients on one document, one writer at 10 updates/s stamping
 *   performance.now() into each update; readers record arrival − stamp (one process, one clock).
 *   For our server also update → MESSAGE_SAVED (durably committed) at the writer.
 * - W2 memory: server RSS (after a full GC, bench/gc-on-signal.cjs) with 1,000 open documents, 2 silent raw-websocket clients each (one
 *   writes a ~1 KB paragraph first), against the server's RSS before them.
 * - W3 cold open: a document with a 20,000-keystroke update history, opened by a fresh client
 *   (server restarted or document unloaded in between): connect → provider 'sync'. The
 *   reference gets a naive SQLite log persistence (replay on open, no compaction).
 *
 * Servers are pinned to CPU 0 and the driver to CPU 1 where `taskset` exists. Every loop is
 * bounded in count and time; a watchdog ends the run after 10 minutes.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrateDatabase } from '../scripts/migrate-lib.ts'
import Database from 'better-sqlite3'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { MESSAGE_ACCESS, MESSAGE_SAVED } from '#app/editor/collab-protocol.ts'
import { CollabStorage } from '#app/modules/documents/collab-storage.server.ts'

// `--quick`: shorter measuring windows (a shared machine; the figures are noisier).
const QUICK = process.argv.includes('--quick')
// `--cluster`: also fan-out with the writer on instance A and the readers on instance B, relayed
// through Redis (BENCH_REDIS_URL or REDIS_URL) and the database (decision 0023).
const CLUSTER = process.argv.includes('--cluster')
const CLUSTER_REDIS_URL = process.env.BENCH_REDIS_URL || process.env.REDIS_URL || ''
const FANOUT = { clients: 50, ratePerSecond: 10, warmupMs: QUICK ? 2000 : 3000, measureMs: QUICK ? 8000 : 20_000 }
const MANY = { documents: 1000, clientsPerDocument: 2, concurrency: 40, settleMs: 4000 }
const COLD = { keystrokes: 20_000, repeats: QUICK ? 3 : 7 }
const CLIENT_ID = 'client-sato-makoto'
const USER_ID = 'user-sodan'
const WATCHDOG_MS = 10 * 60 * 1000

const root = process.cwd()
const tmp = path.join(root, 'bench', '.tmp', `run-${process.pid}`)
const children: ChildProcess[] = []
const log = (message: string) => console.log(`[bench] ${message}`)
// 50 y-websocket providers in one process each register a process 'exit' listener.
process.setMaxListeners(200)

// ────────────────────────────── setup ──────────────────────────────

function pinSelf(): string {
	if (os.cpus().length < 2) return 'not pinned (1 CPU)'
	try {
		execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
		return 'servers on CPU 0, driver on CPU 1'
	} catch {
		return 'not pinned (taskset unavailable)'
	}
}

const hasTaskset = (() => {
	try {
		execFileSync('taskset', ['-V'], { stdio: 'ignore' })
		return os.cpus().length >= 2
	} catch {
		return false
	}
})()

/** A keystroke-per-update typing history in the Tiptap shape (paragraphs of XmlText). */
function typingHistory(keystrokes: number): { updates: Uint8Array[]; text: string } {
	const doc = new Y.Doc()
	const updates: Uint8Array[] = []
	doc.on('update', (update: Uint8Array) => updates.push(update))
	const fragment = doc.getXmlFragment('default')
	let text: Y.XmlText | null = null
	let cursor = 0
	let state = 42
	const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32)
	for (let i = 0; i < keystrokes; i++) {
		const roll = random()
		if (text === null || roll < 0.01) {
			const paragraph = new Y.XmlElement('paragraph')
			text = new Y.XmlText()
			paragraph.insert(0, [text])
			fragment.insert(fragment.length, [paragraph])
			cursor = 0
		} else if (roll < 0.07 && cursor > 0) {
			text.delete(cursor - 1, 1)
			cursor--
		} else if (roll < 0.1) {
			cursor = Math.floor(random() * (text.length + 1))
		} else {
			text.insert(cursor, 'あいうえおかきくけこabcdefg'[Math.floor(random() * 17)])
			cursor++
		}
	}
	return { updates, text: fragment.toString() }
}

type Prepared = { dbFile: string; refColdFile: string; cookie: string; cookieName: string; coldText: string }

async function prepare(): Promise<Prepared> {
	fs.rmSync(tmp, { recursive: true, force: true })
	fs.mkdirSync(tmp, { recursive: true })
	const dbFile = path.join(tmp, 'ours.db')
	const env = {
		...process.env,
		DATABASE_URL: `file:${dbFile}`,
		PRISMA_QUERY_ENGINE_LIBRARY: path.join(root, 'scripts/no-native-engine'),
		PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, 'scripts/no-native-engine'),
		PRISMA_HIDE_UPDATE_MESSAGE: '1',
	}
	log('migrating and seeding a fresh database (bench/.tmp)')
	migrateDatabase(env.DATABASE_URL)
	execFileSync('npx', ['tsx', 'prisma/seed.ts'], { env, stdio: 'pipe' })

	// Sessions through the app's own code; the server runs with NODE_ENV=production.
	process.env.DATABASE_URL = env.DATABASE_URL
	const { initDb, closeDb } = await import('#app/utils/db.server.ts')
	const { createSession } = await import('#app/modules/auth/session.server.ts')
	const handle = await initDb()
	const { token } = await createSession(USER_ID)
	await handle.prisma.document.createMany({
		data: [
			...Array.from({ length: MANY.documents }, (_, i) => ({ id: `doc-bench-${i}`, clientId: CLIENT_ID, kind: 'note', title: `bench ${i}` })),
			{ id: 'doc-bench-fanout', clientId: CLIENT_ID, kind: 'note', title: 'fan-out' },
			{ id: 'doc-bench-cold', clientId: CLIENT_ID, kind: 'note', title: 'cold open' },
			{ id: 'doc-bench-empty', clientId: CLIENT_ID, kind: 'note', title: 'empty' },
		],
	})
	await closeDb()

	log(`generating a ${COLD.keystrokes}-keystroke history`)
	const history = typingHistory(COLD.keystrokes)
	const ours = new Database(dbFile)
	const insertOurs = ours.prepare('INSERT INTO DocUpdate (documentId, data, userId, createdAt) VALUES (?, ?, ?, ?)')
	const at = new Date().toISOString().replace('Z', '+00:00')
	ours.transaction(() => {
		for (const update of history.updates) insertOurs.run('doc-bench-cold', Buffer.from(update), USER_ID, at)
	})()
	ours.close()
	const refColdFile = path.join(tmp, 'reference.db')
	const ref = new Database(refColdFile)
	ref.pragma('journal_mode = WAL')
	ref.exec('CREATE TABLE updates (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, data BLOB NOT NULL)')
	const insertRef = ref.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)')
	ref.transaction(() => {
		for (const update of history.updates) insertRef.run('note.doc-bench-cold', Buffer.from(update))
	})()
	ref.close()
	return { dbFile, refColdFile, cookie: token, cookieName: '__Host-kizuna_session', coldText: history.text }
}

// ────────────────────────────── servers ──────────────────────────────

type Target = { name: 'ours' | 'reference'; pid: number; url: string; headers: Record<string, string>; child: ChildProcess }

async function startChild(name: Target['name'], args: string[], env: Record<string, string>, pattern: RegExp, headers: (port: number) => Record<string, string>): Promise<Target> {
	const command = hasTaskset ? 'taskset' : process.execPath
	const withGc = ['--expose-gc', '--require', path.join(root, 'bench/gc-on-signal.cjs'), ...args]
	const argv = hasTaskset ? ['-c', '0', process.execPath, ...withGc] : withGc
	const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
	children.push(child)
	let output = ''
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 60_000)
		const onData = (chunk: Buffer) => {
			output += chunk.toString()
			const match = pattern.exec(output)
			if (match) {
				clearTimeout(timer)
				resolve(Number(match[1]))
			}
		}
		child.stdout!.on('data', onData)
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
		child.once('exit', (code) => reject(new Error(`${name} exited (${code}):\n${output}`)))
	})
	child.stdout!.resume()
	child.stderr!.resume()
	return { name, pid: child.pid!, url: `ws://127.0.0.1:${port}/collab`, headers: headers(port), child }
}

function startOurs(prepared: Prepared): Promise<Target> {
	return startChild(
		'ours',
		['--import', 'tsx', 'server/main.ts'],
		{
			NODE_ENV: 'production',
			PORT: '0',
			HOST: '127.0.0.1',
			DATABASE_URL: `file:${prepared.dbFile}`,
			// All benchmark connections come from one loopback address and one session: lift the
			// per-IP and per-session limits (they are what they are for: one address or one
			// session opening thousands of sockets; a real office's 2,000 sockets come from many).
			KIZUNA_COLLAB_SETTINGS: benchSettings(),
		},
		/listening on http:\/\/localhost:(\d+)/,
		(port) => ({ Origin: `http://127.0.0.1:${port}`, Cookie: `${prepared.cookieName}=${prepared.cookie}` }),
	)
}

function benchSettings(): string {
	return JSON.stringify({
				maxConnectionsPerUserPerDocument: 100,
				upgradeBurstPerSession: 100_000,
				upgradesPerSecondPerSession: 100_000,
				maxPendingAuthsPerSession: 1024,
				maxConnectionsPerIp: 100_000,
				upgradeBurstPerIp: 100_000,
				upgradesPerSecondPerIp: 100_000,
				maxPendingAuthsPerIp: 1024,
				maxPendingAuths: 1024,
			})
}

/** Two hubs on one database relaying through Redis (bench/cluster-pair.ts): [writer's, readers']. */
async function startPair(prepared: Prepared): Promise<[Target, Target]> {
	const portFile = path.join(tmp, 'pair-port')
	const headers = (port: number) => ({ Origin: `http://127.0.0.1:${port}`, Cookie: `${prepared.cookieName}=${prepared.cookie}` })
	const a = await startChild(
		'ours',
		['--import', 'tsx', 'bench/cluster-pair.ts'],
		{ NODE_ENV: 'production', DATABASE_URL: `file:${prepared.dbFile}`, REDIS_URL: CLUSTER_REDIS_URL, BENCH_PAIR_PORT_FILE: portFile, KIZUNA_COLLAB_SETTINGS: process.env.BENCH_SETTINGS ?? benchSettings() },
		/listening (\d+)/,
		headers,
	)
	const portB = Number(fs.readFileSync(portFile, 'utf8'))
	return [a, { ...a, url: `ws://127.0.0.1:${portB}/collab`, headers: headers(portB) }]
}

function startReference(persistFile?: string): Promise<Target> {
	return startChild(
		'reference',
		['--import', 'tsx', 'bench/reference-server.ts'],
		persistFile ? { BENCH_REF_PERSIST: persistFile } : {},
		/listening (\d+)/,
		(port) => ({ Origin: `http://127.0.0.1:${port}` }),
	)
}

async function stop(target: Target): Promise<void> {
	const exited = new Promise<void>((resolve) => (target.child.exitCode !== null ? resolve() : target.child.once('exit', () => resolve())))
	target.child.kill('SIGTERM')
	await Promise.race([exited, sleep(15_000)])
	if (target.child.exitCode === null) target.child.kill('SIGKILL')
}

/** RSS after a full collection in the server (bench/gc-on-signal.cjs). */
async function settledRssMiB(pid: number): Promise<number> {
	process.kill(pid, 'SIGUSR2')
	await sleep(500)
	process.kill(pid, 'SIGUSR2')
	await sleep(500)
	return rssMiB(pid)
}

function rssMiB(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
	const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
	return kib / 1024
}

// ────────────────────────────── clients ──────────────────────────────

function wsClass(headers: Record<string, string>) {
	return class extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers })
		}
	}
}

type Client = { doc: Y.Doc; provider: WebsocketProvider }

function provider(target: Target, docName: string, params: Record<string, string> = {}): Client {
	const doc = new Y.Doc()
	const p = new WebsocketProvider(target.url, docName, doc, {
		WebSocketPolyfill: wsClass(target.headers) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params,
		connect: false,
	})
	// Our custom messages (saved=1 sockets only); a stock client logs unknown types.
	p.messageHandlers[MESSAGE_SAVED] = () => {}
	p.messageHandlers[MESSAGE_ACCESS] = () => {}
	p.connect()
	return { doc, provider: p }
}

function synced(client: Client, timeoutMs = 30_000): Promise<void> {
	if (client.provider.synced) return Promise.resolve()
	return withTimeout(new Promise<void>((resolve) => client.provider.once('sync', () => resolve())), timeoutMs, 'sync')
}

function destroy(client: Client): void {
	client.provider.destroy()
	client.provider.awareness.destroy()
	client.doc.destroy()
}

// ────────────────────────────── workloads ──────────────────────────────

type FanOutResult = { samples: number[]; expected: number; saved: number[] }

async function fanOut(target: Target, readersOn: Target = target): Promise<FanOutResult> {
	const docName = 'note.doc-bench-fanout'
	const clients: Client[] = []
	for (let i = 0; i < FANOUT.clients; i++) {
		clients.push(provider(i === 0 ? target : readersOn, docName, i === 0 && target.name === 'ours' ? { saved: '1' } : {}))
		if (i % 10 === 9) await Promise.all(clients.slice(i - 9).map((c) => synced(c)))
	}
	await Promise.all(clients.map((c) => synced(c)))
	const [writer, ...readers] = clients
	let measuring = false
	let firstMeasured = Number.POSITIVE_INFINITY
	const samples: number[] = []
	for (const reader of readers) {
		reader.doc.getXmlFragment('default').observe((event) => {
			const now = performance.now()
			for (const change of event.changes.delta) {
				for (const node of (change.insert as unknown[] | undefined) ?? []) {
					if (!(node instanceof Y.XmlElement)) continue
					const seq = Number(node.getAttribute('s'))
					if (measuring && seq >= firstMeasured) samples.push(now - Number(node.getAttribute('t')))
				}
			}
		})
	}
	// Update → saved: which of the writer's own clocks a MESSAGE_SAVED snapshot covers.
	const pendingSaved: Array<{ clock: number; t: number }> = []
	const saved: number[] = []
	writer.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
		const now = performance.now()
		const snapshot = Y.decodeSnapshot(decoding.readVarUint8Array(decoder))
		const covered = snapshot.sv.get(writer.doc.clientID) ?? 0
		while (pendingSaved.length > 0 && pendingSaved[0].clock <= covered) saved.push(now - pendingSaved.shift()!.t)
	}
	const fragment = writer.doc.getXmlFragment('default')
	let seq = 0
	const started = performance.now()
	await new Promise<void>((resolve) => {
		const timer = setInterval(() => {
			const elapsed = performance.now() - started
			if (elapsed >= FANOUT.warmupMs + FANOUT.measureMs) {
				clearInterval(timer)
				resolve()
				return
			}
			if (!measuring && elapsed >= FANOUT.warmupMs) {
				measuring = true
				firstMeasured = seq
			}
			const paragraph = new Y.XmlElement('paragraph')
			paragraph.setAttribute('s', String(seq++))
			paragraph.insert(0, [new Y.XmlText('x')])
			const stamp = performance.now()
			paragraph.setAttribute('t', String(stamp))
			fragment.insert(fragment.length, [paragraph])
			if (measuring) pendingSaved.push({ clock: Y.getState(writer.doc.store, writer.doc.clientID), t: stamp })
		}, 1000 / FANOUT.ratePerSecond)
	})
	const expected = (seq - firstMeasured) * readers.length
	const drainUntil = Date.now() + 3000
	while (samples.length < expected && Date.now() < drainUntil) await sleep(20)
	for (const client of clients) destroy(client)
	return { samples, expected, saved }
}

/** A raw websocket that answers the sync handshake with nothing and otherwise only listens. */
function silentClient(target: Target, docName: string, firstUpdate: Uint8Array | null): Promise<WebSocket> {
	return withTimeout(
		new Promise<WebSocket>((resolve, reject) => {
			const ws = new WebSocket(`${target.url}/${docName}`, { headers: target.headers })
			ws.on('error', reject)
			ws.on('open', () => {
				// Our SyncStep1 is our state (empty here), like a fresh browser tab.
				ws.send(frame([0, 0], Y.encodeStateVector(new Y.Doc())))
				if (firstUpdate) ws.send(frame([0, 2], firstUpdate))
				resolve(ws)
			})
			ws.on('message', (data: Buffer) => {
				const decoder = decoding.createDecoder(new Uint8Array(data))
				if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 0) {
					ws.send(frame([0, 1], Y.encodeStateAsUpdate(new Y.Doc()))) // empty SyncStep2
				}
			})
		}),
		30_000,
		`silent client ${docName}`,
	)
}

function frame(header: number[], payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder()
	for (const n of header) encoding.writeVarUint(encoder, n)
	encoding.writeVarUint8Array(encoder, payload)
	return encoding.toUint8Array(encoder)
}

function noteUpdate(i: number): Uint8Array {
	const doc = new Y.Doc()
	const paragraph = new Y.XmlElement('paragraph')
	paragraph.insert(0, [new Y.XmlText(`支援メモ ${i}: ${'本人の希望と支援の方針。'.repeat(40)}`)])
	doc.getXmlFragment('default').insert(0, [paragraph])
	return Y.encodeStateAsUpdate(doc)
}

type MemoryResult = { baselineMiB: number; loadedMiB: number; connectSeconds: number; connections: number }

async function manyDocuments(target: Target): Promise<MemoryResult> {
	await sleep(2000)
	const baselineMiB = await settledRssMiB(target.pid)
	const started = performance.now()
	const sockets: WebSocket[] = []
	const jobs: Array<() => Promise<void>> = []
	for (let d = 0; d < MANY.documents; d++) {
		for (let c = 0; c < MANY.clientsPerDocument; c++) {
			jobs.push(async () => {
				sockets.push(await silentClient(target, `note.doc-bench-${d}`, c === 0 ? noteUpdate(d) : null))
			})
		}
	}
	let next = 0
	await Promise.all(
		Array.from({ length: MANY.concurrency }, async () => {
			while (next < jobs.length) await jobs[next++]()
		}),
	)
	const connectSeconds = (performance.now() - started) / 1000
	await sleep(MANY.settleMs)
	const loadedMiB = await settledRssMiB(target.pid)
	const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length
	for (const ws of sockets) ws.terminate()
	await sleep(1000)
	return { baselineMiB, loadedMiB, connectSeconds, connections: open }
}

type ColdResult = { firstMs: number; providerMs: number; serverMs: number; emptyServerMs: number }

/**
 * Opens of a document that is not in memory, on a server that is warm (it has served other
 * documents: a long-running server's code is JIT-compiled; a just-started one is not).
 * - provider: connect → 'sync' at a stock client, including the client applying the document;
 * - server: raw socket, SyncStep1 sent on open → the server's SyncStep2 received (handshake,
 *   authorization for ours, loading the document, encoding the answer).
 */
async function coldOpen(target: Target, expectedText: string): Promise<ColdResult> {
	const unloadPause = () => sleep(300) // the last client left: both servers unload the document
	const viaProvider = async (docName: string) => {
		const started = performance.now()
		const client = provider(target, docName)
		await synced(client, 60_000)
		const elapsed = performance.now() - started
		if (client.doc.getXmlFragment('default').toString() !== expectedText) throw new Error(`${target.name}: ${docName} opened with different content`)
		destroy(client)
		await unloadPause()
		return elapsed
	}
	const viaRawSocket = async (docName: string) => {
		const started = performance.now()
		await withTimeout(
			new Promise<void>((resolve, reject) => {
				const ws = new WebSocket(`${target.url}/${docName}`, { headers: target.headers })
				ws.on('error', reject)
				ws.on('open', () => ws.send(frame([0, 0], Y.encodeStateVector(new Y.Doc()))))
				ws.on('message', (data: Buffer) => {
					const decoder = decoding.createDecoder(new Uint8Array(data))
					if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 1) {
						ws.terminate()
						resolve()
					}
				})
			}),
			60_000,
			`raw open of ${docName}`,
		)
		const elapsed = performance.now() - started
		await unloadPause()
		return elapsed
	}
	const firstMs = await viaProvider('note.doc-bench-cold')
	const providerTimes: number[] = []
	const serverTimes: number[] = []
	const emptyTimes: number[] = []
	for (let i = 0; i < COLD.repeats; i++) {
		providerTimes.push(await viaProvider('note.doc-bench-cold'))
		serverTimes.push(await viaRawSocket('note.doc-bench-cold'))
		emptyTimes.push(await viaRawSocket('note.doc-bench-empty'))
	}
	return { firstMs, providerMs: percentile(providerTimes, 50), serverMs: percentile(serverTimes, 50), emptyServerMs: percentile(emptyTimes, 50) }
}

/** The load step alone, in this process: our loader (snapshot + tail) vs the reference's bindState (replay). */
function loadInProcess(prepared: Prepared): { oursMs: number; replayMs: number } {
	const ours = new Database(prepared.dbFile, { readonly: true })
	const storage = new CollabStorage(ours)
	const oursTimes: number[] = []
	for (let i = 0; i < 3 + COLD.repeats; i++) {
		const loaded = storage.load('doc-bench-cold')
		if (i >= 3) oursTimes.push(loaded.loadMs)
		loaded.doc.destroy()
	}
	ours.close()
	const ref = new Database(prepared.refColdFile, { readonly: true })
	const rows = ref.prepare('SELECT data FROM updates WHERE doc = ? ORDER BY id')
	const replayTimes: number[] = []
	for (let i = 0; i < 1 + COLD.repeats; i++) {
		const started = performance.now()
		const doc = new Y.Doc()
		const all = rows.all('note.doc-bench-cold') as Array<{ data: Buffer }>
		doc.transact(() => {
			for (const row of all) Y.applyUpdate(doc, row.data)
		})
		if (i >= 1) replayTimes.push(performance.now() - started)
		doc.destroy()
	}
	ref.close()
	return { oursMs: percentile(oursTimes, 50), replayMs: percentile(replayTimes, 50) }
}

/** What one SQLite commit costs on this disk (WAL, synchronous=FULL): the floor of write-ahead latency. */
async function diskCommitLatency(dir: string): Promise<number[]> {
	const file = path.join(dir, 'fsync-probe.db')
	const db = new Database(file)
	db.pragma('journal_mode = WAL')
	db.pragma('synchronous = FULL')
	db.exec('CREATE TABLE probe (id INTEGER PRIMARY KEY, data BLOB)')
	const insert = db.prepare('INSERT INTO probe (data) VALUES (?)')
	const times: number[] = []
	for (let i = 0; i < 200; i++) {
		const started = performance.now()
		db.transaction(() => insert.run(Buffer.alloc(120)))()
		times.push(performance.now() - started)
		await sleep(10)
	}
	db.close()
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
	return times
}

/** A just-started server has cold code paths: open an unrelated document a few times first. */
async function coldOpenWarmUp(target: Target): Promise<void> {
	for (let i = 0; i < 3; i++) {
		const client = provider(target, `note.doc-bench-warmup-${i}`)
		await synced(client)
		const paragraph = new Y.XmlElement('paragraph')
		paragraph.insert(0, [new Y.XmlText('warm-up '.repeat(200))])
		client.doc.getXmlFragment('default').insert(0, [paragraph])
		await sleep(100)
		destroy(client)
		await sleep(200)
	}
}

// ────────────────────────────── report ──────────────────────────────

function percentile(values: number[], p: number): number {
	if (values.length === 0) return Number.NaN
	const sorted = [...values].sort((a, b) => a - b)
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

function fmt(value: number, digits = 1): string {
	return Number.isFinite(value) ? value.toFixed(digits) : '—'
}

type Row = [string, string, string, string, string]

function table(rows: Row[]): string {
	const header: Row = ['metric', 'ours', 'reference', 'ours/ref', 'goal (issue 16)']
	const all = [header, ...rows]
	const widths = header.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)))
	const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i] + (cell.length - [...cell].length))).join(' | ')} |`
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

function ratio(ours: number, ref: number): string {
	return Number.isFinite(ours) && Number.isFinite(ref) && ref > 0 ? `${(ours / ref).toFixed(2)}×` : '—'
}

function versions(): string {
	const version = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version
	const sqlite = new Database(':memory:')
	const sqliteVersion = (sqlite.prepare('select sqlite_version() v').get() as { v: string }).v
	sqlite.close()
	return [
		`node ${process.version}`,
		`yjs ${version('yjs')}`,
		`y-protocols ${version('y-protocols')}`,
		`ws ${version('ws')}`,
		`y-websocket ${version('y-websocket')} (clients)`,
		`@y/websocket-server ${version('@y/websocket-server')}`,
		`better-sqlite3 ${version('better-sqlite3')} (SQLite ${sqliteVersion})`,
		`${os.cpus().length}× ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
	].join(', ')
}

// ────────────────────────────── main ──────────────────────────────

async function main(): Promise<void> {
	const watchdog = setTimeout(() => {
		console.error('[bench] watchdog: exceeded 10 minutes')
		for (const child of children) child.kill('SIGKILL')
		process.exit(1)
	}, WATCHDOG_MS)
	if (CLUSTER && !CLUSTER_REDIS_URL) {
		console.error('[bench] --cluster needs a Redis: set BENCH_REDIS_URL (or REDIS_URL), e.g. the one `npm run start:cluster` prints')
		process.exit(2)
	}
	const pinning = pinSelf()
	const prepared = await prepare()
	// A copy on tmpfs, taken while no server has the file open.
	const shmDir = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/kizuna-bench-') : null
	const shmFile = shmDir ? path.join(shmDir, 'ours.db') : null
	if (shmFile) fs.copyFileSync(prepared.dbFile, shmFile)
	// The cluster pair gets its own copy (the single instance holds the writer lock on the original).
	const clusterFile = CLUSTER ? path.join(tmp, 'cluster.db') : null
	if (clusterFile) fs.copyFileSync(prepared.dbFile, clusterFile)
	log('probing the commit latency of this disk (WAL, synchronous=FULL)')
	const disk = await diskCommitLatency(tmp)

	const ours = await startOurs(prepared)
	const reference = await startReference()
	log(`servers up (ours pid ${ours.pid}, reference pid ${reference.pid}); ${pinning}`)

	log(`W1 fan-out: ${FANOUT.clients} clients, ${FANOUT.ratePerSecond} updates/s, ${FANOUT.measureMs / 1000} s measured — ours`)
	const fanOurs = await fanOut(ours)
	log('W1 fan-out — reference')
	const fanRef = await fanOut(reference)
	let fanCluster: FanOutResult | null = null
	if (CLUSTER && clusterFile) {
		log('W1 fan-out — cluster: writer on instance A, readers on instance B (Redis + database relay)')
		const [pairA, pairB] = await startPair({ ...prepared, dbFile: clusterFile })
		fanCluster = await fanOut(pairA, pairB)
		await stop(pairA)
	}
	// The same server with its database on tmpfs: what remains is our own cost, without the
	// disk's fsync latency (only for comparison — tmpfs is not durable).
	let fanShm: FanOutResult | null = null
	if (shmDir && shmFile) {
		log('W1 fan-out — ours with the database on tmpfs (no fsync cost)')
		const oursShm = await startOurs({ ...prepared, dbFile: shmFile })
		fanShm = await fanOut(oursShm)
		await stop(oursShm)
		fs.rmSync(shmDir, { recursive: true, force: true })
	}

	log(`W2 memory: ${MANY.documents} documents × ${MANY.clientsPerDocument} clients — ours`)
	const memOurs = await manyDocuments(ours)
	log('W2 memory — reference')
	const memRef = await manyDocuments(reference)
	await stop(reference)

	log(`W3 cold open of a ${COLD.keystrokes}-update history — ours (its first open replays the raw log and compacts it)`)
	const coldOurs = await coldOpen(ours, prepared.coldText)
	await stop(ours)
	log('W3 cold open — reference with a naive SQLite log (warmed up on another document first)')
	const refCold = await startReference(prepared.refColdFile)
	await coldOpenWarmUp(refCold)
	const coldRef = await coldOpen(refCold, prepared.coldText)
	await stop(refCold)
	const loads = loadInProcess(prepared)

	const p = (r: FanOutResult, q: number) => percentile(r.samples, q)
	const perDoc = (m: MemoryResult) => ((m.loadedMiB - m.baselineMiB) * 1024) / MANY.documents
	const savedP99 = percentile(fanOurs.saved, 99)
	const rows: Row[] = [
		['fan-out p50 (ms)', fmt(p(fanOurs, 50)), fmt(p(fanRef, 50)), ratio(p(fanOurs, 50), p(fanRef, 50)), ''],
		['fan-out p99 (ms)', fmt(p(fanOurs, 99)), fmt(p(fanRef, 99)), ratio(p(fanOurs, 99), p(fanRef, 99)), '≤ 0.80×'],
		['fan-out max (ms)', fmt(p(fanOurs, 100)), fmt(p(fanRef, 100)), ratio(p(fanOurs, 100), p(fanRef, 100)), ''],
		...(fanCluster
			? ([
					['fan-out p50, writer on A / readers on B (ms)', fmt(p(fanCluster, 50)), fmt(p(fanRef, 50)), ratio(p(fanCluster, 50), p(fanRef, 50)), ''],
					['fan-out p99, writer on A / readers on B (ms)', fmt(p(fanCluster, 99)), fmt(p(fanRef, 99)), ratio(p(fanCluster, 99), p(fanRef, 99)), 'beside 1 instance'],
					['fan-out delivered, A → B', `${fanCluster.samples.length}/${fanCluster.expected}`, '', '', 'all'],
				] satisfies Row[])
			: []),
		['fan-out p99, DB on tmpfs (ms)', fanShm ? fmt(p(fanShm, 99)) : '—', fmt(p(fanRef, 99)), fanShm ? ratio(p(fanShm, 99), p(fanRef, 99)) : '', ''],
		['disk commit p50 / p99 / max (ms)', `${fmt(percentile(disk, 50))} / ${fmt(percentile(disk, 99))} / ${fmt(percentile(disk, 100))}`, 'n/a', '', ''],
		['fan-out delivered', `${fanOurs.samples.length}/${fanOurs.expected}`, `${fanRef.samples.length}/${fanRef.expected}`, '', 'all'],
		['update→saved p50 (ms)', fmt(percentile(fanOurs.saved, 50)), 'n/a (no ack)', '', ''],
		['update→saved p99 (ms)', fmt(savedP99), 'n/a (no ack)', '', '< 10'],
		['RSS before W2 (MiB)', fmt(memOurs.baselineMiB, 0), fmt(memRef.baselineMiB, 0), ratio(memOurs.baselineMiB, memRef.baselineMiB), ''],
		[`RSS, ${MANY.documents} open docs (MiB)`, fmt(memOurs.loadedMiB, 0), fmt(memRef.loadedMiB, 0), ratio(memOurs.loadedMiB, memRef.loadedMiB), '≤ 120'],
		['KiB per open doc (2 sockets)', perDoc(memOurs) > 0 ? fmt(perDoc(memOurs), 0) : `not measurable (${fmt(perDoc(memOurs), 0)})`, fmt(perDoc(memRef), 0), ratio(perDoc(memOurs), perDoc(memRef)), '≤ 50'],
		['open sockets held', `${memOurs.connections}`, `${memRef.connections}`, '', `${MANY.documents * MANY.clientsPerDocument}`],
		[`time to open ${MANY.documents * MANY.clientsPerDocument} sockets (s)`, fmt(memOurs.connectSeconds, 2), fmt(memRef.connectSeconds, 2), ratio(memOurs.connectSeconds, memRef.connectSeconds), '≤ 2'],
		[`cold open 20k-update doc: 1st, provider (ms)`, fmt(coldOurs.firstMs), fmt(coldRef.firstMs), ratio(coldOurs.firstMs, coldRef.firstMs), ''],
		[`cold open 20k-update doc: provider (ms)`, fmt(coldOurs.providerMs), fmt(coldRef.providerMs), ratio(coldOurs.providerMs, coldRef.providerMs), ''],
		[`cold open 20k-update doc: server (ms)`, fmt(coldOurs.serverMs), fmt(coldRef.serverMs), ratio(coldOurs.serverMs, coldRef.serverMs), '< 30'],
		['cold open empty doc: server (ms)', fmt(coldOurs.emptyServerMs), fmt(coldRef.emptyServerMs), ratio(coldOurs.emptyServerMs, coldRef.emptyServerMs), ''],
		['load step alone, 20k-update doc (ms)', fmt(loads.oursMs), fmt(loads.replayMs), ratio(loads.oursMs, loads.replayMs), '< 30'],
	]
	console.log('')
	console.log(table(rows))
	console.log('')
	console.log(`versions: ${versions()}`)
	console.log(`pinning: ${pinning}${QUICK ? '; --quick (short windows)' : ''}; load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other processes share this machine)`)
	console.log(
		'notes: ours commits every update to SQLite before broadcasting it (WAL; the commit is written to the OS, the fsync follows off the event loop and ' +
			'MESSAGE_SAVED waits for it — decision 0018) and authenticates every socket; ' +
			'the reference keeps W1/W2 in memory only. Cold open is connect → first sync at a fresh client, auth included for ours; ' +
			"ours' 1st open replays the raw log and compacts it, later opens read the snapshot; the reference replays the log every time. " +
			'Cold-open rows other than "1st" are medians of warm-server opens; "server" = raw socket open → SyncStep2 received; ' +
			'"load step alone" = the storage load in one process (ours: snapshot + tail; reference: its bindState replay).',
	)
	const targets = [
		['fan-out p99 ≤ 0.8× the reference', p(fanOurs, 99) <= 0.8 * p(fanRef, 99)],
		['every update delivered', fanOurs.samples.length >= fanOurs.expected],
		['update→saved p99 < 10 ms', savedP99 < 10],
		// RSS can fall while the documents open (an earlier workload's memory returned to the
		// OS): a non-positive difference measures nothing and must not count as met.
		['≤ 50 KiB per open document (2 sockets)', perDoc(memOurs) > 0 && perDoc(memOurs) <= 50],
		['RSS ≤ 120 MiB with 1,000 open documents', memOurs.loadedMiB <= 120],
		[`${MANY.documents * MANY.clientsPerDocument} authenticated sockets opened in ≤ 2 s`, memOurs.connectSeconds <= 2],
		['cold open < 30 ms (load step)', loads.oursMs < 30],
		['cold open < 30 ms (server, incl. handshake + auth)', coldOurs.serverMs < 30],
	] as const
	for (const [name, ok] of targets) console.log(`target: ${name}: ${ok ? 'met' : 'NOT met'}`)
	clearTimeout(watchdog)
	fs.rmSync(tmp, { recursive: true, force: true })
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms))
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)
		}),
	])
}

process.on('exit', () => {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
})

main().then(
	() => process.exit(0),
	(error) => {
		console.error('[bench] failed:', error)
		process.exit(1)
	},
)
