import crypto from 'node:crypto'
import QRCode from 'qrcode'
import { audit } from '#app/modules/audit/audit.server.ts'
import { activeOn, canResetSecondFactor, canSetTwoFactorPolicy, mayTurnOffSecondFactor, secondFactorRequired, type Actor } from '#app/policies/index.ts'
import { isAccountRole } from '#app/policies/roles.ts'
import { invalidateUserSessions } from './session.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import {
	formatSecretForDisplay,
	generateRecoveryCodes,
	generateTotpSecret,
	hashRecoveryCode,
	looksLikeRecoveryCode,
	matchTotp,
	totpKeyUri,
} from './totp.ts'

/**
 * The second factor: TOTP with ten one-time recovery codes (docs/decisions/0015). The secret is
 * stored as the person's app holds it; recovery codes only as SHA-256 hashes.
 */

async function currentMemberships(userId: string) {
	const today = todayJst()
	const rows = await prisma.organizationMembership.findMany({
		where: { userId, ...activeOn(today) },
		select: { organization: { select: { requireStaffTwoFactor: true } } },
	})
	return rows.map((r) => r.organization)
}

export type TwoFactorStatus = {
	enrolled: boolean
	required: boolean
	mayTurnOff: boolean
	recoveryCodesLeft: number
	enabledAt: string | null
}

export async function twoFactorStatus(user: { id: string; role: string }): Promise<TwoFactorStatus> {
	const [row, memberships, recoveryCodesLeft] = await Promise.all([
		prisma.twoFactor.findUnique({ where: { userId: user.id }, select: { enabledAt: true } }),
		currentMemberships(user.id),
		prisma.recoveryCode.count({ where: { userId: user.id, usedAt: null } }),
	])
	const role = isAccountRole(user.role) ? user.role : 'admin'
	const enrolled = Boolean(row?.enabledAt)
	return {
		enrolled,
		required: secondFactorRequired({ role }, memberships, false),
		mayTurnOff: mayTurnOffSecondFactor({ role }, memberships),
		recoveryCodesLeft: enrolled ? recoveryCodesLeft : 0,
		enabledAt: row?.enabledAt?.toISOString() ?? null,
	}
}

/** What the password step leads to: straight in, the code, or setting the factor up first. */
export async function stageAfterPassword(user: { id: string; role: string }): Promise<'full' | 'second_factor' | 'enrol'> {
	const status = await twoFactorStatus(user)
	if (status.enrolled) return 'second_factor'
	return status.required ? 'enrol' : 'full'
}

/** What the enrolment page shows: the QR code (an SVG data URI: img-src allows data:) and the key for typing. */
export type Enrolment = { secretForDisplay: string; qrDataUri: string }

/**
 * Starts (or restarts) setting up an authenticator app. An existing, working factor stays in
 * force until the new one is confirmed with a code from the new app.
 */
export async function beginEnrolment(user: { id: string; email: string }): Promise<Enrolment> {
	const existing = await prisma.twoFactor.findUnique({ where: { userId: user.id } })
	const secret = generateTotpSecret()
	if (existing?.enabledAt) {
		await prisma.twoFactor.update({ where: { userId: user.id }, data: { pendingSecret: secret } })
	} else {
		await prisma.twoFactor.upsert({
			where: { userId: user.id },
			create: { userId: user.id, secret, pendingSecret: secret },
			update: { secret, pendingSecret: secret, enabledAt: null, lastUsedCounter: 0 },
		})
	}
	return enrolmentView(secret, user.email)
}

/** The enrolment in progress (the page is reloaded, or the code was wrong), or null. */
export async function pendingEnrolment(user: { id: string; email: string }): Promise<Enrolment | null> {
	const row = await prisma.twoFactor.findUnique({ where: { userId: user.id }, select: { pendingSecret: true } })
	return row?.pendingSecret ? enrolmentView(row.pendingSecret, user.email) : null
}

async function enrolmentView(secret: string, email: string): Promise<Enrolment> {
	const uri = totpKeyUri(secret, email)
	const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
	return { secretForDisplay: formatSecretForDisplay(secret), qrDataUri: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}` }
}

export type ConfirmResult = { ok: true; recoveryCodes: string[] } | { ok: false; error: 'no_enrolment' | 'invalid' }

/** Confirms the new app with its first code; the factor is in force from now, with fresh recovery codes. */
export async function confirmEnrolment(
	user: { id: string },
	code: string,
	meta: { ipAddress: string; actorId?: string },
	now = Date.now(),
): Promise<ConfirmResult> {
	const row = await prisma.twoFactor.findUnique({ where: { userId: user.id } })
	if (!row?.pendingSecret) return { ok: false, error: 'no_enrolment' }
	const matched = matchTotp(row.pendingSecret, code, now, 0)
	if (typeof matched !== 'number') return { ok: false, error: 'invalid' }
	const recoveryCodes = generateRecoveryCodes()
	const reenrolment = Boolean(row.enabledAt)
	await prisma.$transaction([
		prisma.twoFactor.update({
			where: { userId: user.id },
			data: { secret: row.pendingSecret, pendingSecret: '', enabledAt: new Date(now), lastUsedCounter: matched },
		}),
		prisma.recoveryCode.deleteMany({ where: { userId: user.id } }),
		prisma.recoveryCode.createMany({
			data: recoveryCodes.map((c) => ({ id: crypto.randomUUID(), userId: user.id, codeHash: hashRecoveryCode(c) })),
		}),
	])
	await audit({
		action: reenrolment ? 'auth.two_factor_reenrolled' : 'auth.two_factor_enrolled',
		userId: user.id,
		ipAddress: meta.ipAddress,
		target: `user:${user.id}`,
	})
	return { ok: true, recoveryCodes }
}

export type SecondFactorCheck = { ok: true; method: 'totp' | 'recovery' } | { ok: false; reason: 'invalid' | 'replayed' | 'not_enrolled' }

/**
 * Checks a code from the app or a recovery code. A TOTP code is accepted once: the step it
 * matched is stored, and the update only succeeds if no other request stored that step first.
 */
export async function verifySecondFactor(userId: string, input: string, now = Date.now()): Promise<SecondFactorCheck> {
	const row = await prisma.twoFactor.findUnique({ where: { userId } })
	if (!row?.enabledAt) return { ok: false, reason: 'not_enrolled' }
	if (looksLikeRecoveryCode(input)) {
		const used = await prisma.recoveryCode.updateMany({
			where: { userId, codeHash: hashRecoveryCode(input), usedAt: null },
			data: { usedAt: new Date(now) },
		})
		return used.count === 1 ? { ok: true, method: 'recovery' } : { ok: false, reason: 'invalid' }
	}
	const matched = matchTotp(row.secret, input, now, row.lastUsedCounter)
	if (matched === 'replayed') return { ok: false, reason: 'replayed' }
	if (matched === null) return { ok: false, reason: 'invalid' }
	const stored = await prisma.twoFactor.updateMany({
		where: { userId, lastUsedCounter: { lt: matched } },
		data: { lastUsedCounter: matched },
	})
	return stored.count === 1 ? { ok: true, method: 'totp' } : { ok: false, reason: 'replayed' }
}

/** New recovery codes (the old ones stop working); asks for a current code first. */
export async function regenerateRecoveryCodes(
	userId: string,
	code: string,
	meta: { ipAddress: string },
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false }> {
	const check = await verifySecondFactor(userId, code)
	if (!check.ok || check.method !== 'totp') return { ok: false }
	const recoveryCodes = generateRecoveryCodes()
	await prisma.$transaction([
		prisma.recoveryCode.deleteMany({ where: { userId } }),
		prisma.recoveryCode.createMany({ data: recoveryCodes.map((c) => ({ id: crypto.randomUUID(), userId, codeHash: hashRecoveryCode(c) })) }),
	])
	await audit({ action: 'auth.recovery_codes_regenerated', userId, ipAddress: meta.ipAddress, target: `user:${userId}` })
	return { ok: true, recoveryCodes }
}

/** 本人 / family (or staff whose organisations do not require it) may turn the factor off with a current code. */
export async function turnOffSecondFactor(
	user: { id: string; role: string },
	code: string,
	meta: { ipAddress: string },
): Promise<{ ok: true } | { ok: false; error: 'required' | 'invalid' }> {
	const status = await twoFactorStatus(user)
	if (!status.mayTurnOff) return { ok: false, error: 'required' }
	const check = await verifySecondFactor(user.id, code)
	if (!check.ok) return { ok: false, error: 'invalid' }
	await removeSecondFactor(user.id)
	await audit({ action: 'auth.two_factor_disabled', userId: user.id, ipAddress: meta.ipAddress, target: `user:${user.id}` })
	return { ok: true }
}

async function removeSecondFactor(userId: string): Promise<void> {
	await prisma.$transaction([
		prisma.twoFactor.deleteMany({ where: { userId } }),
		prisma.recoveryCode.deleteMany({ where: { userId } }),
	])
}

/**
 * An administrator resets someone's factor (lost phone, all recovery codes gone): the factor and
 * codes are removed and every session ends; at the next sign-in the person sets up a new app.
 */
export async function resetSecondFactor(
	actor: Actor,
	targetUserId: string,
	meta: { ipAddress: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
	if (!canResetSecondFactor(actor, { id: targetUserId })) return { ok: false, message: 'この操作を行う権限がありません' }
	const target = await prisma.user.findUnique({ where: { id: targetUserId }, select: { id: true } })
	if (!target) return { ok: false, message: 'アカウントが見つかりません' }
	await removeSecondFactor(targetUserId)
	await invalidateUserSessions(targetUserId)
	await audit({ action: 'account.two_factor_reset', userId: actor.id, ipAddress: meta.ipAddress, target: `user:${targetUserId}` })
	return { ok: true }
}

/** Organisations with staff, and whether their staff must use a second factor (admin page). */
export async function listTwoFactorPolicies() {
	const rows = await prisma.organization.findMany({
		where: { memberships: { some: {} } },
		select: { id: true, name: true, kind: true, requireStaffTwoFactor: true, _count: { select: { memberships: true } } },
		orderBy: [{ kind: 'asc' }, { name: 'asc' }],
	})
	return rows.map((r) => ({ id: r.id, name: r.name, required: r.requireStaffTwoFactor, members: r._count.memberships }))
}

/** An administrator turns the staff requirement of one organisation on or off (audited). */
export async function setTwoFactorPolicy(
	actor: Actor,
	organizationId: string,
	required: boolean,
	meta: { ipAddress: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
	if (!canSetTwoFactorPolicy(actor)) return { ok: false, message: 'この操作を行う権限がありません' }
	const org = await prisma.organization.findUnique({ where: { id: organizationId }, select: { id: true, requireStaffTwoFactor: true } })
	if (!org) return { ok: false, message: '事業所・機関が見つかりません' }
	if (org.requireStaffTwoFactor === required) return { ok: true }
	await prisma.organization.update({ where: { id: organizationId }, data: { requireStaffTwoFactor: required } })
	await audit({
		action: 'organization.two_factor_policy',
		userId: actor.id,
		target: `organization:${organizationId}`,
		ipAddress: meta.ipAddress,
		detail: { required },
	})
	return { ok: true }
}
