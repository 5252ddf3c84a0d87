import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { prisma } from '#app/utils/db.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'

/**
 * Sessions as the Lucia guide teaches them: a random token goes to the browser, only its
 * SHA-256 hash is stored. Timeouts are far shorter than Lucia's defaults because the data is
 * 要配慮個人情報 (docs/decisions/0003-sessions.md).
 */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000
/** lastActiveAt is written at most this often, so a busy page does not write on every request. */
export const ACTIVITY_WRITE_INTERVAL_MS = 60 * 1000
/** A half-signed session (password checked, second factor awaited) lives this long. */
export const PENDING_LIFETIME_MS = 10 * 60 * 1000

/**
 * How far sign-in has come. Only 'full' sessions reach the app and the websocket; the others
 * reach the second-factor pages and logout (docs/decisions/0015-sign-in-and-throttles.md).
 */
export type SessionStage = 'full' | 'second_factor' | 'enrol'
export function isSessionStage(value: string): value is SessionStage {
	return value === 'full' || value === 'second_factor' || value === 'enrol'
}

const TOKEN_PATTERN = /^[a-z2-7]{52}$/

export type SessionRecord = {
	id: string
	userId: string
	createdAt: Date
	expiresAt: Date
	lastActiveAt: Date
	stage: SessionStage
}

export type SessionUser = {
	id: string
	email: string
	displayName: string
	role: string
	clientId: string | null
	disabledAt: Date | null
}

/** 32 random bytes (256 bits) from the platform CSPRNG, base32-encoded. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(32)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}

export function hashSessionToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export function isWellFormedToken(token: unknown): token is string {
	return typeof token === 'string' && TOKEN_PATTERN.test(token)
}

/**
 * Creates a session. The default stage is 'full': callers that create sessions directly (the
 * second-factor step, a password change, test helpers) have already established every factor.
 * The password step passes 'second_factor' or 'enrol' and gets a short-lived session.
 */
export async function createSession(
	userId: string,
	meta: { ipAddress?: string; userAgent?: string; stage?: SessionStage } = {},
	now = new Date(),
): Promise<{ token: string; session: SessionRecord }> {
	const token = generateSessionToken()
	const stage = meta.stage ?? 'full'
	const lifetime = stage === 'full' ? ABSOLUTE_LIFETIME_MS : PENDING_LIFETIME_MS
	const row = await prisma.session.create({
		data: {
			id: hashSessionToken(token),
			userId,
			createdAt: now,
			lastActiveAt: now,
			expiresAt: new Date(now.getTime() + lifetime),
			ipAddress: (meta.ipAddress ?? '').slice(0, 64),
			userAgent: (meta.userAgent ?? '').slice(0, 256),
			stage,
		},
		select: { id: true, userId: true, createdAt: true, expiresAt: true, lastActiveAt: true },
	})
	return { token, session: { ...row, stage } }
}

/** Why a token did not yield a session (for the audit log; never shown to users). */
export type SessionFailure = 'malformed' | 'unknown' | 'expired' | 'idle' | 'disabled' | 'half-signed'

export type SessionValidation =
	| { ok: true; session: SessionRecord; user: SessionUser }
	| { ok: false; reason: SessionFailure; userId?: string }

/** The moment a session stops being valid unless it is used again. */
export function sessionDeadline(session: Pick<SessionRecord, 'expiresAt' | 'lastActiveAt'>): Date {
	return new Date(Math.min(session.expiresAt.getTime(), session.lastActiveAt.getTime() + IDLE_TIMEOUT_MS))
}

/**
 * Checks a token from a cookie. Any input — missing, garbage, expired — gives a result,
 * never an exception. Expired sessions are deleted. Activity is recorded at most once a minute.
 */
export async function validateSessionToken(token: unknown, now = new Date()): Promise<SessionValidation> {
	if (!isWellFormedToken(token)) return { ok: false, reason: 'malformed' }
	const id = hashSessionToken(token)
	const row = await prisma.session.findUnique({
		where: { id },
		select: {
			id: true,
			userId: true,
			createdAt: true,
			expiresAt: true,
			lastActiveAt: true,
			stage: true,
			user: { select: { id: true, email: true, displayName: true, role: true, clientId: true, disabledAt: true } },
		},
	})
	if (!row) return { ok: false, reason: 'unknown' }
	const { user, stage, ...rest } = row
	// An unknown stage (a newer version's row) is treated as the least signed-in one.
	const session: SessionRecord = { ...rest, stage: isSessionStage(stage) ? stage : 'second_factor' }
	if (user.disabledAt) {
		await deleteSessions({ userId: user.id })
		return { ok: false, reason: 'disabled', userId: user.id }
	}
	if (now.getTime() >= session.expiresAt.getTime()) {
		await deleteSessions({ id })
		return { ok: false, reason: 'expired', userId: user.id }
	}
	if (now.getTime() >= session.lastActiveAt.getTime() + IDLE_TIMEOUT_MS) {
		await deleteSessions({ id })
		return { ok: false, reason: 'idle', userId: user.id }
	}
	if (now.getTime() - session.lastActiveAt.getTime() >= ACTIVITY_WRITE_INTERVAL_MS) {
		await prisma.session.update({ where: { id }, data: { lastActiveAt: now } })
		session.lastActiveAt = now
	}
	return { ok: true, session, user }
}

/** Records activity on a session (used by the websocket server for edits). */
export async function touchSession(sessionId: string, now = new Date()): Promise<void> {
	await prisma.session.updateMany({ where: { id: sessionId, lastActiveAt: { lt: now } }, data: { lastActiveAt: now } })
}

async function deleteSessions(where: { id: string } | { userId: string }): Promise<void> {
	await prisma.session.deleteMany({ where })
	if ('id' in where) emitAuthzEvent({ type: 'session-ended', sessionId: where.id })
	else emitAuthzEvent({ type: 'user-sessions-ended', userId: where.userId })
}

/** Logout: the session row is deleted, so the token is dead everywhere at once. */
export async function invalidateSession(sessionId: string): Promise<void> {
	await deleteSessions({ id: sessionId })
}

/** Ends every session of a user (account disabled, password changed). */
export async function invalidateUserSessions(userId: string): Promise<void> {
	await deleteSessions({ userId })
}
