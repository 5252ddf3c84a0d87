import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import {
	addParagraph,
	auditRows,
	connectClient,
	DOCS,
	noteText,
	sessionCookie,
	startAppServer,
	storedDocument,
	updateRowCount,
	waitFor,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

// Through the real composition root (Express + Remix + collaboration on one port).
describe('collaboration: sync and durability acknowledgements', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const connect = (...args: Parameters<typeof connectClient> extends [unknown, ...infer R] ? R : never) => {
		const client = connectClient(server, ...args)
		clients.push(client)
		return client
	}

	beforeAll(async () => {
		server = await startAppServer()
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('two writers converge and the stored document equals what they see', async () => {
		const sodan = await sessionCookie('user-sodan')
		const sabikan = await sessionCookie('user-sabikan')
		const a = connect(DOCS.sato.name, { cookie: sodan.cookie })
		const b = connect(DOCS.sato.name, { cookie: sabikan.cookie })
		await Promise.all([a.synced(), b.synced()])

		addParagraph(a.doc, 'from-specialist')
		addParagraph(b.doc, 'from-service-manager')
		// Concurrent edits on both sides, then wait until both show both.
		await waitFor(() => noteText(a.doc).includes('from-service-manager') && noteText(b.doc).includes('from-specialist'), {
			message: 'convergence',
		})
		await waitFor(() => noteText(a.doc) === noteText(b.doc), { message: 'identical text' })
		expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc))

		// Write-ahead: what both clients see is in SQLite already.
		const stored = storedDocument(server.sqlite, DOCS.sato.id)
		expect(noteText(stored)).toBe(noteText(a.doc))
		const rows = server.sqlite
			.prepare('SELECT userId FROM DocUpdate WHERE documentId = ?')
			.safeIntegers(false)
			.all(DOCS.sato.id) as Array<{ userId: string }>
		// The author is the authenticated user of the connection, not anything the client claims.
		expect(new Set(rows.map((r) => r.userId))).toEqual(new Set(['user-sodan', 'user-sabikan']))
	})

	test('MESSAGE_SAVED arrives after an edit and covers it; the row is committed by then', async () => {
		const { cookie } = await sessionCookie('user-staff')
		const client = connect(DOCS.sato.name, { cookie, saved: true })
		await client.synced()
		await waitFor(() => client.access === 'write' && client.saved.length > 0, { message: 'initial saved state' })
		const before = client.saved.length
		const rowsBefore = updateRowCount(server.sqlite, DOCS.sato.id)

		addParagraph(client.doc, 'saved-marker')
		const localState = Y.getState(client.doc.store, client.doc.clientID)
		const covering = await waitFor(
			() => client.saved.slice(before).find((snapshot) => (snapshot.sv.get(client.doc.clientID) ?? 0) >= localState),
			{ message: 'a saved snapshot covering the edit' },
		)
		expect(covering).toBeTruthy()
		expect(updateRowCount(server.sqlite, DOCS.sato.id)).toBeGreaterThan(rowsBefore)
		expect(noteText(storedDocument(server.sqlite, DOCS.sato.id))).toContain('saved-marker')
		// The snapshot is exactly the committed state: the stored document contains it.
		expect(Y.snapshotContainsUpdate(covering, Y.encodeStateAsUpdate(client.doc))).toBe(true)
	})

	test('stock clients without saved=1 never receive custom messages', async () => {
		const { cookie } = await sessionCookie('user-sodan')
		const client = connect(DOCS.sato.name, { cookie })
		await client.synced()
		addParagraph(client.doc, 'plain-client')
		await waitFor(() => noteText(storedDocument(server.sqlite, DOCS.sato.id)).includes('plain-client'), { message: 'stored' })
		expect(client.saved).toEqual([])
		expect(client.access).toBeNull()
	})

	test('connect, write and disconnect are audited with Prisma-readable timestamps, never content', async () => {
		const { cookie } = await sessionCookie('user-sodan')
		const client = connect(DOCS.sato.name, { cookie })
		await client.synced()
		addParagraph(client.doc, 'secret-content-that-must-not-be-logged')
		await waitFor(() => noteText(storedDocument(server.sqlite, DOCS.sato.id)).includes('secret-content'), { message: 'stored' })
		client.destroy()
		await waitFor(() => auditRows(server.sqlite, 'document.disconnect').some((r) => r.userId === 'user-sodan'), { message: 'disconnect row' })
		const writes = auditRows(server.sqlite, 'document.write').filter((r) => r.userId === 'user-sodan')
		expect(writes.length).toBeGreaterThan(0)
		const detail = JSON.parse(writes.at(-1)!.detail)
		expect(detail.updates).toBeGreaterThan(0)
		expect(detail.bytes).toBeGreaterThan(0)
		for (const row of auditRows(server.sqlite)) expect(row.detail).not.toContain('secret-content')

		// Prisma reads the rows we wrote with raw SQL.
		const viaPrisma = await prisma.auditLog.findMany({ where: { action: { in: ['document.connect', 'document.write', 'document.disconnect'] } } })
		expect(viaPrisma.length).toBeGreaterThanOrEqual(3)
		for (const row of viaPrisma) {
			expect(row.at).toBeInstanceOf(Date)
			expect(Math.abs(row.at.getTime() - Date.now())).toBeLessThan(60_000)
			expect(row.target).toBe(`document:${DOCS.sato.name}`)
		}
	})
})
