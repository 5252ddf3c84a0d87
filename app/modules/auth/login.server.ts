import { prisma } from '#app/utils/db.server.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { verifyAgainstDummy, verifyPassword } from './password.server.ts'
import { createSession } from './session.server.ts'
import { ACCOUNT_LIMIT, IP_LIMIT, accountKey, clearFailures, ipKey, lockedUntil, recordFailure } from './throttle.server.ts'

export type LoginResult =
	| { ok: true; token: string; userId: string }
	| { ok: false; error: 'invalid' | 'locked' }

/**
 * Password login. Unknown email, wrong password and disabled account all give the same
 * answer after the same argon2 work, so the response reveals nothing about which accounts exist.
 */
export async function attemptLogin(input: {
	email: string
	password: string
	ipAddress: string
	userAgent: string
}): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase()
	const keys = [accountKey(email), ipKey(input.ipAddress)]
	const locked = await lockedUntil(keys)
	if (locked) {
		await audit({
			action: 'auth.login_failed',
			outcome: 'denied',
			ipAddress: input.ipAddress,
			detail: { reason: 'throttled', until: locked.toISOString() },
		})
		return { ok: false, error: 'locked' }
	}
	const user = await prisma.user.findUnique({
		where: { email },
		select: { id: true, passwordHash: true, disabledAt: true },
	})
	const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password)
	if (!user || !valid || user.disabledAt) {
		await recordFailure(keys[0], ACCOUNT_LIMIT)
		await recordFailure(keys[1], IP_LIMIT)
		await audit({
			action: 'auth.login_failed',
			outcome: 'failed',
			userId: user?.id ?? null,
			ipAddress: input.ipAddress,
			detail: { reason: !user ? 'unknown_account' : user.disabledAt ? 'disabled' : 'bad_password' },
		})
		return { ok: false, error: 'invalid' }
	}
	await clearFailures(keys[0])
	const { token } = await createSession(user.id, { ipAddress: input.ipAddress, userAgent: input.userAgent })
	await audit({ action: 'auth.login', userId: user.id, ipAddress: input.ipAddress })
	return { ok: true, token, userId: user.id }
}
