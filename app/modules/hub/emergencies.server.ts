import { audit } from '#app/modules/audit/audit.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { loadOpenCycle, startCycle, takeStep } from '#app/modules/cycle/cycle.server.ts'
import { createNotifications, type NewNotification } from '#app/modules/notifications/notifications.server.ts'
import { canRecordEmergency, canStartRevisionFromEmergency, registeredHubOf, teamRoleFor, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatJstDateTime, toJstDate } from '#app/utils/dates.ts'
import { activeSpecialists } from './hub.server.ts'
import { EMERGENCY_CATEGORY_LABELS, labelOfCode } from './labels.ts'
import type { EmergencyData } from './schemas.ts'

/**
 * 緊急対応記録 (issue #12): a call and what was done, services provided outside the plan, the
 * hand-off to the specialist — who is notified at once and opens a plan revision from it.
 */

export type EmergencyResult = { ok: true; id: string } | { ok: false; status: 400 | 403 | 404 | 409; errors: string[] }

type ServiceRow = { serviceType: string; providerName: string; fromDate: string; toDate: string; note: string }

export async function createEmergency(actor: Actor, scope: ClientScope, data: EmergencyData, services: readonly ServiceRow[], today: string, meta: RequestMeta): Promise<EmergencyResult> {
	if (!canRecordEmergency(actor, scope, today)) return { ok: false, status: 403, errors: ['この方の緊急対応を記録する権限がありません'] }
	// The hub that answered: the coordinator's registered hub, or the hub of their team row.
	let hubOrganizationId = registeredHubOf(actor, scope)
	if (!hubOrganizationId && teamRoleFor(actor, scope, today) === 'hub_coordinator') {
		hubOrganizationId = scope.team.find((r) => r.userId === actor.id && r.role === 'hub_coordinator')?.organizationId ?? null
	}
	if (!hubOrganizationId) hubOrganizationId = scope.hubRegistrations?.[0]?.hubOrganizationId ?? null
	const providers = await prisma.organization.findMany({ where: { name: { in: services.map((s) => s.providerName) } }, select: { id: true, name: true } })
	const providerId = new Map(providers.map((p) => [p.name, p.id]))
	const specialists = await activeSpecialists(scope, today)
	const id = newId('emr')
	const category = labelOfCode(EMERGENCY_CATEGORY_LABELS, data.category)
	const outside = services.map((s) => `${s.serviceType}（${s.providerName}）`).join('、')
	await prisma.$transaction(async (tx) => {
		await tx.emergencyResponse.create({
			data: {
				id,
				clientId: scope.id,
				hubOrganizationId,
				occurredAt: data.occurredAt,
				callerName: data.callerName,
				callerRelation: data.callerRelation,
				category: data.category,
				situation: data.situation,
				actionsTaken: data.actionsTaken,
				contacted: data.contacted,
				handoffNote: data.handoffNote,
				recordedById: actor.id,
				services: {
					create: services.map((s) => ({ id: newId('esv'), serviceType: s.serviceType, providerName: s.providerName, providerOrganizationId: providerId.get(s.providerName) ?? null, fromDate: s.fromDate, toDate: s.toDate, note: s.note })),
				},
			},
		})
		// The person's specialist learns of it at once, in the same transaction as the record.
		const rows: NewNotification[] = specialists.map((s) => ({
			userId: s.userId,
			clientId: scope.id,
			kind: 'emergency_response',
			actorId: actor.id,
			excerpt: `${formatJstDateTime(data.occurredAt)} ${category}${outside ? `／計画外のサービス：${outside}` : ''}`,
		}))
		await createNotifications(rows, tx)
	})
	await audit({
		action: 'emergency.create',
		userId: actor.id,
		clientId: scope.id,
		target: `emergency:${id}`,
		ipAddress: meta.ipAddress,
		detail: { category: data.category, services: services.length, notified: specialists.length },
	})
	return { ok: true, id }
}

export async function listEmergencies(clientId: string) {
	const rows = await prisma.emergencyResponse.findMany({ where: { clientId }, include: { services: true }, orderBy: { occurredAt: 'desc' } })
	const userIds = [...new Set(rows.flatMap((r) => [r.recordedById, r.revisionStartedById].filter((x): x is string => Boolean(x))))]
	const hubIds = [...new Set(rows.flatMap((r) => (r.hubOrganizationId ? [r.hubOrganizationId] : [])))]
	const [users, hubs] = await Promise.all([
		prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }),
		prisma.organization.findMany({ where: { id: { in: hubIds } }, select: { id: true, name: true } }),
	])
	const user = new Map(users.map((u) => [u.id, u.displayName]))
	const hub = new Map(hubs.map((h) => [h.id, h.name]))
	return rows.map((r) => ({
		id: r.id,
		occurredAt: r.occurredAt.toISOString(),
		callerName: r.callerName,
		callerRelation: r.callerRelation,
		category: r.category,
		categoryLabel: labelOfCode(EMERGENCY_CATEGORY_LABELS, r.category),
		situation: r.situation,
		actionsTaken: r.actionsTaken,
		contacted: r.contacted,
		handoffNote: r.handoffNote,
		hubName: r.hubOrganizationId ? (hub.get(r.hubOrganizationId) ?? '') : '',
		recordedBy: user.get(r.recordedById) ?? '',
		services: r.services.map((s) => ({ id: s.id, serviceType: s.serviceType, providerName: s.providerName, fromDate: s.fromDate, toDate: s.toDate, note: s.note })),
		revisionCycleId: r.revisionCycleId,
		revisionStartedAt: r.revisionStartedAt?.toISOString() ?? null,
		revisionStartedBy: r.revisionStartedById ? (user.get(r.revisionStartedById) ?? '') : '',
	}))
}

/**
 * Opens a plan revision from an emergency: 見直し of a plan in force (the next cycle starts), a
 * first cycle when there is none, or — when a plan is already being drafted — that cycle. The
 * record remembers the cycle; a second press goes to the same one.
 */
export async function startRevisionFromEmergency(actor: Actor, scope: ClientScope, emergencyId: string, today: string, meta: RequestMeta): Promise<EmergencyResult & { cycleId?: string }> {
	if (!canStartRevisionFromEmergency(actor, scope, today)) return { ok: false, status: 403, errors: ['計画の見直しは相談支援専門員が行います'] }
	const emergency = await prisma.emergencyResponse.findUnique({ where: { id: emergencyId }, select: { id: true, clientId: true, occurredAt: true, category: true, revisionCycleId: true } })
	if (!emergency || emergency.clientId !== scope.id) return { ok: false, status: 404, errors: ['緊急対応の記録が見つかりません'] }
	if (emergency.revisionCycleId) return { ok: true, id: emergency.id, cycleId: emergency.revisionCycleId }
	const note = `${formatJstDateTime(emergency.occurredAt)}の緊急対応（${labelOfCode(EMERGENCY_CATEGORY_LABELS, emergency.category)}）を受けて、計画を見直すため。`
	const open = await loadOpenCycle(scope.id)
	let cycleId: string
	if (!open) {
		const started = await startCycle(actor, scope, 'specialist', today, meta)
		if (!started.ok) return { ok: false, status: started.status === 409 ? 409 : 400, errors: started.errors }
		cycleId = started.cycleId
	} else if (open.state === 'active' || open.state === 'monitoring') {
		const revised = await takeStep(actor, scope, 'revise', { note }, today, meta)
		if (!revised.ok) return { ok: false, status: revised.status === 409 ? 409 : 400, errors: revised.errors }
		cycleId = revised.cycleId
	} else {
		// A plan is already being drafted: the emergency is taken into that one.
		cycleId = open.id
	}
	const claimed = await prisma.emergencyResponse.updateMany({
		where: { id: emergency.id, revisionCycleId: null },
		data: { revisionCycleId: cycleId, revisionStartedAt: new Date(), revisionStartedById: actor.id },
	})
	if (claimed.count === 1) {
		await audit({ action: 'emergency.revision', userId: actor.id, clientId: scope.id, target: `emergency:${emergency.id}`, ipAddress: meta.ipAddress, detail: { cycleId, day: toJstDate(new Date()) } })
	}
	return { ok: true, id: emergency.id, cycleId }
}

/** The emergency a revision was opened from (the cycle page's ?emergency=…), for its note. */
export async function emergencyRevisionSource(clientId: string, emergencyId: string | null) {
	if (!emergencyId || !/^[A-Za-z0-9_-]{1,64}$/.test(emergencyId)) return null
	const e = await prisma.emergencyResponse.findUnique({ where: { id: emergencyId }, select: { clientId: true, occurredAt: true, category: true } })
	if (!e || e.clientId !== clientId) return null
	const label = `${formatJstDateTime(e.occurredAt)}の緊急対応（${labelOfCode(EMERGENCY_CATEGORY_LABELS, e.category)}）`
	return { label, note: `${label}を受けて、計画を見直すため。` }
}

/** The client page's 拠点・緊急対応 card: registration, the latest emergencies, grants on the person. */
export async function clientHubPanel(clientId: string) {
	const [registration, emergencies, grants] = await Promise.all([
		prisma.hubRegistration.findFirst({ where: { clientId, status: 'active' }, select: { registeredOn: true, reviewOn: true, hubOrganizationId: true, migrated: true } }),
		prisma.emergencyResponse.findMany({ where: { clientId }, orderBy: { occurredAt: 'desc' }, take: 3, select: { id: true, occurredAt: true, category: true, revisionCycleId: true, services: { select: { serviceType: true, providerName: true } } } }),
		prisma.emergencyAccessGrant.count({ where: { clientId, reviewOutcome: '' } }),
	])
	const hub = registration?.hubOrganizationId ? await prisma.organization.findUnique({ where: { id: registration.hubOrganizationId }, select: { name: true } }) : null
	return {
		registration: registration ? { hubName: hub?.name ?? '', registeredOn: registration.registeredOn, reviewOn: registration.reviewOn, migrated: registration.migrated } : null,
		emergencies: emergencies.map((e) => ({
			id: e.id,
			occurredAt: e.occurredAt.toISOString(),
			categoryLabel: labelOfCode(EMERGENCY_CATEGORY_LABELS, e.category),
			services: e.services.map((s) => `${s.serviceType}（${s.providerName}）`),
			revised: e.revisionCycleId !== null,
		})),
		unreviewedGrants: grants,
	}
}
