/**
 * Accounts around the client workspace: password change, account management (create,
 * disable/enable) and the audit-log page, against a seeded database.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { attemptLogin } from '#app/modules/auth/login.server.ts'
import { getCurrentUser } from '#app/modules/auth/auth.server.ts'
import { onAuthzEvent, type AuthzEvent } from '#app/modules/authz-events.server.ts'
import { validateSessionToken } from '#app/modules/auth/session.server.ts'
import * as auditRoute from '#app/routes/admin.audit.tsx'
import { action as usersAction, loader as usersLoader } from '#app/routes/admin.users._index.tsx'
import { action as newUserAction } from '#app/routes/admin.users.new.tsx'
import { action as settingsAction, loader as settingsLoader } from '#app/routes/settings.tsx'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { USERS, call, cookieFor, jsonOf } from './clients-helpers.ts'

const DEMO_PASSWORD = 'kizuna-demo-2026'
const NEW_PASSWORD = 'a-new-and-longer-passphrase'

let events: AuthzEvent[] = []
let stop: () => void = () => {}

beforeEach(async () => {
	await useFreshDatabase('seeded')
	events = []
	stop = onAuthzEvent((e) => events.push(e))
})
afterEach(() => stop())
afterAll(async () => {
	await closeDb()
})

function tokenOf(cookie: string): string {
	return cookie.split('=')[1]
}

describe('password change', () => {
	it('ends every session, keeps this browser signed in with a fresh one, and audits', async () => {
		const here = await cookieFor(USERS.sodan)
		const elsewhere = await cookieFor(USERS.sodan)
		const res = await call(settingsAction, {
			path: '/settings',
			cookie: here,
			form: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
		})
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe('/settings?changed=1')
		const setCookie = res.headers.get('set-cookie') ?? ''
		const fresh = /kizuna_session=([a-z2-7]+)/.exec(setCookie)?.[1]
		expect(fresh).toBeDefined()
		expect(setCookie).toMatch(/HttpOnly/i)

		expect((await validateSessionToken(tokenOf(here))).ok).toBe(false)
		expect((await validateSessionToken(tokenOf(elsewhere))).ok).toBe(false)
		expect((await validateSessionToken(fresh)).ok).toBe(true)
		expect(await prisma.session.count({ where: { userId: USERS.sodan } })).toBe(1)
		expect(events).toContainEqual({ type: 'user-sessions-ended', userId: USERS.sodan })

		expect((await attemptLogin({ email: 'sodan@example.jp', password: DEMO_PASSWORD, ipAddress: '', userAgent: '' })).ok).toBe(false)
		expect((await attemptLogin({ email: 'sodan@example.jp', password: NEW_PASSWORD, ipAddress: '', userAgent: '' })).ok).toBe(true)
		expect(await prisma.auditLog.count({ where: { action: 'auth.password_changed', userId: USERS.sodan, outcome: 'ok' } })).toBe(1)
		const user = await prisma.user.findUniqueOrThrow({ where: { id: USERS.sodan } })
		expect(Date.now() - user.passwordChangedAt.getTime()).toBeLessThan(60_000)
	})

	it('refuses a wrong current password without touching sessions', async () => {
		const here = await cookieFor(USERS.sodan)
		const res = await call(settingsAction, {
			path: '/settings',
			cookie: here,
			form: { currentPassword: 'not-my-password', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
		})
		expect(res.status).toBe(400)
		expect((await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)).fieldErrors.currentPassword).toEqual(['現在のパスワードが正しくありません'])
		expect((await validateSessionToken(tokenOf(here))).ok).toBe(true)
		expect(await prisma.auditLog.count({ where: { action: 'auth.password_changed', outcome: 'failed' } })).toBe(1)
	})

	it('validates the new password before checking anything', async () => {
		const res = await call(settingsAction, {
			path: '/settings',
			cookie: await cookieFor(USERS.sodan),
			form: { currentPassword: DEMO_PASSWORD, newPassword: 'short', confirmPassword: 'shorter' },
		})
		expect(res.status).toBe(400)
		const { fieldErrors } = await jsonOf<{ fieldErrors: Record<string, string[]> }>(res)
		expect(fieldErrors.newPassword).toEqual(['新しいパスワードは12文字以上にしてください'])
		expect(fieldErrors.confirmPassword).toEqual(['確認用のパスワードが一致しません'])
		// Nothing echoed back: passwords never travel back to the browser.
		expect(JSON.stringify(fieldErrors)).not.toContain(DEMO_PASSWORD)
	})

	it('shows the profile with role and organisations', async () => {
		const data = await jsonOf<{ profile: Record<string, unknown> }>(await call(settingsLoader, { path: '/settings', cookie: await cookieFor(USERS.kanri) }))
		expect(data.profile).toMatchObject({
			displayName: '高橋 健一',
			roleLabel: '相談支援事業所 管理者',
			organizations: [{ id: 'org-kizuna-sodan', name: '相談支援センターきずな', title: '管理者・主任相談支援専門員' }],
		})
	})
})

describe('account management', () => {
	it('is for admins only', async () => {
		for (const userId of [USERS.sodan, USERS.kanri, USERS.kazoku]) {
			const cookie = await cookieFor(userId)
			expect((await call(usersLoader, { path: '/admin/users', cookie })).status).toBe(403)
			expect((await call(usersAction, { path: '/admin/users', cookie, form: { intent: 'disable', userId: USERS.staff } })).status).toBe(403)
		}
		expect((await prisma.user.findUniqueOrThrow({ where: { id: USERS.staff } })).disabledAt).toBeNull()
	})

	it('lists accounts with role labels and organisations', async () => {
		const { accounts } = await jsonOf<{ accounts: Array<{ email: string; roleLabel: string; organizations: Array<{ name: string }>; disabled: boolean }> }>(
			await call(usersLoader, { path: '/admin/users', cookie: await cookieFor(USERS.admin) }),
		)
		// Every account, the demo seed's included (its size grows with features).
		expect(accounts).toHaveLength(await prisma.user.count())
		expect(accounts.find((a) => a.email === 'oncall@example.jp')?.roleLabel).toBe('拠点 緊急対応職員')
		expect(accounts.find((a) => a.email === 'staff@example.jp')).toMatchObject({
			roleLabel: '事業所職員',
			organizations: [{ name: '生活介護事業所ひだまり' }],
			disabled: false,
		})
	})

	it('disabling ends all sessions at once, emits user-changed and is audited; enabling restores login', async () => {
		const a = await cookieFor(USERS.sabikan)
		const b = await cookieFor(USERS.sabikan)
		const res = await call(usersAction, { path: '/admin/users', cookie: await cookieFor(USERS.admin), form: { intent: 'disable', userId: USERS.sabikan } })
		expect(res.status).toBe(302)
		expect(await prisma.session.count({ where: { userId: USERS.sabikan } })).toBe(0)
		for (const cookie of [a, b]) {
			expect(await getCurrentUser(new Request('http://localhost/', { headers: { cookie } }))).toBeNull()
		}
		expect(events).toEqual(
			expect.arrayContaining([
				{ type: 'user-sessions-ended', userId: USERS.sabikan },
				{ type: 'user-changed', userId: USERS.sabikan },
			]),
		)
		expect(await prisma.auditLog.count({ where: { action: 'account.disable', target: `user:${USERS.sabikan}` } })).toBe(1)
		expect((await attemptLogin({ email: 'sabikan@example.jp', password: DEMO_PASSWORD, ipAddress: '', userAgent: '' })).ok).toBe(false)

		const enable = await call(usersAction, { path: '/admin/users', cookie: await cookieFor(USERS.admin), form: { intent: 'enable', userId: USERS.sabikan } })
		expect(enable.status).toBe(302)
		expect((await attemptLogin({ email: 'sabikan@example.jp', password: DEMO_PASSWORD, ipAddress: '', userAgent: '' })).ok).toBe(true)
		expect(await prisma.auditLog.count({ where: { action: 'account.enable', target: `user:${USERS.sabikan}` } })).toBe(1)
	})

	it('an admin cannot disable themselves', async () => {
		const cookie = await cookieFor(USERS.admin)
		const res = await call(usersAction, { path: '/admin/users', cookie, form: { intent: 'disable', userId: USERS.admin } })
		expect(res.status).toBe(400)
		expect((await jsonOf<{ error: string }>(res)).error).toBe('自分自身のアカウントは停止できません')
		expect((await prisma.user.findUniqueOrThrow({ where: { id: USERS.admin } })).disabledAt).toBeNull()
		expect((await validateSessionToken(tokenOf(cookie))).ok).toBe(true)
	})

	it('answers unknown accounts and bad input without a 500', async () => {
		const cookie = await cookieFor(USERS.admin)
		expect((await call(usersAction, { path: '/admin/users', cookie, form: { intent: 'disable', userId: 'user-nobody' } })).status).toBe(400)
		expect((await call(usersAction, { path: '/admin/users', cookie, form: { intent: 'explode', userId: USERS.staff } })).status).toBe(400)
		expect((await call(usersAction, { path: '/admin/users', cookie, form: { intent: 'disable', userId: '../x' } })).status).toBe(400)
	})

	it('creates an account that can log in; refuses a taken email', async () => {
		const cookie = await cookieFor(USERS.admin)
		const form = {
			email: 'Arai@Example.jp',
			displayName: '新井 花',
			displayNameKana: 'あらい はな',
			role: 'provider_staff',
			organizationId: 'org-aoba',
			title: '職業指導員',
			password: 'initial-pass-2026',
		}
		const res = await call(newUserAction, { path: '/admin/users/new', cookie, form })
		expect(res.status).toBe(302)
		const user = await prisma.user.findUniqueOrThrow({ where: { email: 'arai@example.jp' }, include: { memberships: true } })
		expect(user).toMatchObject({ role: 'provider_staff', displayNameKana: 'あらい はな' })
		expect(user.memberships.map((m) => m.organizationId)).toEqual(['org-aoba'])
		expect((await attemptLogin({ email: 'arai@example.jp', password: 'initial-pass-2026', ipAddress: '', userAgent: '' })).ok).toBe(true)
		expect(await prisma.auditLog.count({ where: { action: 'account.create', target: `user:${user.id}` } })).toBe(1)

		const again = await call(newUserAction, { path: '/admin/users/new', cookie, form: { ...form, email: 'SODAN@example.jp' } })
		expect(again.status).toBe(400)
		const body = await jsonOf<{ fieldErrors: Record<string, string[]>; values: Record<string, unknown> }>(again)
		expect(body.fieldErrors.email).toEqual(['このメールアドレスはすでに登録されています'])
		expect(body.values.password).toBeUndefined()
	})
})

describe('audit log page', () => {
	it('is for audit.view holders (system administrators) only', async () => {
		expect((await call(auditRoute.loader, { path: '/admin/audit', cookie: await cookieFor(USERS.sodan) })).status).toBe(403)
		expect((await call(auditRoute.loader, { path: '/admin/audit', cookie: await cookieFor(USERS.kanri) })).status).toBe(403)
		expect((await call(auditRoute.loader, { path: '/admin/audit', cookie: await cookieFor(USERS.admin) })).status).toBe(200)
	})

	it('filters by user, client and action, pages, and reports bad filters', async () => {
		for (let i = 0; i < 60; i++) {
			await prisma.auditLog.create({ data: { action: 'client.view', userId: USERS.city, clientId: 'client-sato-makoto' } })
		}
		await prisma.auditLog.create({ data: { action: 'team.add', userId: USERS.sodan, clientId: 'client-suzuki-hanako' } })
		const cookie = await cookieFor(USERS.admin)
		type Page = { result: { total: number; page: number; pageCount: number; rows: Array<{ action: string; clientId: string | null }> }; errors: string[] }
		const first = await jsonOf<Page>(await call(auditRoute.loader, { path: `/admin/audit?userId=${USERS.city}&action=client.view`, cookie }))
		expect(first.result).toMatchObject({ total: 60, page: 1, pageCount: 2 })
		expect(first.result.rows).toHaveLength(50)
		const second = await jsonOf<Page>(await call(auditRoute.loader, { path: `/admin/audit?userId=${USERS.city}&action=client.view&page=2`, cookie }))
		expect(second.result.rows).toHaveLength(10)
		const byClient = await jsonOf<Page>(await call(auditRoute.loader, { path: '/admin/audit?clientId=client-suzuki-hanako', cookie }))
		expect(byClient.result.rows.map((r) => r.action)).toEqual(['team.add'])
		const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
		const byDate = await jsonOf<Page>(await call(auditRoute.loader, { path: `/admin/audit?from=${today}&to=${today}&userId=${USERS.city}`, cookie }))
		expect(byDate.result.total).toBe(60)
		const none = await jsonOf<Page>(await call(auditRoute.loader, { path: '/admin/audit?from=2020-01-01&to=2020-01-31', cookie }))
		expect(none.result.total).toBe(0)
		const bad = await jsonOf<Page>(await call(auditRoute.loader, { path: "/admin/audit?clientId=x'%20OR%201=1&page=abc&from=2026-02-30", cookie }))
		expect(bad.errors).toHaveLength(3)
		expect(bad.result.total).toBeGreaterThan(60)
	})

	it('is read-only (no action)', () => {
		expect('action' in auditRoute).toBe(false)
	})
})
