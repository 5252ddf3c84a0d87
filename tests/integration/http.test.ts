import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { cookiePair, nextDemoTotpCode, startTestServer } from '#tests/helpers/server.ts'

let app: Awaited<ReturnType<typeof startTestServer>>

beforeAll(async () => {
	await useFreshDatabase('seeded')
	app = await startTestServer()
})
afterAll(async () => {
	await app.stop()
	await closeDb()
})

function login(headers: Record<string, string>, password = 'kizuna-demo-2026') {
	return fetch(`${app.origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams({ email: 'sodan@example.jp', password }),
	})
}

describe('HTTP security', () => {
	it('refuses a state-changing request without an Origin header (CSRF)', async () => {
		const res = await login({})
		expect(res.status).toBe(403)
		expect(await prisma.session.count()).toBe(0)
	})

	it('refuses a cross-site Origin', async () => {
		const res = await login({ origin: 'https://evil.example' })
		expect(res.status).toBe(403)
		expect(await prisma.session.count()).toBe(0)
	})

	it('logs in from the site itself: HttpOnly SameSite=Lax cookie, then logout kills the session', async () => {
		const res = await login({ origin: app.origin })
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe('/login/two-factor?redirectTo=%2F')
		const setCookie = res.headers.get('set-cookie') ?? ''
		expect(setCookie).toMatch(/HttpOnly/i)
		expect(setCookie).toMatch(/SameSite=Lax/i)
		const halfSigned = cookiePair(setCookie)
		// Password alone: the app still answers as to a visitor.
		const before = await fetch(`${app.origin}/`, { headers: { cookie: halfSigned }, redirect: 'manual' })
		expect(before.headers.get('location')).toContain('/login')
		const second = await fetch(`${app.origin}/login/two-factor`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin, cookie: halfSigned },
			body: new URLSearchParams({ code: await nextDemoTotpCode('sodan@example.jp'), redirectTo: '/' }),
		})
		expect(second.status).toBe(302)
		expect(second.headers.get('location')).toBe('/')
		const cookie = cookiePair(second.headers.get('set-cookie'))
		expect(cookie).not.toBe(halfSigned)
		const page = await fetch(`${app.origin}/`, { headers: { cookie }, redirect: 'manual' })
		expect(page.status).toBe(200)
		expect(page.headers.get('cache-control')).toBe('no-store')
		expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")

		const out = await fetch(`${app.origin}/logout`, { method: 'POST', headers: { cookie, origin: app.origin }, redirect: 'manual' })
		expect(out.status).toBe(302)
		expect(await prisma.session.count()).toBe(0)
		const after = await fetch(`${app.origin}/`, { headers: { cookie }, redirect: 'manual' })
		expect(after.status).toBe(302)
		expect(after.headers.get('location')).toContain('/login')
	})

	it('answers a wrong password with the generic message and no cookie', async () => {
		const res = await login({ origin: app.origin }, 'not-the-password')
		expect(res.status).toBe(401)
		expect(res.headers.get('set-cookie')).toBeNull()
		expect(await res.text()).toContain('メールアドレスまたはパスワードが正しくありません')
	})

	it('sends anonymous visitors to the login page with a return path', async () => {
		const res = await fetch(`${app.origin}/?sort=renewal`, { redirect: 'manual' })
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe('/login?redirectTo=%2F%3Fsort%3Drenewal')
	})

	it('does not follow an off-site redirectTo after login', async () => {
		const res = await fetch(`${app.origin}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin },
			body: new URLSearchParams({ email: 'sodan@example.jp', password: 'kizuna-demo-2026', redirectTo: '//evil.example/x' }),
		})
		expect(res.status).toBe(302)
		expect(res.headers.get('location')).toBe('/login/two-factor?redirectTo=%2F')
	})
})
