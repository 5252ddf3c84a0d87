import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { loadClientScope } from '#app/modules/authz.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { createNotifications } from '#app/modules/notifications/notifications.server.ts'
import {
	canEndEmergencyAccess,
	canReviewEmergencyAccess,
	configuredEmergencyHours,
	EMERGENCY_ACCESS_REFUSALS,
	emergencyAccessRefusal,
	type Actor,
} from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { addDays, todayJst } from '#app/utils/dates.ts'
import { activeSpecialists, hubsOfActor, municipalityCityOf, officeManagersOf } from './hub.server.ts'
import { EMERGENCY_ACCESS_REASON_LABELS, labelOfCode, REVIEW_OVERDUE_DAYS, type ReviewOutcome } from './labels.ts'
import type { BreakGlassData } from './schemas.ts'

/**
 * 緊急時アクセス (break-glass, issue #12; decision 0012). A grant is a row; the policy module reads
 * the grants in force from the client scope (authz.server.ts loadClientScope), so HTTP and the
 * websocket decide alike. Ending a grant emits the same authorization event as a care-team
 * change: the collaboration server re-decides the person's open sockets and closes those that
 * rested on it; expiry closes them by timer (server/collab/revocation.ts).
 */

/** The deployment's grant length in hours (KIZUNA_EMERGENCY_ACCESS_HOURS, default 24, ≤ 72). */
export function emergencyAccessHours(): number {
	return configuredEmergencyHours(process.env.KIZUNA_EMERGENCY_ACCESS_HOURS)
}

export type GrantResult = { ok: true; id: string; clientId: string } | { ok: false; status: 400 | 403 | 404 | 409; errors: string[] }

/**
 * Finds people of the hub's municipality by full name (kanji or kana, spaces ignored) and birth
 * date — what a caller on the phone can tell. Both are required, so the search never lists the
 * municipality's residents; an empty answer says nothing about who exists elsewhere.
 */
export async function searchForEmergency(actor: Actor, query: { name: string; birthDate: string }, meta: RequestMeta) {
	const hubs = await hubsOfActor(actor)
	if (hubs.length === 0) return { ok: false as const, errors: [EMERGENCY_ACCESS_REFUSALS.not_hub_staff] }
	const name = query.name.normalize('NFKC').replace(/\s+/g, '')
	if (name.length < 2 || !/^\d{4}-\d{2}-\d{2}$/.test(query.birthDate)) return { ok: false as const, errors: ['氏名（2文字以上）と生年月日の両方を入力してください'] }
	const cities = hubs.map((h) => h.city)
	const municipalities = await prisma.organization.findMany({ where: { kind: 'municipality', city: { in: cities } }, select: { id: true } })
	const candidates = await prisma.client.findMany({
		where: { birthDate: query.birthDate, municipalityId: { in: municipalities.map((m) => m.id) }, closedAt: null },
		select: { id: true, familyName: true, givenName: true, familyNameKana: true, givenNameKana: true, birthDate: true },
	})
	const matches = candidates.filter((c) => `${c.familyName}${c.givenName}` === name || `${c.familyNameKana}${c.givenNameKana}` === name)
	await audit({ action: 'client.view', userId: actor.id, ipAddress: meta.ipAddress, target: 'emergency-search', detail: { page: 'emergency-search', matches: matches.length } })
	return { ok: true as const, matches: matches.map((c) => ({ id: c.id, name: `${c.familyName} ${c.givenName}`, kana: `${c.familyNameKana} ${c.givenNameKana}`, birthDate: c.birthDate })) }
}

export async function requestEmergencyAccess(actor: Actor, data: BreakGlassData, meta: RequestMeta): Promise<GrantResult> {
	const hours = emergencyAccessHours()
	if (data.hours > hours) return { ok: false, status: 400, errors: [`有効時間は最長${hours}時間です。それより長くはできません`] }
	const hubs = await hubsOfActor(actor)
	if (hubs.length === 0) return refuse(actor, data.clientId, 403, EMERGENCY_ACCESS_REFUSALS.not_hub_staff, meta)
	const scope = await loadClientScope(data.clientId)
	if (!scope) return refuse(actor, null, 404, '対象の方が見つかりません。氏名と生年月日で検索し直してください', meta)
	const city = await municipalityCityOf(scope.id)
	const today = todayJst()
	// The hub whose municipality the person belongs to (a worker of several hubs uses that one).
	const hub = hubs.find((h) => h.city === city) ?? hubs[0]
	const refusal = emergencyAccessRefusal(actor, { organizationId: hub.id, city: hub.city }, { ...scope, municipalityCity: city }, today)
	if (refusal) return refuse(actor, scope.id, refusal === 'already_active' || refusal === 'on_team' ? 409 : 403, EMERGENCY_ACCESS_REFUSALS[refusal], meta)
	const id = newId('bgl')
	const now = new Date()
	const expiresAt = new Date(now.getTime() + data.hours * 3_600_000)
	const recipients = [...(await activeSpecialists(scope, today)).map((s) => s.userId), ...(await officeManagersOf(scope, today))]
	const actorName = (await prisma.user.findUnique({ where: { id: actor.id }, select: { displayName: true } }))?.displayName ?? ''
	await prisma.$transaction(async (tx) => {
		await tx.emergencyAccessGrant.create({
			data: { id, userId: actor.id, clientId: scope.id, hubOrganizationId: hub.id, reasonCategory: data.reasonCategory, reasonText: data.reasonText, createdAt: now, expiresAt },
		})
		// The specialist and the office manager learn of it at once.
		await createNotifications(
			recipients.map((userId) => ({
				userId,
				clientId: scope.id,
				kind: 'emergency_access' as const,
				actorId: actor.id,
				excerpt: `${hub.name} ${actorName}：${labelOfCode(EMERGENCY_ACCESS_REASON_LABELS, data.reasonCategory)}（${data.hours}時間）${data.reasonText}`,
			})),
			tx,
		)
	})
	emitAuthzEvent({ type: 'client-team-changed', clientId: scope.id })
	await audit({
		action: 'emergency_access.grant',
		userId: actor.id,
		clientId: scope.id,
		target: `grant:${id}`,
		ipAddress: meta.ipAddress,
		detail: { grantId: id, hub: hub.id, reason: data.reasonCategory, hours: data.hours, expiresAt: expiresAt.toISOString(), notified: recipients.length },
	})
	return { ok: true, id, clientId: scope.id }
}

async function refuse(actor: Actor, clientId: string | null, status: 403 | 404 | 409, message: string, meta: RequestMeta): Promise<GrantResult> {
	await audit({ action: 'authz.denied', outcome: 'denied', userId: actor.id, clientId, target: clientId ? `client:${clientId}` : '', ipAddress: meta.ipAddress, detail: { attempted: 'emergency_access.grant', message } })
	return { ok: false, status, errors: [message] }
}

export async function endEmergencyAccess(actor: Actor, grantId: string, meta: RequestMeta): Promise<GrantResult> {
	const grant = /^[A-Za-z0-9_-]{1,64}$/.test(grantId) ? await prisma.emergencyAccessGrant.findUnique({ where: { id: grantId } }) : null
	if (!grant) return { ok: false, status: 404, errors: ['緊急時アクセスが見つかりません'] }
	const scope = await loadClientScope(grant.clientId)
	if (!scope || !canEndEmergencyAccess(actor, grant, scope, todayJst())) return { ok: false, status: 404, errors: ['緊急時アクセスが見つかりません'] }
	if (grant.endedAt || grant.expiresAt <= new Date()) return { ok: false, status: 409, errors: ['この緊急時アクセスはすでに終了しています'] }
	const ended = await prisma.emergencyAccessGrant.updateMany({ where: { id: grant.id, endedAt: null }, data: { endedAt: new Date(), endedById: actor.id } })
	if (ended.count !== 1) return { ok: false, status: 409, errors: ['この緊急時アクセスはすでに終了しています'] }
	// Same path as a care-team change: open sockets resting on the grant close at once.
	emitAuthzEvent({ type: 'client-team-changed', clientId: grant.clientId })
	await audit({ action: 'emergency_access.end', userId: actor.id, clientId: grant.clientId, target: `grant:${grant.id}`, ipAddress: meta.ipAddress, detail: { grantId: grant.id, byHolder: grant.userId === actor.id } })
	return { ok: true, id: grant.id, clientId: grant.clientId }
}

/** The actor's grants in force (the red banner), newest first. */
export async function activeGrantsOf(userId: string) {
	const grants = await prisma.emergencyAccessGrant.findMany({ where: { userId, endedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: 'desc' } })
	const clients = await prisma.client.findMany({ where: { id: { in: grants.map((g) => g.clientId) } }, select: { id: true, familyName: true, givenName: true } })
	const name = new Map(clients.map((c) => [c.id, `${c.familyName} ${c.givenName}`]))
	return grants.map((g) => ({ id: g.id, clientId: g.clientId, clientName: name.get(g.clientId) ?? '', expiresAt: g.expiresAt.toISOString() }))
}

export type GrantView = Awaited<ReturnType<typeof grantViews>>[number]

async function grantViews(rows: Awaited<ReturnType<typeof prisma.emergencyAccessGrant.findMany>>) {
	const userIds = [...new Set(rows.flatMap((g) => [g.userId, g.endedById, g.reviewedById].filter((x): x is string => Boolean(x))))]
	const [users, clients, hubs, views] = await Promise.all([
		prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }),
		prisma.client.findMany({ where: { id: { in: rows.map((g) => g.clientId) } }, select: { id: true, familyName: true, givenName: true } }),
		prisma.organization.findMany({ where: { id: { in: rows.map((g) => g.hubOrganizationId) } }, select: { id: true, name: true } }),
		prisma.auditLog.findMany({ where: { action: 'emergency_access.view', target: { in: rows.map((g) => `grant:${g.id}`) } }, select: { target: true } }),
	])
	const user = new Map(users.map((u) => [u.id, u.displayName]))
	const client = new Map(clients.map((c) => [c.id, `${c.familyName} ${c.givenName}`]))
	const hub = new Map(hubs.map((h) => [h.id, h.name]))
	const viewCount = new Map<string, number>()
	for (const v of views) viewCount.set(v.target, (viewCount.get(v.target) ?? 0) + 1)
	const now = Date.now()
	return rows.map((g) => ({
		id: g.id,
		clientId: g.clientId,
		clientName: client.get(g.clientId) ?? '',
		userName: user.get(g.userId) ?? '',
		hubName: hub.get(g.hubOrganizationId) ?? '',
		reasonLabel: labelOfCode(EMERGENCY_ACCESS_REASON_LABELS, g.reasonCategory),
		reasonText: g.reasonText,
		createdAt: g.createdAt.toISOString(),
		expiresAt: g.expiresAt.toISOString(),
		endedAt: g.endedAt?.toISOString() ?? null,
		endedBy: g.endedById ? (user.get(g.endedById) ?? '') : '',
		inForce: !g.endedAt && g.expiresAt.getTime() > now,
		views: viewCount.get(`grant:${g.id}`) ?? 0,
		reviewOutcome: g.reviewOutcome,
		reviewNote: g.reviewNote,
		reviewedBy: g.reviewedById ? (user.get(g.reviewedById) ?? '') : '',
		reviewedAt: g.reviewedAt?.toISOString() ?? null,
	}))
}

/** Grants on one person (their 緊急対応 page). */
export async function grantsOfClient(clientId: string) {
	return grantViews(await prisma.emergencyAccessGrant.findMany({ where: { clientId }, orderBy: { createdAt: 'desc' } }))
}

/**
 * The office manager's review queue: grants on people they supervise, unreviewed first (then the
 * 50 most recent reviewed ones).
 */
export async function reviewQueue(actor: Actor, today: string) {
	if (actor.role !== 'office_manager') return { pending: [], reviewed: [] }
	const [pendingRows, reviewedRows] = await Promise.all([
		prisma.emergencyAccessGrant.findMany({ where: { reviewOutcome: '' }, orderBy: { createdAt: 'asc' } }),
		prisma.emergencyAccessGrant.findMany({ where: { reviewOutcome: { not: '' } }, orderBy: { reviewedAt: 'desc' }, take: 200 }),
	])
	const supervised = await supervisedFilter(actor, today)
	const pending = await grantViews(await filterAsync(pendingRows, (g) => supervised(g.clientId)))
	const reviewed = await grantViews((await filterAsync(reviewedRows, (g) => supervised(g.clientId))).slice(0, 50))
	return { pending, reviewed }
}

/** Unreviewed grants older than REVIEW_OVERDUE_DAYS days, for the office manager's dashboard. */
export async function overdueReviews(actor: Actor, today: string) {
	if (actor.role !== 'office_manager') return []
	const cutoff = new Date(`${addDays(today, -REVIEW_OVERDUE_DAYS)}T00:00:00+09:00`)
	const rows = await prisma.emergencyAccessGrant.findMany({ where: { reviewOutcome: '', createdAt: { lt: cutoff } }, orderBy: { createdAt: 'asc' } })
	const supervised = await supervisedFilter(actor, today)
	return grantViews(await filterAsync(rows, (g) => supervised(g.clientId)))
}

async function supervisedFilter(actor: Actor, today: string) {
	const cache = new Map<string, Promise<boolean>>()
	return (clientId: string) => {
		if (!cache.has(clientId)) cache.set(clientId, loadClientScope(clientId).then((scope) => Boolean(scope && canReviewEmergencyAccess(actor, scope, today))))
		return cache.get(clientId)!
	}
}

async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
	const out: T[] = []
	for (const item of items) if (await keep(item)) out.push(item)
	return out
}

export async function reviewEmergencyAccess(actor: Actor, grantId: string, review: { outcome: ReviewOutcome; note: string }, meta: RequestMeta): Promise<GrantResult> {
	const grant = /^[A-Za-z0-9_-]{1,64}$/.test(grantId) ? await prisma.emergencyAccessGrant.findUnique({ where: { id: grantId } }) : null
	if (!grant) return { ok: false, status: 404, errors: ['緊急時アクセスが見つかりません'] }
	const scope = await loadClientScope(grant.clientId)
	if (!scope || !canReviewEmergencyAccess(actor, scope, todayJst())) return { ok: false, status: 404, errors: ['緊急時アクセスが見つかりません'] }
	if (!grant.endedAt && grant.expiresAt > new Date()) return { ok: false, status: 409, errors: ['有効期間中の緊急時アクセスは確認できません。終了してから確認してください'] }
	const done = await prisma.emergencyAccessGrant.updateMany({
		where: { id: grant.id, reviewOutcome: '' },
		data: { reviewOutcome: review.outcome, reviewNote: review.note, reviewedById: actor.id, reviewedAt: new Date() },
	})
	if (done.count !== 1) return { ok: false, status: 409, errors: ['この緊急時アクセスはすでに確認済みです'] }
	await audit({ action: 'emergency_access.review', userId: actor.id, clientId: grant.clientId, target: `grant:${grant.id}`, ipAddress: meta.ipAddress, detail: { grantId: grant.id, outcome: review.outcome } })
	return { ok: true, id: grant.id, clientId: grant.clientId }
}
