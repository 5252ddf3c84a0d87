import { audit } from '#app/modules/audit/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { ACCOUNT_BACKOFF, PAIR_BACKOFF, SECOND_FACTOR_BACKOFF } from './backoff.ts'
import { verifyAgainstDummy, verifyPassword } from './password.server.ts'
import { createSession, invalidateSession, type SessionStage } from './session.server.ts'
import {
	accountKey,
	clearFailures,
	FAILURE_COST,
	pairKey,
	recordFailure,
	secondFactorKey,
	signInAddressLimiter,
	waitUntil,
	type ThrottledKey,
} from './throttle.server.ts'
import { stageAfterPassword, verifySecondFactor } from './two-factor.server.ts'

export type LoginResult =
	| { ok: true; token: string; userId: string; stage: SessionStage }
	| { ok: false; error: 'invalid' | 'throttled' | 'busy'; retryAfterSeconds?: number }

type RequestMeta = { ipAddress: string; userAgent: string }

/**
 * The password step. Unknown email, wrong password and disabled account all give the same
 * answer after the same argon2 work, so the response reveals nothing about which accounts exist.
 * A correct password opens a full session only for accounts without a second factor; otherwise
 * a short-lived half-signed session that reaches nothing but the second-factor pages.
 */
export async function attemptLogin(input: { email: string; password: string } & RequestMeta): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase()
	if (!signInAddressLimiter().take(input.ipAddress)) {
		await audit({ action: 'auth.login_failed', outcome: 'denied', ipAddress: input.ipAddress, detail: { reason: 'address_rate' } })
		return { ok: false, error: 'busy', retryAfterSeconds: 60 }
	}
	const user = await prisma.user.findUnique({
		where: { email },
		select: { id: true, role: true, passwordHash: true, disabledAt: true, twoFactor: { select: { enabledAt: true } } },
	})
	// The account-wide back-off protects only accounts a password alone opens; unknown emails are
	// treated the same so the answer never tells which accounts exist.
	const hasSecondFactor = Boolean(user?.twoFactor?.enabledAt)
	const keys: ThrottledKey[] = [{ key: pairKey(email, input.ipAddress), rule: PAIR_BACKOFF }]
	if (!hasSecondFactor) keys.push({ key: accountKey(email), rule: ACCOUNT_BACKOFF })
	const wait = await waitUntil(keys)
	if (wait) {
		await audit({
			action: 'auth.login_failed',
			outcome: 'denied',
			userId: user?.id ?? null,
			ipAddress: input.ipAddress,
			detail: { reason: 'throttled', until: wait.toISOString() },
		})
		return { ok: false, error: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil((wait.getTime() - Date.now()) / 1000)) }
	}
	const valid = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password)
	if (!user || !valid || user.disabledAt) {
		await recordFailure(keys)
		signInAddressLimiter().charge(input.ipAddress, FAILURE_COST - 1)
		await audit({
			action: 'auth.login_failed',
			outcome: 'failed',
			userId: user?.id ?? null,
			ipAddress: input.ipAddress,
			detail: { reason: !user ? 'unknown_account' : user.disabledAt ? 'disabled' : 'bad_password' },
		})
		return { ok: false, error: 'invalid' }
	}
	await clearFailures([keys[0].key])
	const stage = await stageAfterPassword(user)
	const { token } = await createSession(user.id, { ipAddress: input.ipAddress, userAgent: input.userAgent, stage })
	if (stage === 'full') {
		await clearFailures([accountKey(email)])
		await audit({ action: 'auth.login', userId: user.id, ipAddress: input.ipAddress, detail: { factors: 1 } })
	}
	return { ok: true, token, userId: user.id, stage }
}

export type SecondFactorResult =
	| { ok: true; token: string; method: 'totp' | 'recovery' }
	| { ok: false; error: 'invalid' | 'replayed' | 'throttled' | 'busy'; retryAfterSeconds?: number }

/**
 * The code step. On success the half-signed session is replaced by a new full one (a new token:
 * nothing learnt about the half-signed cookie carries over).
 */
export async function completeSecondFactor(
	pending: { sessionId: string; userId: string; email: string },
	code: string,
	meta: RequestMeta,
): Promise<SecondFactorResult> {
	if (!signInAddressLimiter().take(meta.ipAddress)) return { ok: false, error: 'busy', retryAfterSeconds: 60 }
	const keys: ThrottledKey[] = [{ key: secondFactorKey(pending.userId), rule: SECOND_FACTOR_BACKOFF }]
	const wait = await waitUntil(keys)
	if (wait) {
		await audit({ action: 'auth.second_factor_failed', outcome: 'denied', userId: pending.userId, ipAddress: meta.ipAddress, detail: { reason: 'throttled' } })
		return { ok: false, error: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil((wait.getTime() - Date.now()) / 1000)) }
	}
	const check = await verifySecondFactor(pending.userId, code)
	if (!check.ok) {
		await recordFailure(keys)
		signInAddressLimiter().charge(meta.ipAddress, FAILURE_COST - 1)
		await audit({ action: 'auth.second_factor_failed', outcome: 'failed', userId: pending.userId, ipAddress: meta.ipAddress, detail: { reason: check.reason } })
		return { ok: false, error: check.reason === 'replayed' ? 'replayed' : 'invalid' }
	}
	return finishSignIn(pending, meta, { secondFactor: check.method })
}

/** Replaces a half-signed session by a full one and records the sign-in. */
export async function finishSignIn(
	pending: { sessionId: string; userId: string; email: string },
	meta: RequestMeta,
	detail: { secondFactor: 'totp' | 'recovery' | 'enrolment' },
): Promise<{ ok: true; token: string; method: 'totp' | 'recovery' }> {
	await invalidateSession(pending.sessionId)
	await clearFailures([secondFactorKey(pending.userId), accountKey(pending.email)])
	const { token } = await createSession(pending.userId, { ipAddress: meta.ipAddress, userAgent: meta.userAgent, stage: 'full' })
	await audit({ action: 'auth.login', userId: pending.userId, ipAddress: meta.ipAddress, detail: { factors: 2, ...detail } })
	return { ok: true, token, method: detail.secondFactor === 'recovery' ? 'recovery' : 'totp' }
}
