/**
 * Throttles that stop attackers but not offices, on the real server (needs a fresh
 * `npx remix build`). Addresses are simulated with X-Forwarded-For behind TRUST_PROXY=1, as
 * behind the TLS proxy of a deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { DEMO_TOTP_SECRET } from '../../prisma/seed-data/two-factor.ts'
import { connectClient, DOCS, rawClient, startAppServer, withTimeout, type TestServer } from '#tests/helpers/collab.ts'
import { DEMO_PASSWORD, signIn } from '#tests/helpers/server.ts'

let app: TestServer

beforeAll(async () => {
	process.env.TRUST_PROXY = '1'
	app = await startAppServer()
})
afterAll(async () => {
	await app.close()
	delete process.env.TRUST_PROXY
})

function loginFrom(address: string, email: string, password: string) {
	return fetch(`${app.origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin, 'x-forwarded-for': address },
		body: new URLSearchParams({ email, password }),
	})
}

/** n staff accounts in the consultation office, with the demo second factor set up. */
async function createStaff(prefix: string, n: number, role = 'provider_staff', organizationId = 'org-hidamari'): Promise<string[]> {
	const { passwordHash } = await prisma.user.findUniqueOrThrow({ where: { id: 'user-staff' }, select: { passwordHash: true } })
	const ids: string[] = []
	for (let i = 0; i < n; i++) {
		const id = `user-${prefix}-${i}`
		await prisma.user.create({ data: { id, email: `${prefix}${i}@example.jp`, displayName: `${prefix} ${i}`, role, passwordHash } })
		await prisma.organizationMembership.create({ data: { id: `${id}-m`, userId: id, organizationId, startsOn: '2020-04-01' } })
		await prisma.twoFactor.create({ data: { userId: id, secret: DEMO_TOTP_SECRET, enabledAt: new Date() } })
		ids.push(id)
	}
	return ids
}

describe('sign-in throttles', () => {
	it('a stranger failing from one address cannot lock the owner out at another', async () => {
		const statuses: number[] = []
		for (let i = 0; i < 40; i++) statuses.push((await loginFrom('203.0.113.66', 'sodan@example.jp', `guess-${i}`)).status)
		expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
		// The stranger is slowed down: after the free failures most guesses are refused. (Not "the
		// last one": a guess that lands just as a back-off window ends is allowed — and fails, 401 —
		// by design, and when that happens depends on the machine's speed.)
		expect(statuses.slice(5).filter((s) => s === 429).length).toBeGreaterThan(statuses.length / 2)
		expect(statuses.slice(5).every((s) => s === 401 || s === 429)).toBe(true)
		const blocked = await loginFrom('203.0.113.66', 'sodan@example.jp', DEMO_PASSWORD)
		expect(blocked.status).toBe(429) // …even with the right password, from there
		expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/)
		// The owner, at the office, signs in with password and second factor.
		const cookie = await signIn(app.origin, 'sodan@example.jp', { forwardedFor: '198.51.100.10' })
		expect((await fetch(`${app.origin}/api/me`, { headers: { cookie } })).status).toBe(200)
	})

	it('one hundred people behind one office address all sign in (password + code)', async () => {
		const ids = await createStaff('office', 100)
		const started = Date.now()
		for (let i = 0; i < ids.length; i++) {
			const cookie = await signIn(app.origin, `office${i}@example.jp`, { forwardedFor: '192.0.2.200' })
			expect(cookie).toMatch(/^kizuna_session=/)
		}
		const sessions = await prisma.session.count({ where: { userId: { in: ids }, stage: 'full' } })
		expect(sessions).toBe(100)
		console.log(`[office-throttles] 100 sign-ins with TOTP from one address in ${Date.now() - started} ms`)
	}, 120_000)
})

describe('websocket handshakes', () => {
	it('a reconnect storm of 150 sockets from one address by 50 signed-in users all succeed', async () => {
		const ids = await createStaff('storm', 50, 'office_manager', 'org-kizuna-sodan')
		const cookies = await Promise.all(ids.map(async (id) => `kizuna_session=${(await createSession(id)).token}`))
		const clients = cookies.flatMap((cookie) => [
			connectClient(app, DOCS.sato.name, { cookie }),
			connectClient(app, DOCS.sato.name, { cookie }),
			connectClient(app, DOCS.suzuki.name, { cookie }),
		])
		try {
			await withTimeout(Promise.all(clients.map((c) => c.synced(30_000))), 40_000, '150 sockets to sync')
			expect(clients.every((c) => c.closes.length === 0)).toBe(true)
			expect(app.collab.stats().connections).toBe(150)
		} finally {
			for (const c of clients) c.destroy()
		}
	}, 60_000)

	it('handshakes without a valid session still meet the per-address limit (made-up tokens included)', async () => {
		const outcomes: string[] = []
		for (let i = 0; i < 70; i++) {
			const token = Array.from({ length: 52 }, () => 'abcdefghijklmnopqrstuvwxyz234567'[Math.floor(Math.random() * 32)]).join('')
			const client = rawClient(`${app.collabUrl}/${DOCS.sato.name}`, { Origin: app.origin, Cookie: `kizuna_session=${token}`, 'x-forwarded-for': '203.0.113.99' })
			outcomes.push(await Promise.race([client.rejectedStatus.then((s) => (s ? `http-${s}` : 'open')), client.closed.then((c) => `close-${c.code}`)]))
			if (outcomes.at(-1) === 'open') outcomes[outcomes.length - 1] = `close-${(await client.closed).code}`
		}
		expect(outcomes.every((o) => o === `close-${CLOSE.unauthenticated}`)).toBe(true)
		// Each failed token was charged to the address: handshakes without a session are now refused there…
		const anonymous = rawClient(`${app.collabUrl}/${DOCS.sato.name}`, { Origin: app.origin, 'x-forwarded-for': '203.0.113.99' })
		expect(await anonymous.rejectedStatus).toBe(429)
		// …while a signed-in person at that same address is not caught by it.
		const cookie = `kizuna_session=${(await createSession('user-sodan')).token}`
		const person = rawClient(`${app.collabUrl}/${DOCS.sato.name}`, { Origin: app.origin, Cookie: cookie, 'x-forwarded-for': '203.0.113.99' })
		await person.opened
		person.ws.close()
	})
})
