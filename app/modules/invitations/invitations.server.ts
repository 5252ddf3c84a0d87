import crypto from 'node:crypto'
import { Prisma } from '#app/generated/prisma/client.ts'
import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { hashPassword } from '#app/modules/auth/password.server.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import { FAILURE_COST, signInAddressLimiter } from '#app/modules/auth/throttle.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { canOnClient, isRowActive, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { toJstDate } from '#app/utils/dates.ts'
import { CODE_ALPHABET, CODE_LENGTH, INVITATION_REFUSALS, invitationStatus, normalizeCode, type InvitationStatus } from './codes.ts'
import type { AcceptInvitationData, InvitationData } from './schemas.ts'

/**
 * Accounts by invitation for 本人 and the family (issue #13). The specialist creates an
 * invitation from the care team; the code is shown once (link and printable sheet) and only its
 * SHA-256 is kept. Using it creates the account (password chosen by the person), the care-team
 * row and a session in one transaction; the invitation is marked used by a conditional update,
 * so two people racing with one code cannot both join. Withdrawn, used and expired codes are
 * refused with a message saying which.
 */

export function hashCode(code: string): string {
	return crypto.createHash('sha256').update(code).digest('hex')
}

/** 16 random base32 symbols (80 bits) from the platform CSPRNG. */
export function generateCode(): string {
	const bytes = crypto.randomBytes(CODE_LENGTH)
	let code = ''
	for (const b of bytes) code += CODE_ALPHABET[b & 31]
	return code
}

type Refusal = { ok: false; status: 400 | 403 | 404 | 409 | 410 | 429; errors: string[]; fieldErrors?: Record<string, string[]> }

export type CreatedInvitation = { ok: true; id: string; code: string; expiresAt: Date } | Refusal

export async function createInvitation(actor: Actor, scope: ClientScope, data: InvitationData, today: string, meta: RequestMeta, now = new Date()): Promise<CreatedInvitation> {
	if (!canOnClient(actor, 'team.manage', scope, today)) return { ok: false, status: 403, errors: ['この操作を行う権限がありません'] }
	if (data.role === 'client_self') {
		// One 本人 account per person: a second one would be a second identity for the same person.
		const existing = await prisma.careTeamMember.findMany({ where: { clientId: scope.id, role: 'client_self', userId: { not: null } }, select: { startsOn: true, endsOn: true } })
		if (existing.some((row) => isRowActive(row, today))) {
			return { ok: false, status: 409, errors: ['この方の本人用アカウントはすでにチームに参加しています'], fieldErrors: { role: ['この方の本人用アカウントはすでにチームに参加しています'] } }
		}
	}
	const code = generateCode()
	const id = newId('inv')
	const expiresAt = new Date(now.getTime() + data.validDays * 24 * 60 * 60 * 1000)
	await prisma.invitation.create({
		data: {
			id,
			clientId: scope.id,
			role: data.role,
			displayName: data.displayName,
			relationship: data.relationship,
			consentBasis: data.consentBasis,
			consentOn: data.consentOn,
			codeHash: hashCode(code),
			expiresAt,
			createdById: actor.id,
		},
	})
	await audit({ action: 'invitation.create', userId: actor.id, clientId: scope.id, target: `invitation:${id}`, ipAddress: meta.ipAddress, detail: { role: data.role, validDays: data.validDays } })
	return { ok: true, id, code, expiresAt }
}

export async function withdrawInvitation(actor: Actor, scope: ClientScope, invitationId: string, today: string, meta: RequestMeta): Promise<{ ok: true } | Refusal> {
	if (!canOnClient(actor, 'team.manage', scope, today)) return { ok: false, status: 403, errors: ['この操作を行う権限がありません'] }
	const row = await prisma.invitation.findFirst({ where: { id: invitationId, clientId: scope.id }, select: { id: true, usedAt: true, withdrawnAt: true, expiresAt: true } })
	if (!row) return { ok: false, status: 404, errors: ['この招待は見つかりません'] }
	const status = invitationStatus(row, new Date())
	if (status !== 'pending') return { ok: false, status: 409, errors: [status === 'used' ? 'この招待はすでに使われています。参加を終えるときは、メンバー一覧から終了してください' : 'この招待はすでに使えなくなっています'] }
	const changed = await prisma.invitation.updateMany({ where: { id: row.id, usedAt: null, withdrawnAt: null }, data: { withdrawnAt: new Date(), withdrawnById: actor.id } })
	if (changed.count !== 1) return { ok: false, status: 409, errors: ['この招待はすでに使えなくなっています'] }
	await audit({ action: 'invitation.withdraw', userId: actor.id, clientId: scope.id, target: `invitation:${row.id}`, ipAddress: meta.ipAddress })
	return { ok: true }
}

export type InvitationView = {
	id: string
	role: string
	displayName: string
	relationship: string
	status: InvitationStatus
	createdAt: string
	expiresAt: string
	createdByName: string
	usedAt: string | null
	joinedAs: string | null
	withdrawnAt: string | null
}

/** The team page's list: every invitation of the client with its state (who joined, when). */
export async function listInvitations(clientId: string, now = new Date()): Promise<InvitationView[]> {
	const rows = await prisma.invitation.findMany({ where: { clientId }, orderBy: { createdAt: 'desc' } })
	const userIds = [...new Set(rows.flatMap((r) => [r.createdById, r.usedByUserId].filter((x): x is string => Boolean(x))))]
	const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } })
	const name = new Map(users.map((u) => [u.id, u.displayName]))
	return rows.map((r) => ({
		id: r.id,
		role: r.role,
		displayName: r.displayName,
		relationship: r.relationship,
		status: invitationStatus(r, now),
		createdAt: r.createdAt.toISOString(),
		expiresAt: r.expiresAt.toISOString(),
		createdByName: name.get(r.createdById) ?? '',
		usedAt: r.usedAt?.toISOString() ?? null,
		joinedAs: r.usedByUserId ? (name.get(r.usedByUserId) ?? null) : null,
		withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
	}))
}

export type InvitationLookup =
	| { ok: true; code: string; role: string; displayName: string; clientName: string; expiresAt: string }
	| { ok: false; reason: keyof typeof INVITATION_REFUSALS; message: string }

/** What the join page shows for a code: the invitation, or plainly why it cannot be used. */
export async function lookupInvitation(input: string, now = new Date()): Promise<InvitationLookup> {
	const code = normalizeCode(input)
	const row = code ? await prisma.invitation.findUnique({ where: { codeHash: hashCode(code) } }) : null
	if (!code || !row) return { ok: false, reason: 'unknown', message: INVITATION_REFUSALS.unknown }
	const status = invitationStatus(row, now)
	if (status !== 'pending') return { ok: false, reason: status, message: INVITATION_REFUSALS[status] }
	const client = await prisma.client.findUnique({ where: { id: row.clientId }, select: { givenName: true, familyName: true } })
	return {
		ok: true,
		code,
		role: row.role,
		displayName: row.displayName,
		// Shown only to the holder of an 80-bit code that the specialist handed to this person.
		clientName: client ? `${client.familyName} ${client.givenName}` : '',
		expiresAt: row.expiresAt.toISOString(),
	}
}

export type AcceptResult = { ok: true; token: string; userId: string; clientId: string } | Refusal

/**
 * Uses an invitation: the account, its care-team row and a first session, in one transaction.
 * Unknown codes count against the address's login throttle (guessing codes is guessing passwords).
 */
export async function acceptInvitation(data: AcceptInvitationData, meta: RequestMeta & { userAgent?: string }, now = new Date()): Promise<AcceptResult> {
	// The same per-address budget as sign-in: each attempt spends a token, an unknown code more.
	if (!signInAddressLimiter().take(meta.ipAddress)) {
		return { ok: false, status: 429, errors: ['入力の失敗が続いたため、しばらく受け付けを止めています。数分おいてから、もう一度お試しください。'] }
	}
	const code = normalizeCode(data.code)
	const row = code ? await prisma.invitation.findUnique({ where: { codeHash: hashCode(code) } }) : null
	if (!code || !row) {
		signInAddressLimiter().charge(meta.ipAddress, FAILURE_COST - 1)
		await audit({ action: 'invitation.refused', outcome: 'denied', ipAddress: meta.ipAddress, detail: { reason: 'unknown' } })
		return { ok: false, status: 404, errors: [INVITATION_REFUSALS.unknown], fieldErrors: { code: [INVITATION_REFUSALS.unknown] } }
	}
	const status = invitationStatus(row, now)
	if (status !== 'pending') {
		await audit({ action: 'invitation.refused', outcome: 'denied', clientId: row.clientId, target: `invitation:${row.id}`, ipAddress: meta.ipAddress, detail: { reason: status } })
		return { ok: false, status: 410, errors: [INVITATION_REFUSALS[status]] }
	}
	if (await prisma.user.findUnique({ where: { email: data.login }, select: { id: true } })) {
		return { ok: false, status: 409, errors: ['このメールアドレス・ログインIDはすでに使われています。別のものにしてください'], fieldErrors: { login: ['このメールアドレス・ログインIDはすでに使われています。別のものにしてください'] } }
	}
	const passwordHash = await hashPassword(data.password)
	const userId = newId('user')
	const memberId = newId('team')
	const today = toJstDate(now)
	try {
		const joined = await prisma.$transaction(async (tx) => {
			const used = await tx.invitation.updateMany({
				where: { id: row.id, usedAt: null, withdrawnAt: null, expiresAt: { gt: now } },
				data: { usedAt: now, usedByUserId: userId },
			})
			if (used.count !== 1) return false
			await tx.user.create({
				data: {
					id: userId,
					email: data.login,
					displayName: data.displayName,
					passwordHash,
					role: row.role,
					clientId: row.role === 'client_self' ? row.clientId : null,
				},
			})
			await tx.careTeamMember.create({
				data: {
					id: memberId,
					clientId: row.clientId,
					userId,
					role: row.role,
					relationship: row.role === 'client_self' ? '本人' : row.relationship,
					startsOn: today,
					consentBasis: row.consentBasis,
					consentOn: row.consentOn,
					note: '招待コードで参加',
				},
			})
			return true
		})
		if (!joined) return { ok: false, status: 410, errors: [INVITATION_REFUSALS.used] }
	} catch (error) {
		if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
			return { ok: false, status: 409, errors: ['このメールアドレス・ログインIDはすでに使われています。別のものにしてください'], fieldErrors: { login: ['このメールアドレス・ログインIDはすでに使われています。別のものにしてください'] } }
		}
		throw error
	}
	emitAuthzEvent({ type: 'client-team-changed', clientId: row.clientId })
	await audit({ action: 'invitation.use', userId, clientId: row.clientId, target: `invitation:${row.id}`, ipAddress: meta.ipAddress, detail: { role: row.role, member: `team:${memberId}` } })
	await audit({ action: 'account.create', userId, ipAddress: meta.ipAddress, target: `user:${userId}`, detail: { role: row.role, via: 'invitation' } })
	const { token } = await createSession(userId, { ipAddress: meta.ipAddress, userAgent: meta.userAgent ?? '' }, now)
	return { ok: true, token, userId, clientId: row.clientId }
}
