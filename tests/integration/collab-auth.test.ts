import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import {
	addParagraph,
	auditRows,
	connectClient,
	DOCS,
	noteText,
	rawClient,
	sessionCookie,
	startCollabServer,
	storedDocument,
	updateRowCount,
	waitFor,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

describe('collaboration: authentication, authorization and read-only', () => {
	let server: TestServer
	const clients: TestClient[] = []
	const connect = (docName: string, options: Parameters<typeof connectClient>[2]) => {
		const client = connectClient(server, docName, options)
		clients.push(client)
		return client
	}

	beforeAll(async () => {
		server = await startCollabServer()
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('no session cookie → 4401, the provider stops retrying, nothing is loaded', async () => {
		const client = connect(DOCS.sato.name, {})
		const close = await client.closed()
		expect(close.code).toBe(CLOSE.unauthenticated)
		expect(client.provider.shouldConnect).toBe(false)
		expect(server.collab.isLoaded(DOCS.sato.name)).toBe(false)
		expect(server.collab.stats().documentsLoaded).toBe(0)
		const denial = auditRows(server.sqlite, 'authz.denied').at(-1)!
		expect(denial.outcome).toBe('denied')
		expect(JSON.parse(denial.detail)).toMatchObject({ attempted: 'document.connect', reason: 'no-session', code: 4401 })
	})

	test('a forged or logged-out token → 4401', async () => {
		const forged = connect(DOCS.sato.name, { cookie: `kizuna_session=${'a'.repeat(52)}` })
		expect((await forged.closed()).code).toBe(CLOSE.unauthenticated)
		const garbage = connect(DOCS.sato.name, { cookie: 'kizuna_session=%%%; other=1' })
		expect((await garbage.closed()).code).toBe(CLOSE.unauthenticated)
		expect(server.collab.stats().documentsLoaded).toBe(0)
	})

	test('a foreign or missing Origin is refused (cross-site websocket hijacking), even with a valid cookie', async () => {
		const { cookie } = await sessionCookie('user-sodan')
		const evil = connect(DOCS.sato.name, { cookie, origin: 'https://evil.example' })
		expect((await evil.closed()).code).toBe(CLOSE.forbidden)
		const noOrigin = rawClient(`${server.collabUrl}/${DOCS.sato.name}`, { Cookie: cookie })
		expect((await noOrigin.closed).code).toBe(CLOSE.forbidden)
		expect(server.collab.isLoaded(DOCS.sato.name)).toBe(false)
		expect(auditRows(server.sqlite, 'authz.denied').some((r) => JSON.parse(r.detail).reason === 'origin')).toBe(true)
	})

	test("a member of another client's team is refused at the upgrade (4403) and the document is never loaded", async () => {
		const { cookie } = await sessionCookie('user-sabikan')
		const loadedBefore = server.collab.stats().documentsLoaded
		const client = connect(DOCS.suzuki.name, { cookie })
		expect((await client.closed()).code).toBe(CLOSE.forbidden)
		expect(client.provider.shouldConnect).toBe(false)
		expect(client.provider.synced).toBe(false)
		expect(server.collab.isLoaded(DOCS.suzuki.name)).toBe(false)
		expect(server.collab.stats().documentsLoaded).toBe(loadedBefore)
		const denial = auditRows(server.sqlite, 'authz.denied').at(-1)!
		expect(denial.userId).toBe('user-sabikan')
		expect(denial.clientId).toBe(DOCS.suzuki.clientId)
		expect(denial.target).toBe(`document:${DOCS.suzuki.name}`)
		expect(JSON.parse(denial.detail).reason).toBe('policy')
	})

	test('a hub coordinator (team member without note access) and unknown documents get 4403; bad names 4404', async () => {
		const kyoten = await sessionCookie('user-kyoten')
		expect((await connect(DOCS.sato.name, { cookie: kyoten.cookie }).closed()).code).toBe(CLOSE.forbidden)
		const sodan = await sessionCookie('user-sodan')
		// Same answer as "forbidden": no oracle for which ids exist.
		expect((await connect('note.doc-does-not-exist', { cookie: sodan.cookie }).closed()).code).toBe(CLOSE.forbidden)
		expect((await connect('plan.doc-note-sato', { cookie: sodan.cookie }).closed()).code).toBe(CLOSE.forbidden)
		for (const name of ['doc-note-sato', 'NOTE.doc-note-sato', 'note.doc%2Fx', 'note..x']) {
			const raw = rawClient(`${server.collabUrl}/${name}`, { Cookie: sodan.cookie, Origin: server.origin })
			expect((await raw.closed).code, name).toBe(CLOSE.notFound)
		}
		expect(server.collab.stats().documentsLoaded).toBe(0)
	})

	test('other upgrade paths are not answered as websockets', async () => {
		const raw = rawClient(`ws://127.0.0.1:${server.port}/not-collab`, { Origin: server.origin })
		expect(await raw.rejectedStatus).toBe(404)
	})

	test("a family member reads live, but their writes are dropped: never applied, broadcast or stored", async () => {
		const writer = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sodan')).cookie })
		const family = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-kazoku')).cookie, saved: true })
		await Promise.all([writer.synced(), family.synced()])
		await waitFor(() => family.access, { message: 'access message' })
		expect(family.access).toBe('read')

		addParagraph(writer.doc, 'written-by-specialist')
		await waitFor(() => noteText(family.doc).includes('written-by-specialist'), { message: 'family sees the edit' })

		const rowsBefore = updateRowCount(server.sqlite, DOCS.sato.id)
		const storedBefore = Y.encodeStateVector(storedDocument(server.sqlite, DOCS.sato.id))
		const droppedBefore = server.collab.stats().droppedReadOnlyUpdates
		addParagraph(family.doc, 'written-by-family')
		await waitFor(() => server.collab.stats().droppedReadOnlyUpdates > droppedBefore, { message: 'the server dropping the write' })
		// A later writer edit arrives after the dropped one: if the family edit had been
		// broadcast, the writer would have it by now.
		addParagraph(writer.doc, 'second-specialist-edit')
		await waitFor(() => noteText(family.doc).includes('second-specialist-edit'), { message: 'second edit' })
		expect(noteText(writer.doc)).not.toContain('written-by-family')
		const stored = storedDocument(server.sqlite, DOCS.sato.id)
		expect(noteText(stored)).not.toContain('written-by-family')
		expect(updateRowCount(server.sqlite, DOCS.sato.id)).toBe(rowsBefore + 1)
		expect(Y.encodeStateVector(stored)).not.toEqual(storedBefore) // only the specialist's row was added
		const familyRows = server.sqlite.prepare("SELECT count(*) AS n FROM DocUpdate WHERE userId = 'user-kazoku'").safeIntegers(false).get() as { n: number }
		expect(familyRows.n).toBe(0)
		// The reader stays connected.
		expect(family.provider.wsconnected).toBe(true)
		expect(family.closes).toEqual([])
	})

	test('municipal staff are read-only on both of their clients', async () => {
		const city = await sessionCookie('user-city')
		for (const doc of [DOCS.sato, DOCS.suzuki]) {
			const client = connect(doc.name, { cookie: city.cookie, saved: true })
			await client.synced()
			await waitFor(() => client.access, { message: 'access' })
			expect(client.access).toBe('read')
			const rows = updateRowCount(server.sqlite, doc.id)
			const dropped = server.collab.stats().droppedReadOnlyUpdates
			addParagraph(client.doc, 'city-edit')
			await waitFor(() => server.collab.stats().droppedReadOnlyUpdates > dropped, { message: 'drop' })
			expect(updateRowCount(server.sqlite, doc.id)).toBe(rows)
		}
	})

	test('awareness carries the server-side identity, whatever the client claims', async () => {
		const staff = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-staff')).cookie })
		const family = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-kazoku')).cookie })
		await Promise.all([staff.synced(), family.synced()])
		staff.provider.awareness.setLocalStateField('user', { name: '田中 陽子', role: 'システム管理者', color: '#000000' })
		family.provider.awareness.setLocalStateField('cursor', { anchor: 1 })
		const seenByFamily = await waitFor(() => family.provider.awareness.getStates().get(staff.doc.clientID)?.user as Record<string, string> | undefined, {
			message: 'staff presence',
		})
		expect(seenByFamily).toMatchObject({ id: 'user-staff', name: '渡辺 さくら', role: '事業所職員' })
		expect(seenByFamily.color).toMatch(/^#[0-9a-f]{6}$/)
		expect(seenByFamily.color).not.toBe('#000000')
		// Read-only participants are present too, under their own name.
		const seenByStaff = await waitFor(() => staff.provider.awareness.getStates().get(family.doc.clientID), { message: 'family presence' })
		expect(seenByStaff).toMatchObject({ cursor: { anchor: 1 }, user: { name: '佐藤 洋子', role: '家族・後見人' } })
	})

	test("a connection cannot publish awareness for another connection's clientID", async () => {
		const victim = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sabikan')).cookie })
		const observer = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sodan')).cookie })
		await Promise.all([victim.synced(), observer.synced()])
		victim.provider.awareness.setLocalStateField('cursor', { anchor: 7 })
		await waitFor(() => observer.provider.awareness.getStates().get(victim.doc.clientID)?.cursor, { message: 'victim presence' })

		const attackerCookie = (await sessionCookie('user-staff')).cookie
		const attacker = rawClient(`${server.collabUrl}/${DOCS.sato.name}`, { Cookie: attackerCookie, Origin: server.origin })
		await attacker.opened
		const ownId = 424242
		const rejectedBefore = server.collab.stats().awarenessRejected
		attacker.ws.send(
			awarenessFrame([
				// a higher clock would win in y-protocols if the server let it through
				{ clientId: victim.doc.clientID, clock: 1_000_000, state: { user: { name: 'attacker' }, cursor: { anchor: 99 } } },
				{ clientId: ownId, clock: 1, state: { cursor: { anchor: 3 } } },
			]),
		)
		const own = await waitFor(() => observer.provider.awareness.getStates().get(ownId), { message: "attacker's own presence" })
		expect(own).toMatchObject({ user: { name: '渡辺 さくら' } })
		expect(observer.provider.awareness.getStates().get(victim.doc.clientID)).toMatchObject({
			cursor: { anchor: 7 },
			user: { name: '伊藤 直樹' },
		})
		expect(server.collab.stats().awarenessRejected).toBeGreaterThan(rejectedBefore)
		// Claims are first come, first served: the victim cannot be displaced, and the
		// attacker's removal of the victim's state is ignored too.
		attacker.ws.send(awarenessFrame([{ clientId: victim.doc.clientID, clock: 2_000_000, state: null }]))
		victim.provider.awareness.setLocalStateField('cursor', { anchor: 8 })
		await waitFor(() => (observer.provider.awareness.getStates().get(victim.doc.clientID)?.cursor as { anchor: number } | undefined)?.anchor === 8, {
			message: 'victim still owns its presence',
		})
		// When the attacker leaves, its own state goes with it.
		attacker.ws.close()
		await waitFor(() => !observer.provider.awareness.getStates().has(ownId), { message: 'attacker presence removed' })
	})
})

function awarenessFrame(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
	const inner = encoding.createEncoder()
	encoding.writeVarUint(inner, entries.length)
	for (const entry of entries) {
		encoding.writeVarUint(inner, entry.clientId)
		encoding.writeVarUint(inner, entry.clock)
		encoding.writeVarString(inner, JSON.stringify(entry.state))
	}
	const outer = encoding.createEncoder()
	encoding.writeVarUint(outer, 1)
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
	return encoding.toUint8Array(outer)
}
