/**
 * No 5xx and no redirect on bad input, through the real server (needs a fresh `npx remix build`):
 * bodies of the wrong type or unparseable, post-login redirect targets, malformed paths and
 * unmatched URLs — each answered 4xx, nothing changed, no stack trace in the log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'
import { cookiePair, DEMO_PASSWORD, signIn, startTestServer } from '#tests/helpers/server.ts'

let app: Awaited<ReturnType<typeof startTestServer>>
let staff: string

beforeAll(async () => {
	await useFreshDatabase('seeded')
	app = await startTestServer()
	staff = await signIn(app.origin, 'sodan@example.jp')
})
afterAll(async () => {
	await app.stop()
	await closeDb()
})

// (/logout is left out: it ends the session without reading a body, as it should.)
const ACTION_PATHS = ['/login', '/login/two-factor', '/settings', '/settings/two-factor', '/clients/client-sato-makoto/edit', '/admin/users']

describe('bodies', () => {
	const bodies: Array<{ name: string; type?: string; body: string; expected: number[] }> = [
		{ name: 'JSON', type: 'application/json', body: '{"email":"sodan@example.jp"}', expected: [415] },
		{ name: 'text', type: 'text/plain', body: 'email=sodan@example.jp', expected: [415] },
		{ name: 'XML', type: 'application/xml', body: '<a/>', expected: [415] },
		{ name: 'multipart without a boundary', type: 'multipart/form-data', body: 'x', expected: [400] },
		{ name: 'multipart with an empty boundary', type: 'multipart/form-data; boundary=', body: 'x', expected: [400] },
		{ name: 'multipart with a broken body', type: 'multipart/form-data; boundary=zzz', body: '--zzz\r\nnot a part', expected: [400] },
		{ name: 'no content type with a body', body: 'email=a', expected: [415] },
		{ name: 'a content type that is not one', type: ';;;', body: 'a', expected: [415] },
	]
	for (const { name, type, body, expected } of bodies) {
		it(`answers ${name} with ${expected.join('/')} on every action, signed in or not`, async () => {
			for (const path of ACTION_PATHS) {
				for (const cookie of [undefined, staff]) {
					const headers: Record<string, string> = { origin: app.origin }
					if (type !== undefined) headers['content-type'] = type
					if (cookie) headers.cookie = cookie
					const res = await fetch(`${app.origin}${path}`, { method: 'POST', redirect: 'manual', headers, body })
					// An anonymous post to a protected page may be sent to the login page first, and a
					// page the person may not use answers 403 before the body is read; never a 5xx.
					if (res.status === 302) expect(res.headers.get('location')).toMatch(/^\/login/)
					else if (res.status !== 403 || path !== '/admin/users') expect(expected, `${name} → ${path} (${cookie ? 'signed in' : 'anonymous'})`).toContain(res.status)
					expect(res.status).toBeLessThan(500)
					await res.arrayBuffer()
				}
			}
		})
	}

	it('says in Japanese what was wrong', async () => {
		const res = await fetch(`${app.origin}/login`, { method: 'POST', headers: { origin: app.origin, 'content-type': 'application/json' }, body: '{}' })
		expect(await res.text()).toContain('送信形式')
		expect(await prisma.session.count({ where: { userId: 'user-sodan', stage: { not: 'full' } } })).toBe(0)
	})
})

describe('redirect targets after sign-in', () => {
	const hostile = [
		'//evil.example/x',
		'/\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\nLocation: https://evil.example',
		'https://evil.example/',
		'javascript:alert(1)',
		'\\\\evil.example',
		'/%0d%0aSet-Cookie:x=1',
		' /evil',
	]
	for (const redirectTo of hostile) {
		it(`refuses ${JSON.stringify(redirectTo)}: same-origin paths only`, async () => {
			const res = await fetch(`${app.origin}/login`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.origin },
				body: new URLSearchParams({ email: 'kazoku@example.jp', password: DEMO_PASSWORD, redirectTo }),
			})
			expect(res.status).toBe(302)
			const location = res.headers.get('location') ?? ''
			// %0d%0a stays encoded inside a path: harmless, same origin.
			expect(location === '/' || location === '/%0d%0aSet-Cookie:x=1').toBe(true)
			expect(new URL(location, app.origin).origin).toBe(app.origin)
			expect(res.headers.get('set-cookie')?.split(',').length).toBe(1)
			const cookie = cookiePair(res.headers.get('set-cookie'))
			await fetch(`${app.origin}/logout`, { method: 'POST', headers: { cookie, origin: app.origin }, redirect: 'manual' })
		})
	}
})

describe('paths', () => {
	const malformed = [
		'/api/clients/%2e%2e%2f%2e%2e',
		'/api/clients/%2e%2e',
		'/build/%2e%2e%2f%2e%2e',
		'/%2e%2e/%2e%2e/etc/passwd',
		'/build/',
		'/build',
		'/clients/%5c..%5c',
		'/%00',
		'/%',
		'/%E0%A4%A',
		'/clients/%2F%2Fevil.example',
	]
	for (const path of malformed) {
		it(`${path} answers 4xx without a redirect`, async () => {
			for (const cookie of [undefined, staff]) {
				const res = await fetch(`${app.origin}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
				if (res.status === 302) {
					// only the login page for an anonymous visitor to a page that exists
					expect(cookie).toBeUndefined()
					expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
				} else {
					expect(res.status, `${path}`).toBeGreaterThanOrEqual(400)
					expect(res.status).toBeLessThan(500)
				}
				expect(res.status).not.toBe(301)
				await res.arrayBuffer()
			}
		})
	}

	it('unmatched URLs answer 404 and leave no stack trace in the log', async () => {
		const logged = vi.spyOn(console, 'error')
		try {
			for (const path of ['/no-such-page', '/api/no-such-endpoint', '/clients/x/y/z/w', '/wp-login.php']) {
				const res = await fetch(`${app.origin}${path}`, { headers: { cookie: staff } })
				expect(res.status).toBe(404)
				await res.arrayBuffer()
			}
			expect(logged).not.toHaveBeenCalled()
		} finally {
			logged.mockRestore()
		}
	})
})
