import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { invalidateSession, invalidateUserSessions, IDLE_TIMEOUT_MS } from '#app/modules/auth/session.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { toJstDate } from '#app/utils/dates.ts'
import {
	addParagraph,
	connectClient,
	DOCS,
	paragraphUpdate,
	rawClient,
	sessionCookie,
	startCollabServer,
	updateFrame,
	waitFor,
	type TestClient,
	type TestServer,
} from '#tests/helpers/collab.ts'

const REVOCATION_BUDGET_MS = 1000

function yesterdayJst(): string {
	return toJstDate(new Date(Date.now() - 24 * 60 * 60 * 1000))
}

describe('collaboration: revocation of open sockets', () => {
	let server: TestServer
	let clients: TestClient[] = []
	const connect = (docName: string, options: Parameters<typeof connectClient>[2]) => {
		const client = connectClient(server, docName, options)
		clients.push(client)
		return client
	}

	beforeAll(async () => {
		server = await startCollabServer({ touchIntervalMs: 100 })
	})
	afterEach(() => {
		for (const client of clients) client.destroy()
		clients = []
	})
	afterAll(async () => {
		await server?.close()
	})

	test('leaving the care team closes the socket with 4403 within a second; reconnecting is refused', async () => {
		const member = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sabikan')).cookie })
		const bystander = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sodan')).cookie })
		await Promise.all([member.synced(), bystander.synced()])

		await prisma.careTeamMember.update({ where: { id: 'team-sato-2' }, data: { endsOn: yesterdayJst() } })
		const revokedAt = Date.now()
		emitAuthzEvent({ type: 'client-team-changed', clientId: DOCS.sato.clientId })
		const close = await member.closed(REVOCATION_BUDGET_MS)
		expect(close.code).toBe(CLOSE.forbidden)
		expect(Date.now() - revokedAt).toBeLessThan(REVOCATION_BUDGET_MS)
		expect(member.provider.shouldConnect).toBe(false)

		// Everyone else on the client's team stays.
		expect(bystander.closes).toEqual([])
		addParagraph(bystander.doc, 'still-editing')
		const again = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sabikan')).cookie })
		expect((await again.closed()).code).toBe(CLOSE.forbidden)
		await prisma.careTeamMember.update({ where: { id: 'team-sato-2' }, data: { endsOn: null } })
	})

	test('logout closes every socket of that session with 4401 within a second, and later frames are ignored', async () => {
		const { cookie, sessionId } = await sessionCookie('user-staff')
		const other = await sessionCookie('user-staff') // another browser of the same person
		const tab1 = connect(DOCS.sato.name, { cookie })
		const tab2 = connect(DOCS.sato.name, { cookie })
		const otherBrowser = connect(DOCS.sato.name, { cookie: other.cookie })
		const raw = rawClient(`${server.collabUrl}/${DOCS.sato.name}`, { Cookie: cookie, Origin: server.origin })
		await Promise.all([tab1.synced(), tab2.synced(), otherBrowser.synced(), raw.opened])

		// The raw client stops reading, so it does not learn about the close and keeps sending.
		;(raw.ws as unknown as { _socket: { pause(): void } })._socket.pause()
		const ignoredBefore = server.collab.stats().ignoredAfterClose
		const rowsBefore = rowsBy('user-staff')
		const loggedOutAt = Date.now()
		await invalidateSession(sessionId)
		expect(raw.ws.readyState).toBe(raw.ws.OPEN)
		raw.ws.send(updateFrame(paragraphUpdate('after-logout')))

		const closes = await Promise.all([tab1.closed(REVOCATION_BUDGET_MS), tab2.closed(REVOCATION_BUDGET_MS)])
		expect(closes.map((c) => c.code)).toEqual([CLOSE.unauthenticated, CLOSE.unauthenticated])
		expect(Date.now() - loggedOutAt).toBeLessThan(REVOCATION_BUDGET_MS)
		await waitFor(() => server.collab.stats().ignoredAfterClose > ignoredBefore, { message: 'the late frame reaching the server' })
		expect(rowsBy('user-staff')).toBe(rowsBefore)
		// The person's other session is not affected.
		expect(otherBrowser.closes).toEqual([])
		raw.ws.terminate()
	})

	test('disabling an account (all sessions ended) closes its sockets with 4401', async () => {
		const a = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-staff')).cookie })
		const b = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-staff')).cookie })
		await Promise.all([a.synced(), b.synced()])
		const startedAt = Date.now()
		await invalidateUserSessions('user-staff')
		expect((await a.closed(REVOCATION_BUDGET_MS)).code).toBe(CLOSE.unauthenticated)
		expect((await b.closed(REVOCATION_BUDGET_MS)).code).toBe(CLOSE.unauthenticated)
		expect(Date.now() - startedAt).toBeLessThan(REVOCATION_BUDGET_MS + 200)
	})

	test("'user-changed' re-checks the account: a disabled user's socket closes with 4401", async () => {
		const client = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sabikan')).cookie })
		await client.synced()
		await prisma.user.update({ where: { id: 'user-sabikan' }, data: { disabledAt: new Date() } })
		emitAuthzEvent({ type: 'user-changed', userId: 'user-sabikan' })
		expect((await client.closed(REVOCATION_BUDGET_MS)).code).toBe(CLOSE.unauthenticated)
		await prisma.user.update({ where: { id: 'user-sabikan' }, data: { disabledAt: null } })
	})

	test('a change between write and read closes with 4205; the client reconnects read-only', async () => {
		const writer = connect(DOCS.suzuki.name, { cookie: (await sessionCookie('user-sodan')).cookie, saved: true })
		const reader = connect(DOCS.suzuki.name, { cookie: (await sessionCookie('user-city')).cookie, saved: true })
		await Promise.all([writer.synced(), reader.synced()])
		await waitFor(() => writer.access === 'write' && reader.access === 'read', { message: 'initial access' })

		// A closed case is read-only for everyone (policy module).
		await prisma.client.update({ where: { id: DOCS.suzuki.clientId }, data: { closedAt: new Date() } })
		writer.access = null
		emitAuthzEvent({ type: 'client-team-changed', clientId: DOCS.suzuki.clientId })
		expect((await writer.closed(REVOCATION_BUDGET_MS)).code).toBe(CLOSE.authorizationChanged)
		// 4205 is not permanent: y-websocket reconnects and the server re-authorizes.
		await waitFor(() => writer.access === 'read', { message: 'reconnected read-only', timeoutMs: 5000 })
		expect(reader.closes).toEqual([])
		await prisma.client.update({ where: { id: DOCS.suzuki.clientId }, data: { closedAt: null } })
	})

	test("'document-changed': a frozen document turns its writers read-only (4205) and later writes are dropped", async () => {
		const writer = connect(DOCS.sato.name, { cookie: (await sessionCookie('user-sodan')).cookie, saved: true })
		await writer.synced()
		await waitFor(() => writer.access === 'write', { message: 'initial write access' })
		addParagraph(writer.doc, 'before the freeze')
		await waitFor(() => rowsBy('user-sodan') > 0, { message: 'the edit to be stored' })
		const storedBefore = rowsBy('user-sodan')

		await prisma.document.update({ where: { id: DOCS.sato.id }, data: { frozenAt: new Date(), frozenById: 'user-sodan' } })
		writer.access = null
		emitAuthzEvent({ type: 'document-changed', documentId: DOCS.sato.id })
		expect((await writer.closed(REVOCATION_BUDGET_MS)).code).toBe(CLOSE.authorizationChanged)
		await waitFor(() => writer.access === 'read', { message: 'reconnected read-only', timeoutMs: 5000 })
		addParagraph(writer.doc, 'after the freeze')
		await new Promise((resolve) => setTimeout(resolve, 300))
		expect(rowsBy('user-sodan')).toBe(storedBefore)
		await prisma.document.update({ where: { id: DOCS.sato.id }, data: { frozenAt: null, frozenById: null } })
	})

	test('the session deadline closes the socket within a second of expiry, without any event', async () => {
		const { cookie, sessionId } = await sessionCookie('user-sodan')
		const expiresAt = new Date(Date.now() + 1500)
		await prisma.session.update({ where: { id: sessionId }, data: { expiresAt } })
		const client = connect(DOCS.sato.name, { cookie })
		await client.synced()
		const close = await client.closed(4000)
		expect(close.code).toBe(CLOSE.unauthenticated)
		expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime())
		expect(Date.now() - expiresAt.getTime()).toBeLessThan(REVOCATION_BUDGET_MS)
	})

	test('accepted edits count as session activity', async () => {
		const { cookie, sessionId } = await sessionCookie('user-sodan')
		const client = connect(DOCS.sato.name, { cookie })
		await client.synced()
		const longAgo = new Date(Date.now() - 10 * 60 * 1000)
		await prisma.session.update({ where: { id: sessionId }, data: { lastActiveAt: longAgo } })
		let n = 0
		const touched = await waitFor(
			async () => {
				addParagraph(client.doc, `activity-${n++}`)
				const row = await prisma.session.findUnique({ where: { id: sessionId } })
				return row!.lastActiveAt.getTime() > longAgo.getTime() + 60_000
			},
			{ message: 'lastActiveAt to move', intervalMs: 150 },
		)
		expect(touched).toBeTruthy()
	})

	function rowsBy(userId: string): number {
		return (server.sqlite.prepare('SELECT count(*) AS n FROM DocUpdate WHERE userId = ?').safeIntegers(false).get(userId) as { n: number }).n
	}
})

describe('collaboration: periodic re-check catches changes made without an event', () => {
	let server: TestServer
	const clients: TestClient[] = []
	beforeAll(async () => {
		server = await startCollabServer({ recheckIntervalMs: 300 })
	})
	afterAll(async () => {
		for (const client of clients) client.destroy()
		await server?.close()
	})

	test('a team row ended directly in the database, and an idle-timed-out session, are both noticed', async () => {
		const member = connectClient(server, DOCS.sato.name, { cookie: (await sessionCookie('user-staff')).cookie })
		const { cookie, sessionId } = await sessionCookie('user-sodan')
		const idle = connectClient(server, DOCS.sato.name, { cookie })
		clients.push(member, idle)
		await Promise.all([member.synced(), idle.synced()])

		await prisma.careTeamMember.update({ where: { id: 'team-sato-3' }, data: { endsOn: yesterdayJst() } })
		expect((await member.closed(3000)).code).toBe(CLOSE.forbidden)

		// The last activity is (as if) almost 30 minutes ago: idle deadline in ~1 s.
		await prisma.session.update({ where: { id: sessionId }, data: { lastActiveAt: new Date(Date.now() - IDLE_TIMEOUT_MS + 1000) } })
		expect((await idle.closed(4000)).code).toBe(CLOSE.unauthenticated)
	})
})
