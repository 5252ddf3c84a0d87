import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
	SqliteCollabStore,
	type CollabStore,
	type CommitBatch,
	type CommitResult,
} from '#app/modules/documents/collab-store.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import {
	addParagraph,
	connectClient,
	DOCS,
	noteText,
	sessionCookie,
	startCollabServer,
	storedDocument,
	waitFor,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

/**
 * The asynchronous storage interface (decision 0018) and the ordering the server keeps on top
 * of it: one batch with the store at a time, updates stored in the order they were accepted,
 * a document loaded once, MESSAGE_SAVED only after the sync.
 */

/** A store in front of the SQLite one that lets a test hold commits, loads and syncs back. */
class InstrumentedStore implements CollabStore {
	readonly inner: SqliteCollabStore
	loads = 0
	/** calls to commit/compact running right now, and the most ever at once */
	active = 0
	maxActive = 0
	commitDelay: () => number = () => 0
	loadDelayMs = 0
	/** while set, `durable` of new commits waits for it */
	syncGate: Promise<void> | null = null

	constructor(db: Database.Database) {
		this.inner = new SqliteCollabStore(db)
	}

	get stats() {
		return this.inner.stats
	}

	async load(documentId: string) {
		this.loads++
		if (this.loadDelayMs > 0) await sleep(this.loadDelayMs)
		return this.inner.load(documentId)
	}

	async commit(batch: CommitBatch): Promise<CommitResult> {
		return this.exclusive(async () => {
			// An asynchronous engine (a pool): the round trip takes a while.
			const delay = this.commitDelay()
			if (delay > 0) await sleep(delay)
			const result = await this.inner.commit(batch)
			const gate = this.syncGate
			return { ids: result.ids, durable: gate ? Promise.all([result.durable, gate]).then(() => {}) : result.durable }
		})
	}

	compact(documentId: string, state: Uint8Array, throughUpdateId: number) {
		return this.exclusive(() => this.inner.compact(documentId, state, throughUpdateId))
	}

	close() {
		return this.inner.close()
	}

	private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
		this.active++
		this.maxActive = Math.max(this.maxActive, this.active)
		try {
			return await fn()
		} finally {
			this.active--
		}
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms))
}

function markerOrder(db: Database.Database, documentId: string): number[] {
	const rows = db.prepare('SELECT "data" FROM "DocUpdate" WHERE "documentId" = ? ORDER BY "id"').all(documentId) as Array<{ data: Buffer }>
	const order: number[] = []
	const doc = new Y.Doc()
	for (const row of rows) {
		const before = new Set(noteText(doc).match(/\[o-\d+\]/g) ?? [])
		Y.applyUpdate(doc, row.data)
		for (const marker of noteText(doc).match(/\[o-\d+\]/g) ?? []) if (!before.has(marker)) order.push(Number(marker.slice(3, -1)))
	}
	return order
}

describe('SqliteCollabStore', () => {
	test('commit stores the batch in one transaction in order, and durable resolves after an fsync of the log', async () => {
		// The app's shared connection, as the server gets it (WAL, synchronous=FULL).
		const { file, sqlite: db } = await useFreshDatabase('seeded')
		const store = new SqliteCollabStore(db)
		try {
			const updates = ['first', 'second', 'third'].map((text) => {
				const doc = new Y.Doc()
				addParagraph(doc, text)
				return { documentId: DOCS.sato.id, data: Y.encodeStateAsUpdate(doc), userId: 'user-sodan' }
			})
			const result = await store.commit({ at: new Date(), updates, audits: [] })
			expect(result.ids).toHaveLength(3)
			expect([...result.ids].sort((a, b) => a - b)).toEqual(result.ids)
			// Committed (readable by a second connection) before it is synced.
			const other = new Database(file, { readonly: true })
			expect(noteText(storedDocument(other, DOCS.sato.id))).toContain('third')
			other.close()
			await result.durable
			expect(store.stats.syncs).toBeGreaterThanOrEqual(1)
			// The shared connection is back at FULL for everyone else.
			expect(Number(db.pragma('synchronous', { simple: true }))).toBe(2)
		} finally {
			await store.close()
		}
	})

	test('a rejected batch stores nothing and leaves the connection at synchronous=FULL', async () => {
		const { sqlite: db } = await useFreshDatabase('seeded')
		const store = new SqliteCollabStore(db)
		db.exec(`CREATE TRIGGER fail_second BEFORE INSERT ON DocUpdate WHEN NEW.documentId = 'fail-here' BEGIN SELECT RAISE(ABORT, 'refused (simulated)'); END`)
		try {
			const count = () => (db.prepare('SELECT COUNT(*) AS n FROM "DocUpdate"').get() as { n: number }).n
			const before = count()
			const doc = new Y.Doc()
			addParagraph(doc, 'x')
			await expect(
				store.commit({
					at: new Date(),
					updates: [
						{ documentId: DOCS.sato.id, data: Y.encodeStateAsUpdate(doc), userId: 'user-sodan' },
						{ documentId: 'fail-here', data: Y.encodeStateAsUpdate(doc), userId: 'user-sodan' },
					],
					audits: [],
				}),
			).rejects.toThrow()
			expect(count()).toBe(before)
			expect(Number(db.pragma('synchronous', { simple: true }))).toBe(2)
		} finally {
			db.exec('DROP TRIGGER fail_second')
			await store.close()
		}
	})
})

describe('collaboration server on an asynchronous store', () => {
	let server: TestServer | null = null
	const clients: TestClient[] = []
	afterEach(async () => {
		for (const client of clients.splice(0)) client.destroy()
		await server?.close()
		server = null
	})
	const connect = (docName: string, options: Parameters<typeof connectClient>[2]) => {
		const client = connectClient(server!, docName, options)
		clients.push(client)
		return client
	}

	test('MESSAGE_SAVED waits for the sync; the edit is broadcast as soon as it is committed', async () => {
		let store!: InstrumentedStore
		server = await startCollabServer({}, { store: (db) => (store = new InstrumentedStore(db)) })
		const { cookie } = await sessionCookie('user-sodan')
		const writer = connect(DOCS.sato.name, { cookie, saved: true })
		const reader = connect(DOCS.sato.name, { cookie })
		await Promise.all([writer.synced(), reader.synced()])
		await waitFor(() => writer.saved.length > 0, { message: 'initial saved state' })

		let openGate!: () => void
		store.syncGate = new Promise<void>((resolve) => (openGate = resolve))
		addParagraph(writer.doc, 'held-sync')
		const clock = Y.getState(writer.doc.store, writer.doc.clientID)
		const covers = () => writer.saved.some((snapshot) => (snapshot.sv.get(writer.doc.clientID) ?? 0) >= clock)
		await waitFor(() => noteText(reader.doc).includes('held-sync'), { message: 'the reader receiving the committed edit' })
		expect(noteText(storedDocument(server.sqlite, DOCS.sato.id))).toContain('held-sync')
		await sleep(150)
		expect(covers()).toBe(false)
		// A client that joins now is not told the unsynced state is saved either.
		const late = connect(DOCS.sato.name, { cookie, saved: true })
		await late.synced()
		await sleep(100)
		expect(late.saved.some((snapshot) => (snapshot.sv.get(writer.doc.clientID) ?? 0) >= clock)).toBe(false)

		store.syncGate = null
		openGate()
		await waitFor(() => covers(), { message: 'saved after the sync' })
		await waitFor(() => late.saved.some((snapshot) => (snapshot.sv.get(writer.doc.clientID) ?? 0) >= clock), { message: 'the late client told too' })
	})

	test('with slow, jittery commits only one batch is with the store at a time and updates are stored in the order accepted', { timeout: 30_000 }, async () => {
		let store!: InstrumentedStore
		// A small compaction threshold so compactions share the lane with the commits.
		server = await startCollabServer({ compactThreshold: 15 }, { store: (db) => (store = new InstrumentedStore(db)) })
		let seed = 7
		store.commitDelay = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % 25)
		const { cookie } = await sessionCookie('user-sodan')
		const writer = connect(DOCS.sato.name, { cookie })
		const reader = connect(DOCS.sato.name, { cookie })
		await Promise.all([writer.synced(), reader.synced()])
		const count = 60
		for (let i = 0; i < count; i++) {
			addParagraph(writer.doc, `[o-${i}]`)
			if (i % 3 === 0) await sleep(1)
		}
		await waitFor(() => (noteText(reader.doc).match(/\[o-\d+\]/g) ?? []).length === count, { message: 'every update delivered', timeoutMs: 15_000 })
		// The reader sees them in the writer's order.
		expect(noteText(reader.doc)).toBe(noteText(writer.doc))
		await waitFor(() => server!.collab.stats().queuedWrites === 0, { message: 'queue drained' })
		expect(store.maxActive).toBe(1)
		expect(server.collab.stats().compactions).toBeGreaterThan(0)
		// Rows still in the log (after the last compaction) are in acceptance order.
		const order = markerOrder(server.sqlite, DOCS.sato.id)
		expect(order).toEqual([...order].sort((a, b) => a - b))
		expect(noteText(storedDocument(server.sqlite, DOCS.sato.id))).toBe(noteText(writer.doc))
	})

	test('a document is loaded once however many handshakes ask for it while it loads', async () => {
		let store!: InstrumentedStore
		server = await startCollabServer({}, { store: (db) => (store = new InstrumentedStore(db)) })
		store.loadDelayMs = 150
		const { cookie } = await sessionCookie('user-sodan')
		const many = Array.from({ length: 8 }, () => connect(DOCS.sato.name, { cookie }))
		await Promise.all(many.map((c) => c.synced()))
		expect(store.loads).toBe(1)
		addParagraph(many[0].doc, 'after-shared-load')
		await Promise.all(many.map((c) => waitFor(() => noteText(c.doc).includes('after-shared-load'), { message: 'everyone converging' })))
	})

	test('a document that everyone left is unloaded and reloads with everything, including edits made just before', async () => {
		server = await startCollabServer({})
		const { cookie } = await sessionCookie('user-sodan')
		for (let round = 0; round < 3; round++) {
			const writer = connect(DOCS.sato.name, { cookie })
			await writer.synced()
			addParagraph(writer.doc, `reload-${round}`)
			writer.destroy()
			await waitFor(() => !server!.collab.isLoaded(DOCS.sato.name), { message: 'unloaded' })
			const reader = connect(DOCS.sato.name, { cookie })
			await reader.synced()
			for (let r = 0; r <= round; r++) expect(noteText(reader.doc)).toContain(`reload-${r}`)
			reader.destroy()
			await waitFor(() => !server!.collab.isLoaded(DOCS.sato.name), { message: 'unloaded again' })
		}
	})
})
