import { prisma } from '#app/utils/db.server.ts'

/**
 * Login throttling, per account and per IP address. Counters live in the database so a
 * restart does not reset them. The key for an account is the submitted email, whether or
 * not the account exists, so throttling reveals nothing about which emails are registered.
 */
export const ACCOUNT_LIMIT = { failures: 5, windowMs: 15 * 60 * 1000, lockMs: 15 * 60 * 1000 }
export const IP_LIMIT = { failures: 30, windowMs: 15 * 60 * 1000, lockMs: 15 * 60 * 1000 }

export function accountKey(email: string): string {
	return `account:${email.trim().toLowerCase()}`
}
export function ipKey(ip: string): string {
	return `ip:${ip}`
}

/** Returns the time until which the key is locked, or null if a login may be tried now. */
export async function lockedUntil(keys: string[], now = new Date()): Promise<Date | null> {
	const rows = await prisma.loginThrottle.findMany({ where: { key: { in: keys } } })
	let until: Date | null = null
	for (const row of rows) {
		if (row.lockedUntil && row.lockedUntil > now && (!until || row.lockedUntil > until)) until = row.lockedUntil
	}
	return until
}

export async function recordFailure(key: string, limit: typeof ACCOUNT_LIMIT, now = new Date()): Promise<void> {
	const row = await prisma.loginThrottle.findUnique({ where: { key } })
	const windowExpired = !row || now.getTime() - row.windowStartsAt.getTime() > limit.windowMs
	const failures = windowExpired ? 1 : row.failures + 1
	const lockedUntil = failures >= limit.failures ? new Date(now.getTime() + limit.lockMs) : null
	await prisma.loginThrottle.upsert({
		where: { key },
		create: { key, failures, windowStartsAt: now, lockedUntil },
		update: {
			failures,
			windowStartsAt: windowExpired ? now : row.windowStartsAt,
			lockedUntil: lockedUntil ?? row?.lockedUntil ?? null,
		},
	})
}

export async function clearFailures(key: string): Promise<void> {
	await prisma.loginThrottle.deleteMany({ where: { key } })
}
