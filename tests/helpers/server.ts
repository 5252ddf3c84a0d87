import type { AddressInfo } from 'node:net'
import { totpCodeAt, totpCounter } from '#app/modules/auth/totp.ts'
import { DEMO_TOTP_SECRET } from '../../prisma/seed-data/two-factor.ts'
import { createAppServer, type AppServer } from '#server/app.ts'

/** Starts the real app server (Remix build + collaboration endpoint) on an ephemeral port. */
export async function startTestServer(): Promise<{ server: AppServer; origin: string; stop(): Promise<void> }> {
	const server = await createAppServer()
	await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve))
	const { port } = server.httpServer.address() as AddressInfo
	return { server, origin: `http://127.0.0.1:${port}`, stop: () => server.close() }
}

/** Extracts "name=value" from a Set-Cookie header. */
export function cookiePair(setCookie: string | null): string {
	if (!setCookie) throw new Error('no Set-Cookie header')
	return setCookie.split(';')[0]
}

export const DEMO_PASSWORD = 'kizuna-demo-2026'

// Each TOTP step is accepted once per account: a test signing one account in several times within
// 30 s uses the neighbouring steps (accepted as drift), and waits for a fresh one when all are spent.
const lastStepUsed = new Map<string, number>()
export async function nextDemoTotpCode(email: string, secret = DEMO_TOTP_SECRET): Promise<string> {
	for (;;) {
		const current = totpCounter(Date.now())
		const last = lastStepUsed.get(email) ?? -1
		// The oldest step still accepted (one step of drift either side) that is later than the last
		// used; the previous step only while it stays accepted for the seconds the form takes.
		const oldestSafe = Date.now() % 30_000 < 25_000 ? current - 1 : current
		const step = Math.max(last + 1, oldestSafe)
		if (step <= current + 1) {
			lastStepUsed.set(email, step)
			return totpCodeAt(secret, step)
		}
		await new Promise((resolve) => setTimeout(resolve, (current + 1) * 30_000 - Date.now() + 50))
	}
}

export type SignInOptions = { password?: string; forwardedFor?: string; secret?: string }

function form(origin: string, body: Record<string, string>, cookie?: string, forwardedFor?: string) {
	return {
		method: 'POST',
		redirect: 'manual' as const,
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin,
			...(cookie ? { cookie } : {}),
			...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
		},
		body: new URLSearchParams(body),
	}
}

/**
 * Signs in through the real forms over HTTP — password, then (when asked) the TOTP code of the
 * demo secret — and returns the full session's "name=value" cookie.
 */
export async function signIn(origin: string, email: string, options: SignInOptions = {}): Promise<string> {
	const first = await fetch(`${origin}/login`, form(origin, { email, password: options.password ?? DEMO_PASSWORD }, undefined, options.forwardedFor))
	if (first.status !== 302) throw new Error(`password step for ${email} answered ${first.status}`)
	const cookie = cookiePair(first.headers.get('set-cookie'))
	const location = first.headers.get('location') ?? ''
	if (!location.startsWith('/login/two-factor')) return cookie
	const second = await fetch(
		`${origin}/login/two-factor`,
		form(origin, { code: await nextDemoTotpCode(email, options.secret) }, cookie, options.forwardedFor),
	)
	if (second.status !== 302) throw new Error(`second factor for ${email} answered ${second.status}`)
	return cookiePair(second.headers.get('set-cookie'))
}
