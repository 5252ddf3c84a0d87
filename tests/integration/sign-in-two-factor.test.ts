/**
 * Two-factor sign-in through the real server (needs a fresh `npx remix build`): enrolment by
 * QR/manual key, sign-in with the code, recovery codes (one use each), replay refused, the
 * websocket refusing half-signed sessions, an administrator's reset and the per-organisation
 * policy — each audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { totpCodeAt, totpCounter } from '#app/modules/auth/totp.ts'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { CLOSE } from '#app/editor/collab-protocol.ts'
import { DOCS, rawClient } from '#tests/helpers/collab.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { cookiePair, DEMO_PASSWORD, signIn, startTestServer } from '#tests/helpers/server.ts'
import { demoRecoveryCodes } from '../../prisma/seed-data/two-factor.ts'

let app: Awaited<ReturnType<typeof startTestServer>>

beforeAll(async () => {
	await useFreshDatabase('seeded')
	app = await startTestServer()
})
afterAll(async () => {
	await app.stop()
	await closeDb()
})

function post(path: string, body: Record<string, string>, cookie?: string) {
	return fetch(`${app.origin}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin, ...(cookie ? { cookie } : {}) },
		body: new URLSearchParams(body),
	})
}

function passwordStep(email: string, password = DEMO_PASSWORD) {
	return post('/login', { email, password, redirectTo: '/' })
}

async function halfSigned(email: string): Promise<string> {
	const res = await passwordStep(email)
	expect(res.status).toBe(302)
	return cookiePair(res.headers.get('set-cookie'))
}

/** The secret as the enrolment page shows it for typing by hand. */
function secretFromPage(html: string): string {
	const match = /data-testid="totp-secret"[^>]*>([A-Z2-7 ]+)</.exec(html)
	if (!match) throw new Error('no secret on the page')
	return match[1].replace(/ /g, '')
}

async function isSignedIn(cookie: string): Promise<boolean> {
	const res = await fetch(`${app.origin}/api/me`, { headers: { cookie } })
	return res.status === 200
}

describe('staff sign-in with TOTP', () => {
	it('asks staff for the code; the right code gives a new full session, a replayed code is refused', async () => {
		const pending = await halfSigned('sabikan@example.jp')
		expect(await isSignedIn(pending)).toBe(false)
		const code = totpCodeAt('KIZUNAPLANDEMOTOTPSECRETAAAAAAAA', totpCounter(Date.now()))
		const wrong = await post('/login/two-factor', { code: code === '000000' ? '111111' : '000000' }, pending)
		expect(wrong.status).toBe(401)
		expect(await wrong.text()).toContain('確認コードが正しくありません')
		const ok = await post('/login/two-factor', { code, redirectTo: '/clients' }, pending)
		expect(ok.status).toBe(302)
		expect(ok.headers.get('location')).toBe('/clients')
		const full = cookiePair(ok.headers.get('set-cookie'))
		expect(await isSignedIn(full)).toBe(true)
		// The half-signed token is gone; the same code again (someone watching) is refused.
		expect(await isSignedIn(pending)).toBe(false)
		const again = await post('/login/two-factor', { code }, await halfSigned('sabikan@example.jp'))
		expect(again.status).toBe(401)
		expect(await again.text()).toContain('すでに使われました')
		const audits = await prisma.auditLog.findMany({ where: { userId: 'user-sabikan', action: { in: ['auth.login', 'auth.second_factor_failed'] } } })
		expect(audits.map((a) => a.action).sort()).toEqual(['auth.login', 'auth.second_factor_failed', 'auth.second_factor_failed'])
	})

	it('a recovery code signs in once; using it again is refused', async () => {
		const [recovery] = demoRecoveryCodes('user-kyoten')
		const first = await post('/login/two-factor', { code: recovery.toUpperCase() }, await halfSigned('kyoten@example.jp'))
		expect(first.status).toBe(302)
		expect(first.headers.get('location')).toBe('/settings/two-factor?recovery-used=1')
		const page = await fetch(`${app.origin}/settings/two-factor?recovery-used=1`, { headers: { cookie: cookiePair(first.headers.get('set-cookie')) } })
		expect(await page.text()).toMatch(/残りは(<!-- -->)?9(<!-- -->)?個/)
		const reuse = await post('/login/two-factor', { code: recovery }, await halfSigned('kyoten@example.jp'))
		expect(reuse.status).toBe(401)
		expect(await prisma.recoveryCode.count({ where: { userId: 'user-kyoten', usedAt: { not: null } } })).toBe(1)
		expect(await prisma.auditLog.count({ where: { userId: 'user-kyoten', action: 'auth.login', detail: { contains: 'recovery' } } })).toBe(1)
	})

	it('the websocket refuses a half-signed session and admits the full one', async () => {
		const pending = await halfSigned('sodan@example.jp')
		const url = `${app.origin.replace('http', 'ws')}/collab/${DOCS.sato.name}`
		const refused = rawClient(url, { Origin: app.origin, Cookie: pending })
		expect((await refused.closed).code).toBe(CLOSE.unauthenticated)
		const full = await signIn(app.origin, 'sodan@example.jp')
		const admitted = rawClient(url, { Origin: app.origin, Cookie: full })
		await admitted.opened
		admitted.ws.close()
		const denial = await prisma.auditLog.findFirst({ where: { action: 'authz.denied', userId: 'user-sodan', detail: { contains: 'session-half-signed' } } })
		expect(denial).not.toBeNull()
	})

	it('a half-signed session reaches no page, no API and no action', async () => {
		const pending = await halfSigned('staff@example.jp')
		// A page asked for half-way leads back to the code step (no content, cookie kept).
		const page = await fetch(`${app.origin}/settings`, { headers: { cookie: pending }, redirect: 'manual' })
		expect(page.headers.get('location')).toBe('/login/two-factor?redirectTo=%2Fsettings')
		expect(page.headers.get('set-cookie')).toBeNull()
		expect((await fetch(`${app.origin}/api/clients`, { headers: { cookie: pending } })).status).toBe(401)
		expect((await post('/settings/two-factor', { intent: 'begin' }, pending)).headers.get('location')).toMatch(/^\/login/)
	})
})

describe('enrolment', () => {
	it('本人/family opt in from the settings page: QR + key, first code, ten recovery codes, then the code is asked at sign-in', async () => {
		const cookie = await signIn(app.origin, 'kazoku@example.jp') // no second factor yet: password alone
		expect(await isSignedIn(cookie)).toBe(true)
		const begin = await post('/settings/two-factor', { intent: 'begin' }, cookie)
		expect(begin.status).toBe(200)
		const page = await (await fetch(`${app.origin}/settings/two-factor`, { headers: { cookie } })).text()
		expect(page).toContain('data:image/svg+xml;base64,')
		const secret = secretFromPage(page)
		const confirm = await post('/settings/two-factor', { intent: 'confirm', code: totpCodeAt(secret, totpCounter(Date.now())) }, cookie)
		const html = await confirm.text()
		expect(confirm.status).toBe(200)
		const codes = [...html.matchAll(/<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code>/g)].map((m) => m[1])
		expect(new Set(codes).size).toBe(10)
		const stored = await prisma.recoveryCode.findMany({ where: { userId: 'user-kazoku' } })
		expect(stored).toHaveLength(10)
		expect(stored.every((r) => !codes.includes(r.codeHash))).toBe(true) // only hashes are stored
		expect(await prisma.auditLog.count({ where: { action: 'auth.two_factor_enrolled', userId: 'user-kazoku' } })).toBe(1)

		// From now on the family account is asked for the code.
		const next = await passwordStep('kazoku@example.jp')
		expect(next.headers.get('location')).toBe('/login/two-factor?redirectTo=%2F')
		const full = await post('/login/two-factor', { code: totpCodeAt(secret, totpCounter(Date.now()) + 1) }, cookiePair(next.headers.get('set-cookie')))
		expect(full.status).toBe(302)
	})

	it('a new staff account sets up its app at first sign-in; an administrator’s reset (audited) sends it back there', async () => {
		const user = await prisma.user.create({
			data: { id: 'user-new-staff', email: 'new-staff@example.jp', displayName: '新人 職員', role: 'provider_staff', passwordHash: (await prisma.user.findUniqueOrThrow({ where: { id: 'user-staff' } })).passwordHash },
		})
		await prisma.organizationMembership.create({ data: { id: 'm-new', userId: user.id, organizationId: 'org-hidamari', startsOn: '2020-04-01' } })
		const first = await passwordStep('new-staff@example.jp')
		expect(first.headers.get('location')).toBe('/login/enrol?redirectTo=%2F')
		const pending = cookiePair(first.headers.get('set-cookie'))
		const page = await (await fetch(`${app.origin}/login/enrol`, { headers: { cookie: pending } })).text()
		const secret = secretFromPage(page)
		const confirmed = await post('/login/enrol', { code: totpCodeAt(secret, totpCounter(Date.now())), redirectTo: '/' }, pending)
		expect(confirmed.headers.get('location')).toBeNull()
		expect(confirmed.status).toBe(200)
		expect(await confirmed.text()).toContain('リカバリーコード')
		const full = cookiePair(confirmed.headers.get('set-cookie'))
		expect(await isSignedIn(full)).toBe(true)

		const admin = await signIn(app.origin, 'admin@example.jp')
		const reset = await post('/admin/users', { intent: 'reset_two_factor', userId: user.id }, admin)
		expect(reset.status).toBe(302)
		expect(await isSignedIn(full)).toBe(false) // every session ended
		expect(await prisma.twoFactor.findUnique({ where: { userId: user.id } })).toBeNull()
		expect(await prisma.auditLog.count({ where: { action: 'account.two_factor_reset', userId: 'user-admin', target: `user:${user.id}` } })).toBe(1)
		expect((await passwordStep('new-staff@example.jp')).headers.get('location')).toBe('/login/enrol?redirectTo=%2F')

		// Non-administrators cannot reset anyone's factor.
		const manager = await signIn(app.origin, 'kanri@example.jp')
		expect((await post('/admin/users', { intent: 'reset_two_factor', userId: 'user-sodan' }, manager)).status).toBe(403)
	})

	it('an organisation’s staff requirement is the administrator’s choice (audited); enrolled accounts keep their factor', async () => {
		await prisma.user.create({
			data: { id: 'user-aoba', email: 'aoba@example.jp', displayName: '青葉 職員', role: 'provider_staff', passwordHash: (await prisma.user.findUniqueOrThrow({ where: { id: 'user-staff' } })).passwordHash },
		})
		await prisma.organizationMembership.create({ data: { id: 'm-aoba', userId: 'user-aoba', organizationId: 'org-aoba', startsOn: '2020-04-01' } })
		expect((await passwordStep('aoba@example.jp')).headers.get('location')).toBe('/login/enrol?redirectTo=%2F')
		const admin = await signIn(app.origin, 'admin@example.jp')
		expect((await post('/admin/security', { organizationId: 'org-aoba', required: 'off' }, admin)).status).toBe(302)
		expect(await prisma.auditLog.count({ where: { action: 'organization.two_factor_policy', target: 'organization:org-aoba' } })).toBe(1)
		expect((await passwordStep('aoba@example.jp')).headers.get('location')).toBe('/')
		const kanri = await signIn(app.origin, 'kanri@example.jp')
		expect((await post('/admin/security', { organizationId: 'org-aoba', required: 'on' }, kanri)).status).toBe(403)
	})
})
