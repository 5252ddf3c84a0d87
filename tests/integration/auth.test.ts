import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { getCurrentUser, requireApiUser } from '#app/modules/auth/auth.server.ts'
import { attemptLogin } from '#app/modules/auth/login.server.ts'
import {
	ABSOLUTE_LIFETIME_MS,
	ACTIVITY_WRITE_INTERVAL_MS,
	IDLE_TIMEOUT_MS,
	createSession,
	hashSessionToken,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken,
} from '#app/modules/auth/session.server.ts'
import { PAIR_BACKOFF } from '#app/modules/auth/backoff.ts'
import { onAuthzEvent, type AuthzEvent } from '#app/modules/authz-events.server.ts'
import { closeDb, prisma } from '#app/utils/db.server.ts'
import { useFreshDatabase } from '#tests/helpers/db.ts'

const PASSWORD = 'kizuna-demo-2026'

function requestWithCookie(cookie?: string): Request {
	return new Request('http://localhost/api/me', { headers: cookie ? { cookie } : {} })
}

beforeEach(async () => {
	await useFreshDatabase('seeded')
})
afterAll(async () => {
	await closeDb()
})

describe('session tokens', () => {
	it('stores only the SHA-256 hash of a 256-bit token', async () => {
		const { token, session } = await createSession('user-sodan')
		expect(token).toMatch(/^[a-z2-7]{52}$/)
		expect(session.id).toBe(hashSessionToken(token))
		expect(session.id).not.toContain(token)
		const stored = await prisma.session.findMany({ where: { userId: 'user-sodan' } })
		expect(stored.map((s) => s.id)).toEqual([hashSessionToken(token)])
	})

	it.each([
		['no cookie', undefined],
		['garbage', 'kizuna_session=%%%not-a-token%%%'],
		['well-formed but unknown', `kizuna_session=${'a'.repeat(52)}`],
		['huge', `kizuna_session=${'x'.repeat(10_000)}`],
		['broken cookie header', '=;;=;kizuna_session'],
	])('treats %s as signed out (401, not 500)', async (_label, cookie) => {
		expect(await getCurrentUser(requestWithCookie(cookie))).toBeNull()
		const thrown = await requireApiUser(requestWithCookie(cookie)).catch((e: unknown) => e)
		expect(thrown).toBeInstanceOf(Response)
		expect((thrown as Response).status).toBe(401)
		expect(await (thrown as Response).json()).toMatchObject({ error: 'unauthenticated' })
	})

	it('expires after 30 minutes idle and deletes the row', async () => {
		const start = new Date('2026-11-23T01:00:00Z')
		const { token, session } = await createSession('user-sodan', {}, start)
		expect((await validateSessionToken(token, new Date(start.getTime() + IDLE_TIMEOUT_MS - 1000))).ok).toBe(true)
		const late = await validateSessionToken(token, new Date(start.getTime() + 2 * IDLE_TIMEOUT_MS))
		expect(late).toEqual({ ok: false, reason: 'idle', userId: 'user-sodan' })
		expect(await prisma.session.findUnique({ where: { id: session.id } })).toBeNull()
	})

	it('activity extends the idle window but never the 12-hour absolute lifetime', async () => {
		const start = new Date('2026-11-23T01:00:00Z')
		const { token } = await createSession('user-sodan', {}, start)
		// Use the session every 20 minutes: it stays alive...
		let t = start.getTime()
		while (t + 20 * 60 * 1000 < start.getTime() + ABSOLUTE_LIFETIME_MS) {
			t += 20 * 60 * 1000
			expect((await validateSessionToken(token, new Date(t))).ok).toBe(true)
		}
		// ...until the absolute deadline.
		const after = await validateSessionToken(token, new Date(start.getTime() + ABSOLUTE_LIFETIME_MS))
		expect(after).toMatchObject({ ok: false, reason: 'expired' })
	})

	it('writes lastActiveAt at most once a minute', async () => {
		const start = new Date('2026-11-23T01:00:00Z')
		const { token, session } = await createSession('user-sodan', {}, start)
		await validateSessionToken(token, new Date(start.getTime() + 1000))
		expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).lastActiveAt).toEqual(start)
		const later = new Date(start.getTime() + ACTIVITY_WRITE_INTERVAL_MS + 1000)
		await validateSessionToken(token, later)
		expect((await prisma.session.findUniqueOrThrow({ where: { id: session.id } })).lastActiveAt).toEqual(later)
	})

	it('logout deletes the session and tells listeners', async () => {
		const events: AuthzEvent[] = []
		const off = onAuthzEvent((e) => events.push(e))
		const { token, session } = await createSession('user-sodan')
		await invalidateSession(session.id)
		off()
		expect(await validateSessionToken(token)).toEqual({ ok: false, reason: 'unknown' })
		expect(events).toContainEqual({ type: 'session-ended', sessionId: session.id })
	})

	it('ends every session of a user at once', async () => {
		const a = await createSession('user-sodan')
		const b = await createSession('user-sodan')
		const other = await createSession('user-sabikan')
		await invalidateUserSessions('user-sodan')
		expect((await validateSessionToken(a.token)).ok).toBe(false)
		expect((await validateSessionToken(b.token)).ok).toBe(false)
		expect((await validateSessionToken(other.token)).ok).toBe(true)
	})

	it('a disabled account loses its sessions on the next check', async () => {
		const { token } = await createSession('user-staff')
		await prisma.user.update({ where: { id: 'user-staff' }, data: { disabledAt: new Date() } })
		expect(await validateSessionToken(token)).toMatchObject({ ok: false, reason: 'disabled' })
		expect(await prisma.session.count({ where: { userId: 'user-staff' } })).toBe(0)
	})
})

describe('password login', () => {
	const meta = { ipAddress: '192.0.2.10', userAgent: 'vitest' }

	it('signs a family account (no second factor) in with the password alone and audits it', async () => {
		const result = await attemptLogin({ email: 'KAZOKU@example.jp ', password: PASSWORD, ...meta })
		expect(result).toMatchObject({ ok: true, stage: 'full' })
		expect(await prisma.auditLog.count({ where: { action: 'auth.login', userId: 'user-kazoku' } })).toBe(1)
	})

	it('gives staff only a half-signed session: nobody to the app until the second factor', async () => {
		const result = await attemptLogin({ email: 'sodan@example.jp', password: PASSWORD, ...meta })
		expect(result).toMatchObject({ ok: true, stage: 'second_factor' })
		if (!result.ok) return
		expect(await getCurrentUser(requestWithCookie(`kizuna_session=${result.token}`))).toBeNull()
		const row = await prisma.session.findUniqueOrThrow({ where: { id: hashSessionToken(result.token) } })
		expect(row.stage).toBe('second_factor')
		expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(10 * 60 * 1000)
		expect(await prisma.auditLog.count({ where: { action: 'auth.login', userId: 'user-sodan' } })).toBe(0)
	})

	it('gives the same answer for an unknown email, a wrong password and a disabled account', async () => {
		await prisma.user.update({ where: { id: 'user-staff' }, data: { disabledAt: new Date() } })
		const unknown = await attemptLogin({ email: 'nobody@example.jp', password: PASSWORD, ...meta })
		const wrong = await attemptLogin({ email: 'sodan@example.jp', password: 'wrong-password', ...meta })
		const disabled = await attemptLogin({ email: 'staff@example.jp', password: PASSWORD, ...meta })
		expect(unknown).toEqual({ ok: false, error: 'invalid' })
		expect(wrong).toEqual(unknown)
		expect(disabled).toEqual(unknown)
		expect(await prisma.auditLog.count({ where: { action: 'auth.login_failed' } })).toBe(3)
	})

	it('slows the failing (account, address) pair with back-off — never a lock for the owner elsewhere', async () => {
		for (let i = 0; i < PAIR_BACKOFF.freeFailures; i++) {
			expect(await attemptLogin({ email: 'sodan@example.jp', password: `bad-${i}`, ...meta })).toEqual({ ok: false, error: 'invalid' })
		}
		const slowed = await attemptLogin({ email: 'sodan@example.jp', password: PASSWORD, ...meta })
		expect(slowed).toMatchObject({ ok: false, error: 'throttled' })
		if (!slowed.ok) expect(slowed.retryAfterSeconds).toBeGreaterThanOrEqual(1)
		// The owner at another address goes straight on to the second factor.
		expect(await attemptLogin({ email: 'sodan@example.jp', password: PASSWORD, ipAddress: '203.0.113.5', userAgent: 'x' })).toMatchObject({
			ok: true,
			stage: 'second_factor',
		})
	})

	it('an address that failed for thirty accounts still signs its people in', async () => {
		for (let i = 0; i < 30; i++) {
			await attemptLogin({ email: `user${i}@example.jp`, password: 'nope', ipAddress: '198.51.100.7', userAgent: 'x' })
		}
		expect(await attemptLogin({ email: 'sodan@example.jp', password: PASSWORD, ipAddress: '198.51.100.7', userAgent: 'x' })).toMatchObject({
			ok: true,
		})
	})
})

describe('audit log', () => {
	it('is append-only at the database level', async () => {
		await attemptLogin({ email: 'kazoku@example.jp', password: PASSWORD, ipAddress: '1', userAgent: '' })
		const row = await prisma.auditLog.findFirstOrThrow()
		await expect(prisma.auditLog.update({ where: { id: row.id }, data: { action: 'tampered' } })).rejects.toThrow()
		await expect(prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow()
		expect((await prisma.auditLog.findFirstOrThrow({ where: { id: row.id } })).action).toBe('auth.login')
	})
})
