/**
 * The JSON API (session-authenticated resource routes), called with Request objects against a
 * seeded database: authentication failures are 401 JSON, hidden or malformed clients are 404,
 * and nothing answers 500.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { flushAuditLog } from '#app/modules/audit/audit-writer.server.ts'
import { createSession, hashSessionToken } from '#app/modules/auth/session.server.ts'
import { loader as clientLoader } from '#app/routes/api.clients.$clientId.ts'
import { loader as clientsLoader } from '#app/routes/api.clients._index.ts'
import { loader as meLoader } from '#app/routes/api.me.ts'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { CLIENTS, USERS, call, cookieFor, jsonOf } from './clients-helpers.ts'

beforeEach(async () => {
	await useFreshDatabase('seeded')
})
afterAll(async () => {
	await closeDb()
})

const HOUR = 60 * 60 * 1000

async function unauthenticatedCookies(): Promise<Array<[string, string | undefined]>> {
	const expired = await createSession(USERS.sodan, {}, new Date(Date.now() - 13 * HOUR))
	const idle = await createSession(USERS.sodan, {}, new Date(Date.now() - 31 * 60 * 1000))
	const deleted = await createSession(USERS.sodan)
	await prisma.session.delete({ where: { id: hashSessionToken(deleted.token) } })
	return [
		['no cookie', undefined],
		['empty cookie', 'kizuna_session='],
		['garbage', 'kizuna_session=garbage'],
		['broken cookie syntax', 'kizuna_session=%E0%A4%A; other=="'],
		['well-formed unknown token', `kizuna_session=${'a'.repeat(52)}`],
		['very long value', `kizuna_session=${'x'.repeat(5000)}`],
		['expired (absolute lifetime)', `kizuna_session=${expired.token}`],
		['idle timeout', `kizuna_session=${idle.token}`],
		['logged out', `kizuna_session=${deleted.token}`],
		['other cookie name', `__Host-kizuna_session=${deleted.token}`],
	]
}

describe('authentication', () => {
	it('answers 401 JSON for every route when there is no valid session', async () => {
		for (const [label, cookie] of await unauthenticatedCookies()) {
			for (const [loader, path, params] of [
				[meLoader, '/api/me', {}],
				[clientsLoader, '/api/clients', {}],
				[clientLoader, `/api/clients/${CLIENTS.sato}`, { clientId: CLIENTS.sato }],
			] as const) {
				const res = await call(loader, { path, params, cookie })
				expect(res.status, `${label} ${path}`).toBe(401)
				expect(res.headers.get('content-type')).toMatch(/application\/json/)
				expect(await res.json()).toEqual({ error: 'unauthenticated', message: 'ログインが必要です' })
			}
		}
	})

	it('answers 401 once the account is disabled', async () => {
		const cookie = await cookieFor(USERS.sodan)
		await prisma.user.update({ where: { id: USERS.sodan }, data: { disabledAt: new Date() } })
		expect((await call(meLoader, { path: '/api/me', cookie })).status).toBe(401)
	})
})

describe('GET /api/me', () => {
	it('describes the signed-in account', async () => {
		const res = await call(meLoader, { path: '/api/me', cookie: await cookieFor(USERS.sabikan) })
		expect(res.status).toBe(200)
		expect(await res.json()).toEqual({
			id: USERS.sabikan,
			email: 'sabikan@example.jp',
			displayName: '伊藤 直樹',
			role: 'service_manager',
			roleLabel: 'サービス管理責任者',
			organizations: [{ id: 'org-hidamari', name: '生活介護事業所ひだまり' }],
		})
	})

	it('gives an account without organisations an empty list', async () => {
		const body = await jsonOf<{ organizations: unknown[]; role: string }>(await call(meLoader, { path: '/api/me', cookie: await cookieFor(USERS.kazoku) }))
		expect(body).toMatchObject({ role: 'family', organizations: [] })
	})
})

describe('GET /api/clients', () => {
	const expected: Record<string, string[]> = {
		[USERS.sodan]: [CLIENTS.sato, CLIENTS.suzuki, CLIENTS.yamada],
		[USERS.kanri]: [CLIENTS.sato, CLIENTS.suzuki, CLIENTS.yamada],
		[USERS.sabikan]: [CLIENTS.sato],
		[USERS.staff]: [CLIENTS.sato],
		[USERS.kazoku]: [CLIENTS.sato],
		[USERS.kyoten]: [CLIENTS.sato],
		[USERS.city]: [CLIENTS.sato, CLIENTS.suzuki],
		[USERS.admin]: [],
	}
	for (const [userId, ids] of Object.entries(expected)) {
		it(`${userId} gets ${ids.length} client(s)`, async () => {
			const res = await call(clientsLoader, { path: '/api/clients', cookie: await cookieFor(userId) })
			expect(res.status).toBe(200)
			const body = await jsonOf<Array<{ id: string }>>(res)
			expect(body.map((c) => c.id).sort()).toEqual([...ids].sort())
		})
	}

	it('returns name, reading, category and team role only', async () => {
		const body = await jsonOf<unknown[]>(await call(clientsLoader, { path: '/api/clients', cookie: await cookieFor(USERS.kazoku) }))
		expect(body).toEqual([{ id: CLIENTS.sato, name: '佐藤 誠', nameKana: 'さとう まこと', category: 'adult', teamRole: 'family' }])
		await flushAuditLog() // reads are written in batches
		expect(await prisma.auditLog.count({ where: { action: 'api.read', userId: USERS.kazoku } })).toBe(1)
	})
})

describe('GET /api/clients/:clientId', () => {
	it('returns the client with the current certificate', async () => {
		const res = await call(clientLoader, { path: `/api/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: await cookieFor(USERS.sabikan) })
		expect(res.status).toBe(200)
		const body = await jsonOf<Record<string, unknown> & { currentCertificate: Record<string, unknown> }>(res)
		expect(body).toMatchObject({
			id: CLIENTS.sato,
			name: '佐藤 誠',
			nameKana: 'さとう まこと',
			birthDate: '1999-06-14',
			category: 'adult',
			disabilityCategories: ['intellectual'],
			supportLevel: '3',
			teamRole: 'service_manager',
			municipality: { id: 'org-kibougaoka-city', name: '希望が丘市 障害福祉課' },
		})
		expect(body.currentCertificate).toMatchObject({
			id: 'cert-sato-1',
			number: '1234567890',
			copayCap: 9300,
			decisionEnd: '2027-06-30',
			monitoringMonths: ['2026-11', '2026-12', '2027-01', '2027-06'],
			services: [
				{ serviceType: '生活介護', amount: '当該月の日数から8日を控除した日数' },
				{ serviceType: '短期入所', amount: '7日/月' },
			],
		})
		await flushAuditLog() // reads are written in batches
		const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'client.view', userId: USERS.sabikan, clientId: CLIENTS.sato } })
		expect(JSON.parse(audit.detail)).toEqual({ channel: 'api' })
	})

	it('leaves the certificate out for the hub coordinator', async () => {
		const body = await jsonOf<{ currentCertificate: unknown; permissions: Record<string, boolean> }>(
			await call(clientLoader, { path: `/api/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: await cookieFor(USERS.kyoten) }),
		)
		expect(body.currentCertificate).toBeNull()
		expect(body.permissions['certificate.view']).toBe(false)
	})

	it('answers 404 to the service manager for a client not on their team', async () => {
		const res = await call(clientLoader, {
			path: `/api/clients/${CLIENTS.suzuki}`,
			params: { clientId: CLIENTS.suzuki },
			cookie: await cookieFor(USERS.sabikan),
		})
		expect(res.status).toBe(404)
		expect(await res.json()).toEqual({ error: 'not_found', message: '見つかりません' })
		expect(await prisma.auditLog.count({ where: { action: 'authz.denied', userId: USERS.sabikan, clientId: CLIENTS.suzuki } })).toBe(1)
	})

	it('answers 404 to an admin for any client', async () => {
		const res = await call(clientLoader, { path: `/api/clients/${CLIENTS.sato}`, params: { clientId: CLIENTS.sato }, cookie: await cookieFor(USERS.admin) })
		expect(res.status).toBe(404)
	})

	it('answers 404 JSON (never 500) for malformed and unknown ids', async () => {
		const cookie = await cookieFor(USERS.sodan)
		const ids = ['../x', '..%2Fx', 'x'.repeat(500), 'client-nobody', '', ' ', 'client-sato-makoto\u0000', '佐藤', "' OR 1=1 --", '{}']
		for (const clientId of ids) {
			const res = await call(clientLoader, { path: `/api/clients/${encodeURIComponent(clientId)}`, params: { clientId }, cookie })
			expect(res.status, JSON.stringify(clientId.slice(0, 30))).toBe(404)
			expect(await res.json()).toEqual({ error: 'not_found', message: '見つかりません' })
		}
		// A missing route parameter is handled the same way.
		const res = await call(clientLoader, { path: '/api/clients/', cookie })
		expect(res.status).toBe(404)
	})
})
