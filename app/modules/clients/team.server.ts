import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { activeOn, isRowActive, notEndedOn, type Actor } from '#app/policies/index.ts'
import { isTeamRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import { newId, type RequestMeta } from './ids.server.ts'
import type { TeamAddData, TeamEndData } from './schemas.ts'

/**
 * A client's care team: who is on it, from when to when, and on what basis the client's
 * information is shared with them. Every change is audited and announced with
 * 'client-team-changed' so open collaboration sockets are re-checked at once.
 */

/** YYYY-MM-DD shifted by whole days. */
export function shiftDate(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number)
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

export type TeamMemberView = {
	id: string
	userId: string | null
	name: string
	hasAccount: boolean
	organizationId: string | null
	organizationName: string
	role: string
	relationship: string
	startsOn: string
	endsOn: string | null
	consentBasis: string
	consentOn: string
	note: string
	status: 'active' | 'upcoming' | 'ended'
}

/** The team split into members in force today, members starting later, and past members. */
export async function listTeam(clientId: string, today: string) {
	const rows = await prisma.careTeamMember.findMany({
		where: { clientId },
		select: {
			id: true,
			userId: true,
			externalName: true,
			organizationId: true,
			role: true,
			relationship: true,
			startsOn: true,
			endsOn: true,
			consentBasis: true,
			consentOn: true,
			note: true,
			user: { select: { displayName: true } },
			organization: { select: { name: true } },
		},
		orderBy: [{ startsOn: 'asc' }, { createdAt: 'asc' }],
	})
	const members: TeamMemberView[] = rows.map((row) => ({
		id: row.id,
		userId: row.userId,
		name: row.user?.displayName ?? row.externalName,
		hasAccount: row.userId !== null,
		organizationId: row.organizationId,
		organizationName: row.organization?.name ?? '',
		role: row.role,
		relationship: row.relationship,
		startsOn: row.startsOn,
		endsOn: row.endsOn,
		consentBasis: row.consentBasis,
		consentOn: row.consentOn,
		note: row.note,
		status: isRowActive(row, today) ? 'active' : row.startsOn > today && (row.endsOn === null || row.endsOn >= row.startsOn) ? 'upcoming' : 'ended',
	}))
	return {
		active: members.filter((m) => m.status === 'active'),
		upcoming: members.filter((m) => m.status === 'upcoming'),
		past: members.filter((m) => m.status === 'ended').reverse(),
	}
}
export type TeamListing = Awaited<ReturnType<typeof listTeam>>

/** Organisations to choose from when recording a member's affiliation. */
export async function listOrganizationOptions() {
	return prisma.organization.findMany({ select: { id: true, name: true, kind: true }, orderBy: [{ kind: 'asc' }, { name: 'asc' }] })
}

export type TeamChangeResult = { ok: true; memberId: string } | { ok: false; fieldErrors: Record<string, string[]> }

function fail(field: string, message: string): TeamChangeResult {
	return { ok: false, fieldErrors: { [field]: [message] } }
}

/**
 * Adds a member (caller has checked 'team.manage'). A person with an account joins with the
 * team role that follows from their account role and their current organisation; a person
 * without an account (e.g. 民生委員) is recorded by name and carries no access.
 */
export async function addTeamMember(
	actor: Actor,
	clientId: string,
	data: TeamAddData,
	today: string,
	meta: RequestMeta,
): Promise<TeamChangeResult> {
	let userId: string | null = null
	let role: string
	let organizationId: string | null = data.organizationId === '' ? null : data.organizationId
	let externalName = ''

	if (data.mode === 'account') {
		const user = await prisma.user.findUnique({
			where: { email: data.email },
			select: { id: true, role: true, clientId: true, disabledAt: true },
		})
		if (!user) return fail('email', 'このメールアドレスのアカウントは見つかりません')
		if (user.disabledAt) return fail('email', 'このアカウントは停止されています')
		if (!isTeamRole(user.role)) return fail('email', 'システム管理者はケアチームに追加できません')
		if (user.role === 'client_self' && user.clientId && user.clientId !== clientId) {
			return fail('email', 'この本人用アカウントは別の利用者のものです')
		}
		const existing = await prisma.careTeamMember.findFirst({
			where: { clientId, userId: user.id, ...notEndedOn(today) },
			select: { id: true },
		})
		if (existing) return fail('email', 'このアカウントはすでにチームに参加しています（または参加予定です）')
		const memberships = await prisma.organizationMembership.findMany({
			where: { userId: user.id, ...activeOn(today) },
			select: { organizationId: true },
			orderBy: { startsOn: 'asc' },
		})
		const orgIds = memberships.map((m) => m.organizationId)
		// The affiliation decides office-manager supervision, so it must be one the person really has.
		if (organizationId !== null && !orgIds.includes(organizationId)) {
			return fail('organizationId', '所属は、このアカウントが所属している事業所・機関から選んでください（空欄にすると自動で設定されます）')
		}
		organizationId ??= orgIds[0] ?? null
		userId = user.id
		role = user.role
	} else {
		role = data.role
		externalName = data.externalName
		if (organizationId !== null) {
			const org = await prisma.organization.findUnique({ where: { id: organizationId }, select: { id: true } })
			if (!org) return fail('organizationId', '所属を一覧から選択してください')
		}
	}

	const id = newId('team')
	await prisma.careTeamMember.create({
		data: {
			id,
			clientId,
			userId,
			externalName,
			organizationId,
			role,
			relationship: data.relationship,
			startsOn: data.startsOn,
			consentBasis: data.consentBasis,
			consentOn: data.consentOn,
			note: data.note,
		},
	})
	await audit({
		action: 'team.add',
		userId: actor.id,
		clientId,
		target: `team:${id}`,
		ipAddress: meta.ipAddress,
		detail: { role, member: userId ? `user:${userId}` : 'external', startsOn: data.startsOn, consentBasis: data.consentBasis },
	})
	emitAuthzEvent({ type: 'client-team-changed', clientId })
	return { ok: true, memberId: id }
}

/**
 * Ends a membership (caller has checked 'team.manage'). The last day is inclusive; "now" makes
 * yesterday the last day so access stops at once. The client's only specialist cannot be
 * ended: someone must remain responsible for the plan.
 */
export async function endTeamMember(
	actor: Actor,
	clientId: string,
	data: TeamEndData,
	today: string,
	meta: RequestMeta,
): Promise<TeamChangeResult> {
	const row = await prisma.careTeamMember.findFirst({
		where: { id: data.memberId, clientId },
		select: { id: true, userId: true, role: true, startsOn: true, endsOn: true },
	})
	if (!row) return fail('memberId', 'このメンバーは見つかりません')
	if (row.endsOn !== null && row.endsOn < today) return fail('memberId', 'このメンバーはすでに終了しています')

	let endsOn: string
	if (data.when === 'now') {
		const yesterday = shiftDate(today, -1)
		// A membership that has not started yet is cancelled: it ends the day before it would start.
		endsOn = row.startsOn > yesterday ? shiftDate(row.startsOn, -1) : yesterday
	} else {
		endsOn = data.endsOn
		if (endsOn < row.startsOn) return fail('endsOn', '最終日は参加開始日以降の日付にしてください')
	}

	if (row.role === 'specialist') {
		const successor = await prisma.careTeamMember.findFirst({
			where: { clientId, role: 'specialist', id: { not: row.id }, ...notEndedOn(today) },
			select: { id: true },
		})
		if (!successor) {
			return fail('memberId', '計画作成担当の相談支援専門員がいなくなるため終了できません。先に後任の相談支援専門員を追加してください')
		}
	}

	await prisma.careTeamMember.update({ where: { id: row.id }, data: { endsOn } })
	await audit({
		action: 'team.end',
		userId: actor.id,
		clientId,
		target: `team:${row.id}`,
		ipAddress: meta.ipAddress,
		detail: { role: row.role, member: row.userId ? `user:${row.userId}` : 'external', endsOn },
	})
	emitAuthzEvent({ type: 'client-team-changed', clientId })
	return { ok: true, memberId: row.id }
}
