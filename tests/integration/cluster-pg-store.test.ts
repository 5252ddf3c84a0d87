import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import pg from 'pg'
import { COLLAB_PG_SQL, PgCollabStore } from '#app/modules/documents/collab-storage-pg.server.ts'
import { SKIP_WITHOUT_POSTGRES, TEST_POSTGRES_URL } from '#tests/helpers/cluster-env.ts'
import { addParagraph, noteText } from '#tests/helpers/collab.ts'
import { collabTables, createScratchDatabase } from '#tests/helpers/postgres.ts'

/**
 * The PostgreSQL collaboration store on a real server: two pools stand for two instances.
 * Skipped only without TEST_POSTGRES_URL (tests/helpers/cluster-env.ts).
 */
describe.skipIf(SKIP_WITHOUT_POSTGRES)('collaboration store on PostgreSQL', () => {
	let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
	let a: PgCollabStore
	let b: PgCollabStore
	beforeAll(async () => {
		scratch = await createScratchDatabase(TEST_POSTGRES_URL)
		await collabTables(scratch.url)
		a = new PgCollabStore(scratch.url, 4)
		b = new PgCollabStore(scratch.url, 4)
	})
	afterAll(async () => {
		await a?.close()
		await b?.close()
		await scratch?.drop()
	})

	function paragraph(doc: Y.Doc, text: string): Uint8Array {
		const before = Y.encodeStateVector(doc)
		addParagraph(doc, text)
		return Y.encodeStateAsUpdate(doc, before)
	}

	test('refuses nothing on a durable server, and stores, loads, audits', async () => {
		await a.verifyDurability()
		const doc = new Y.Doc()
		const at = new Date('2026-12-07T05:00:00.123Z')
		const { ids } = await a.commit({
			updates: [
				{ documentId: 'd-basic', data: paragraph(doc, 'one'), userId: 'user-sodan' },
				{ documentId: 'd-basic', data: paragraph(doc, 'two'), userId: 'user-sodan' },
			],
			audits: [{ entry: { action: 'document.connect', userId: 'user-sodan', target: 'document:note.d-basic', detail: { connection: 'c1' } }, at }],
			at,
		})
		expect(ids).toHaveLength(2)
		expect(ids[1]).toBeGreaterThan(ids[0])
		const loaded = await b.load('d-basic')
		expect(noteText(loaded.doc)).toBe(noteText(doc))
		expect(loaded.lastUpdateId).toBe(ids[1])
		const audit = await a.pool.query('SELECT "action", "target", "detail", "at" FROM "AuditLog"')
		expect(audit.rows).toEqual([{ action: 'document.connect', target: 'document:note.d-basic', detail: '{"connection":"c1"}', at: expect.any(Date) }])
	})

	test('two instances writing one document: every id one instance sees implies every smaller id is already visible', async () => {
		const writers = [new Y.Doc(), new Y.Doc()]
		const stores = [a, b]
		const visibleBelow = new Map<number, Set<number>>()
		const commitOne = async (w: number, i: number) => {
			const { ids } = await stores[w].commit({ updates: [{ documentId: 'd-race', data: paragraph(writers[w], `[${w}-${i}]`), userId: null }], audits: [], at: new Date() })
			// What any instance reads right after this commit returns, below our id.
			const tail = await stores[1 - w].readAfter('d-race', 0, ids[0])
			visibleBelow.set(ids[0], new Set(tail.rows.map((r) => r.id)))
		}
		await Promise.all([0, 1].map(async (w) => {
			const pending: Array<Promise<void>> = []
			for (let i = 0; i < 60; i++) pending.push(commitOne(w, i))
			await Promise.all(pending)
		}))
		const all = (await a.readAfter('d-race', 0)).rows.map((r) => r.id)
		expect(all).toHaveLength(120)
		for (const [id, seen] of visibleBelow) {
			for (const smaller of all.filter((x) => x < id)) expect(seen.has(smaller), `row ${smaller} visible once ${id} committed`).toBe(true)
		}
		// Following the log by "rows after the last id applied" ends in the same document.
		const follower = new Y.Doc()
		let last = 0
		for (;;) {
			const tail = await b.readAfter('d-race', last)
			if (tail.rows.length === 0) break
			for (const row of tail.rows.slice(0, 7)) {
				Y.applyUpdate(follower, row.data)
				last = row.id
			}
		}
		expect(noteText(follower)).toBe(noteText((await a.load('d-race')).doc))
	})

	test('a commit waits while another instance holds the document between drawing its id and COMMIT', async () => {
		// "Instance C" mid-commit: lock taken, id drawn, not yet committed.
		const other = new pg.Client({ connectionString: scratch.url })
		await other.connect()
		try {
			await other.query('BEGIN')
			await other.query(COLLAB_PG_SQL.lockDocument, ['d-held'])
			const held = (await other.query<{ id: number }>('INSERT INTO "DocUpdate" ("documentId", "data") VALUES ($1, $2) RETURNING "id"', ['d-held', Buffer.from([0, 0])])).rows[0].id
			let done = false
			const commit = b.commit({ updates: [{ documentId: 'd-held', data: paragraph(new Y.Doc(), 'later'), userId: null }], audits: [], at: new Date() })
			void commit.then(() => (done = true))
			await new Promise((resolve) => setTimeout(resolve, 300))
			// Had B committed now, a reader seeing B's row would skip C's (smaller, still invisible) id.
			expect(done).toBe(false)
			await other.query('COMMIT')
			const [id] = (await commit).ids
			expect(id).toBeGreaterThan(held)
			expect((await a.readAfter('d-held', 0)).rows.map((r) => r.id)).toEqual([held, id])
		} finally {
			await other.end()
		}
	})

	test('compaction under the lock; an older state never replaces a newer snapshot; a follower behind it gets the snapshot', async () => {
		const doc = new Y.Doc()
		const first = (await a.commit({ updates: [{ documentId: 'd-compact', data: paragraph(doc, 'alpha'), userId: null }], audits: [], at: new Date() })).ids
		const stale = Y.encodeStateAsUpdate(doc)
		const second = (await a.commit({ updates: [{ documentId: 'd-compact', data: paragraph(doc, 'beta'), userId: null }], audits: [], at: new Date() })).ids
		const result = await a.compact('d-compact', Y.encodeStateAsUpdate(doc), second[0])
		expect(result.deletedRows).toBe(2)
		// Instance B, still at the first row, compacts its older state: nothing changes.
		const staleDoc = new Y.Doc()
		Y.applyUpdate(staleDoc, stale)
		await b.compact('d-compact', Y.encodeStateAsUpdate(staleDoc), first[0])
		const loaded = await b.load('d-compact')
		expect(noteText(loaded.doc)).toBe(noteText(doc))
		expect(loaded.lastUpdateId).toBe(second[0])
		// A follower at the first row is handed the snapshot (its rows are gone).
		const tail = await b.readAfter('d-compact', first[0])
		expect(tail.snapshot?.throughUpdateId).toBe(second[0])
		expect(tail.rows).toEqual([])
	})

	test('a failed batch stores nothing (no update, no audit row)', async () => {
		const before = Number((await a.pool.query('SELECT count(*) AS n FROM "DocUpdate"')).rows[0].n)
		await expect(
			a.commit({
				updates: [{ documentId: 'd-fail', data: new Uint8Array([0, 0]), userId: null }],
				// action NOT NULL: the audit insert fails after the update insert ran
				audits: [{ entry: { action: null as never }, at: new Date() }],
				at: new Date(),
			}),
		).rejects.toThrow()
		expect(Number((await a.pool.query('SELECT count(*) AS n FROM "DocUpdate"')).rows[0].n)).toBe(before)
	})
})
