import crypto from 'node:crypto'
import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { hashPassword, verifyPassword } from '#app/modules/auth/password.server.ts'
import { createSession, invalidateUserSessions } from '#app/modules/auth/session.server.ts'
import { PAIR_BACKOFF } from '#app/modules/auth/backoff.ts'
import { assessPassword } from '#app/modules/auth/password-strength.ts'
import { clearFailures, pairKey, recordFailure, waitUntil } from '#app/modules/auth/throttle.server.ts'
import { activeOn, canChangeAccountStatus, type Actor } from '#app/policies/index.ts'
import { ROLE_LABELS, isAccountRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import type { ChangePasswordData, CreateAccountData } from './schemas.ts'

/**
 * Accounts: one's own profile and password, and (for account managers) the account list,
 * creation and disabling. Disabling or changing credentials ends every session of the
 * person and tells the collaboration server, so open sockets close at once.
 */

export type RequestMeta = { ipAddress: string; userAgent?: string }

/** Name, role and current organisations of one account. */
export async function getProfile(userId: string, today: string) {
	const user = await prisma.user.findUnique({
		where: { id: userId },
		select: {
			id: true,
			email: true,
			displayName: true,
			displayNameKana: true,
			role: true,
			passwordChangedAt: true,
			memberships: {
				where: activeOn(today),
				select: { title: true, organization: { select: { id: true, name: true } } },
				orderBy: { startsOn: 'asc' },
			},
		},
	})
	if (!user) return null
	return {
		id: user.id,
		email: user.email,
		displayName: user.displayName,
		displayNameKana: user.displayNameKana,
		role: user.role,
		roleLabel: isAccountRole(user.role) ? ROLE_LABELS[user.role] : user.role,
		passwordChangedAt: user.passwordChangedAt.toISOString(),
		organizations: user.memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, title: m.title })),
	}
}
export type Profile = NonNullable<Awaited<ReturnType<typeof getProfile>>>

export type ChangePasswordResult =
	| { ok: true; token: string }
	| { ok: false; fieldErrors: Record<string, string[]>; formErrors?: string[] }

/**
 * Changes the user's own password after checking the current one. Wrong guesses count toward
 * the login throttle of the account (the form must not be a way around it). On success every
 * session of the user ends and a fresh one is made for the browser that asked.
 */
export async function changePassword(
	userId: string,
	data: ChangePasswordData,
	meta: RequestMeta,
): Promise<ChangePasswordResult> {
	const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, email: true, displayName: true, passwordHash: true } })
	if (!user) return { ok: false, fieldErrors: {}, formErrors: ['アカウントが見つかりません'] }
	// Guessing the current password through this form counts like guessing at sign-in, from this address.
	const keys = [{ key: pairKey(user.email, meta.ipAddress), rule: PAIR_BACKOFF }]
	if (await waitUntil(keys)) {
		await audit({ action: 'auth.password_changed', outcome: 'denied', userId, ipAddress: meta.ipAddress, detail: { reason: 'throttled' } })
		return {
			ok: false,
			fieldErrors: {},
			formErrors: ['パスワードの確認に失敗した回数が多いため、一時的に変更できません。15分ほどおいてから再度お試しください。'],
		}
	}
	if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
		await recordFailure(keys)
		await audit({ action: 'auth.password_changed', outcome: 'failed', userId, ipAddress: meta.ipAddress, detail: { reason: 'bad_current_password' } })
		return { ok: false, fieldErrors: { currentPassword: ['現在のパスワードが正しくありません'] } }
	}
	await clearFailures([keys[0].key])
	const strength = assessPassword(data.newPassword, [user.email, user.displayName])
	if (!strength.acceptable) {
		return { ok: false, fieldErrors: { newPassword: [strength.reason ?? '推測されやすいパスワードのため使えません。'] } }
	}
	const passwordHash = await hashPassword(data.newPassword)
	await prisma.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } })
	await invalidateUserSessions(userId)
	const { token } = await createSession(userId, { ipAddress: meta.ipAddress, userAgent: meta.userAgent })
	await audit({ action: 'auth.password_changed', userId, ipAddress: meta.ipAddress })
	return { ok: true, token }
}

/** Every account with its current organisations, for the account-management page. */
export async function listAccounts(today: string) {
	const users = await prisma.user.findMany({
		select: {
			id: true,
			email: true,
			displayName: true,
			displayNameKana: true,
			role: true,
			disabledAt: true,
			createdAt: true,
			twoFactor: { select: { enabledAt: true } },
			memberships: {
				where: activeOn(today),
				select: { title: true, organization: { select: { id: true, name: true } } },
			},
		},
		orderBy: [{ disabledAt: 'asc' }, { displayNameKana: 'asc' }, { email: 'asc' }],
	})
	return users.map((u) => ({
		id: u.id,
		email: u.email,
		displayName: u.displayName,
		displayNameKana: u.displayNameKana,
		role: u.role,
		roleLabel: isAccountRole(u.role) ? ROLE_LABELS[u.role] : u.role,
		disabled: u.disabledAt !== null,
		disabledAt: u.disabledAt?.toISOString() ?? null,
		twoFactorEnrolled: Boolean(u.twoFactor?.enabledAt),
		organizations: u.memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, title: m.title })),
	}))
}
export type AccountRow = Awaited<ReturnType<typeof listAccounts>>[number]

/** Organisations an account can be attached to. */
export async function listOrganizationChoices() {
	return prisma.organization.findMany({ select: { id: true, name: true, kind: true }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] })
}

export type AccountSaveResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]> }

/** Creates an account with an initial password (caller has checked 'account.manage'). */
export async function createAccount(
	actor: Actor,
	data: CreateAccountData,
	today: string,
	meta: RequestMeta,
): Promise<AccountSaveResult> {
	const taken = await prisma.user.findUnique({ where: { email: data.email }, select: { id: true } })
	if (taken) return { ok: false, fieldErrors: { email: ['このメールアドレスはすでに登録されています'] } }
	if (data.organizationId !== '') {
		const org = await prisma.organization.findUnique({ where: { id: data.organizationId }, select: { id: true } })
		if (!org) return { ok: false, fieldErrors: { organizationId: ['所属を一覧から選択してください'] } }
	}
	const strength = assessPassword(data.password, [data.email, data.displayName])
	if (!strength.acceptable) return { ok: false, fieldErrors: { password: [strength.reason ?? '推測されやすいパスワードのため使えません。'] } }
	const id = `user-${crypto.randomUUID()}`
	const passwordHash = await hashPassword(data.password)
	await prisma.user.create({
		data: {
			id,
			email: data.email,
			displayName: data.displayName,
			displayNameKana: data.displayNameKana,
			role: data.role,
			passwordHash,
			memberships:
				data.organizationId !== ''
					? { create: { id: `${id}-m1`, organizationId: data.organizationId, title: data.title, startsOn: today } }
					: undefined,
		},
	})
	await audit({
		action: 'account.create',
		userId: actor.id,
		target: `user:${id}`,
		ipAddress: meta.ipAddress,
		detail: { role: data.role, organizationId: data.organizationId || null },
	})
	return { ok: true, id }
}

export type AccountStatusResult = { ok: true } | { ok: false; message: string }

/**
 * Disables or re-enables an account. Disabling ends all of its sessions at once and tells
 * the collaboration server; the policy module refuses it for one's own account.
 */
export async function setAccountDisabled(
	actor: Actor,
	targetUserId: string,
	disabled: boolean,
	meta: RequestMeta,
): Promise<AccountStatusResult> {
	const action = disabled ? 'account.disable' : 'account.enable'
	if (!canChangeAccountStatus(actor, { id: targetUserId })) {
		await audit({ action, outcome: 'denied', userId: actor.id, target: `user:${targetUserId}`, ipAddress: meta.ipAddress })
		return { ok: false, message: actor.id === targetUserId ? '自分自身のアカウントは停止できません' : 'この操作を行う権限がありません' }
	}
	const target = await prisma.user.findUnique({ where: { id: targetUserId }, select: { id: true, disabledAt: true } })
	if (!target) return { ok: false, message: 'アカウントが見つかりません' }
	if (disabled && !target.disabledAt) {
		await prisma.user.update({ where: { id: targetUserId }, data: { disabledAt: new Date() } })
		await invalidateUserSessions(targetUserId)
	} else if (!disabled && target.disabledAt) {
		await prisma.user.update({ where: { id: targetUserId }, data: { disabledAt: null } })
	}
	emitAuthzEvent({ type: 'user-changed', userId: targetUserId })
	await audit({ action, userId: actor.id, target: `user:${targetUserId}`, ipAddress: meta.ipAddress })
	return { ok: true }
}

/** Accounts for the audit-log user filter (id and name only). */
export async function listAccountNames() {
	return prisma.user.findMany({ select: { id: true, displayName: true, email: true }, orderBy: { displayNameKana: 'asc' } })
}
