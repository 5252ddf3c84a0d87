import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import { newId, type RequestMeta } from '#app/modules/clients/ids.server.ts'
import { activeOn, canPrepareHubRegistration, isHubStaff, isRowActive, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { addDays, ageOn } from '#app/utils/dates.ts'
import { HUB_REASON_LABELS, labelOfCode, NO_SPECIALIST_MESSAGE, REVIEW_DUE_WINDOW_DAYS } from './labels.ts'
import type { RegistrationData, RegistrationRows } from './schemas.ts'

/**
 * 地域生活支援拠点 (issue #12): hubs, 事前の利用登録 and the hub's roster. Authorization is the
 * policy module's (app/policies/hub.ts); this module loads and records.
 */

export type HubRecord = { id: string; name: string; city: string; phone: string; businessHours: string }

const HUB_SELECT = { id: true, name: true, city: true, phone: true, businessHours: true } as const

export async function loadHub(id: string): Promise<HubRecord | null> {
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null
	return prisma.organization.findFirst({ where: { id, kind: 'hub' }, select: HUB_SELECT })
}

/** The hub organisations the actor works for today (hub staff only). */
export async function hubsOfActor(actor: Actor): Promise<HubRecord[]> {
	if (!isHubStaff(actor) || actor.organizationIds.length === 0) return []
	return prisma.organization.findMany({ where: { id: { in: [...actor.organizationIds] }, kind: 'hub' }, select: HUB_SELECT, orderBy: { name: 'asc' } })
}

/** The city of the municipality that pays the person's benefits ('' when none is set). */
export async function municipalityCityOf(clientId: string): Promise<string | null> {
	const client = await prisma.client.findUnique({ where: { id: clientId }, select: { municipalityId: true } })
	if (!client?.municipalityId) return null
	const org = await prisma.organization.findFirst({ where: { id: client.municipalityId, kind: 'municipality' }, select: { city: true } })
	return org?.city ?? null
}

/** The person's active 相談支援専門員 (team rows with an account), newest first. */
export async function activeSpecialists(scope: ClientScope, today: string): Promise<Array<{ userId: string; organizationId: string | null }>> {
	return scope.team
		.filter((r) => r.role === 'specialist' && r.userId && isRowActive(r, today))
		.sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1))
		.map((r) => ({ userId: r.userId as string, organizationId: r.organizationId }))
}

/** Office managers of the person's consultation office(s): they supervise and review. */
export async function officeManagersOf(scope: ClientScope, today: string): Promise<string[]> {
	const offices = [...new Set((await activeSpecialists(scope, today)).flatMap((s) => (s.organizationId ? [s.organizationId] : [])))]
	if (offices.length === 0) return []
	const rows = await prisma.organizationMembership.findMany({
		where: { organizationId: { in: offices }, ...activeOn(today), user: { role: 'office_manager', disabledAt: null } },
		select: { userId: true },
	})
	return [...new Set(rows.map((r) => r.userId))]
}

// ---------------------------------------------------------------------------
// Registration form options and records

export async function registrationOptions(clientId: string) {
	const city = await municipalityCityOf(clientId)
	const hubs = await prisma.organization.findMany({ where: { kind: 'hub' }, select: { id: true, name: true, city: true }, orderBy: { name: 'asc' } })
	const hubIds = hubs.map((h) => h.id)
	const today = new Date().toISOString().slice(0, 10)
	const coordinators = await prisma.organizationMembership.findMany({
		where: { organizationId: { in: hubIds }, ...activeOn(today), user: { role: 'hub_coordinator', disabledAt: null } },
		select: { organizationId: true, user: { select: { id: true, displayName: true } } },
	})
	const coreCenters = await prisma.organization.findMany({ where: { kind: 'core_center' }, select: { id: true, name: true, city: true }, orderBy: { name: 'asc' } })
	return {
		municipalityCity: city,
		// Only hubs of the person's municipality: a hub serves its own city.
		hubs: hubs.filter((h) => city !== null && h.city === city),
		coordinators: coordinators.map((c) => ({ hubOrganizationId: c.organizationId, id: c.user.id, name: c.user.displayName })),
		coreCenters: coreCenters.filter((c) => city === null || c.city === city),
	}
}

export type SaveResult = { ok: true; id: string } | { ok: false; status: 400 | 403 | 404 | 409; errors: string[]; fieldErrors?: Record<string, string[]> }


/**
 * Writes a registration (new, or a change of an active one) with its prior arrangements and
 * trial stays, replacing the rows of those groups. All checks run before anything is written.
 */
export async function saveRegistration(
	actor: Actor,
	scope: ClientScope,
	data: RegistrationData,
	rows: RegistrationRows,
	today: string,
	meta: RequestMeta,
	existingId: string | null,
): Promise<SaveResult> {
	if (!canPrepareHubRegistration(actor, scope, today)) return { ok: false, status: 403, errors: ['この方の拠点登録を作成・変更する権限がありません'] }
	const fieldErrors: Record<string, string[]> = {}
	const hub = await loadHub(data.hubOrganizationId)
	const city = await municipalityCityOf(scope.id)
	if (!hub) fieldErrors.hubOrganizationId = ['登録先の拠点を一覧から選んでください']
	else if (!city || hub.city !== city) fieldErrors.hubOrganizationId = ['この拠点の対象市町村（支給決定を行う市町村）の方ではないため、登録できません']
	if (hub && data.coordinatorId) {
		const member = await prisma.organizationMembership.findFirst({
			where: { userId: data.coordinatorId, organizationId: hub.id, ...activeOn(today), user: { role: 'hub_coordinator', disabledAt: null } },
			select: { id: true },
		})
		if (!member) fieldErrors.coordinatorId = ['担当コーディネーターはこの拠点のコーディネーターから選んでください']
	}
	const specialist = (await activeSpecialists(scope, today))[0] ?? null
	if (data.coreCenterOrganizationId) {
		const core = await prisma.organization.findFirst({ where: { id: data.coreCenterOrganizationId, kind: 'core_center' }, select: { id: true } })
		if (!core) fieldErrors.coreCenterOrganizationId = ['基幹相談支援センターを一覧から選んでください']
	}
	if (!specialist && (!data.coreCenterOrganizationId || data.coreCenterNote === '')) {
		fieldErrors.coreCenterOrganizationId = [NO_SPECIALIST_MESSAGE]
	}
	if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, errors: Object.values(fieldErrors).flat(), fieldErrors }

	let existing: { id: string; status: string; clientId: string } | null = null
	if (existingId) {
		existing = await prisma.hubRegistration.findUnique({ where: { id: existingId }, select: { id: true, status: true, clientId: true } })
		if (!existing || existing.clientId !== scope.id) return { ok: false, status: 404, errors: ['拠点登録が見つかりません'] }
		if (existing.status !== 'active') return { ok: false, status: 409, errors: ['終了した拠点登録は変更できません'] }
	} else {
		const duplicate = await prisma.hubRegistration.findFirst({ where: { clientId: scope.id, hubOrganizationId: hub!.id, status: 'active' }, select: { id: true } })
		if (duplicate) return { ok: false, status: 409, errors: ['この拠点への登録はすでにあります。既存の登録を変更してください'] }
	}
	const id = existing?.id ?? newId('hreg')
	const record = {
		hubOrganizationId: hub!.id,
		coordinatorId: data.coordinatorId || null,
		registeredOn: data.registeredOn,
		reasons: data.reasons.join(','),
		reasonOther: data.reasons.includes('other') ? data.reasonOther : '',
		consentBy: data.consentBy,
		consentRelation: data.consentRelation,
		consentMethod: data.consentMethod,
		consentOn: data.consentOn,
		specialistId: specialist?.userId ?? null,
		coreCenterOrganizationId: data.coreCenterOrganizationId || null,
		coreCenterNote: data.coreCenterNote,
		reviewOn: data.reviewOn,
		migrated: false,
	}
	await prisma.$transaction(async (tx) => {
		if (existing) {
			await tx.hubRegistration.update({ where: { id }, data: record })
			await tx.hubArrangement.deleteMany({ where: { registrationId: id } })
			await tx.hubTrialStay.deleteMany({ where: { registrationId: id } })
		} else {
			await tx.hubRegistration.create({ data: { id, clientId: scope.id, createdById: actor.id, ...record } })
		}
		for (const [i, a] of rows.arrangements.entries()) {
			await tx.hubArrangement.create({ data: { id: newId('harr'), registrationId: id, serviceType: a.serviceType, providerName: a.providerName, conditions: a.conditions, agreedOn: a.agreedOn, sortOrder: i } })
		}
		for (const t of rows.trials) {
			await tx.hubTrialStay.create({ data: { id: newId('htrl'), registrationId: id, serviceType: t.serviceType, providerName: t.providerName, fromDate: t.fromDate, toDate: t.toDate, note: t.note } })
		}
	})
	// Who may read the person's emergency sheet changed (the hub's coordinators).
	emitAuthzEvent({ type: 'client-team-changed', clientId: scope.id })
	await audit({
		action: existing ? 'hub.registration.update' : 'hub.registration.create',
		userId: actor.id,
		clientId: scope.id,
		target: `hub-registration:${id}`,
		ipAddress: meta.ipAddress,
		detail: { hub: hub!.id, reasons: data.reasons, arrangements: rows.arrangements.length, trials: rows.trials.length, withoutSpecialist: !specialist },
	})
	return { ok: true, id }
}

export async function endRegistration(actor: Actor, scope: ClientScope, id: string, data: { endedOn: string; endReason: string }, today: string, meta: RequestMeta): Promise<SaveResult> {
	if (!canPrepareHubRegistration(actor, scope, today)) return { ok: false, status: 403, errors: ['この方の拠点登録を終了する権限がありません'] }
	const existing = await prisma.hubRegistration.findUnique({ where: { id }, select: { clientId: true, status: true, registeredOn: true } })
	if (!existing || existing.clientId !== scope.id) return { ok: false, status: 404, errors: ['拠点登録が見つかりません'] }
	if (existing.status !== 'active') return { ok: false, status: 409, errors: ['この拠点登録はすでに終了しています'] }
	if (data.endedOn < existing.registeredOn) return { ok: false, status: 400, errors: ['終了日は登録日より後の日付にしてください'], fieldErrors: { endedOn: ['終了日は登録日より後の日付にしてください'] } }
	await prisma.hubRegistration.update({ where: { id }, data: { status: 'ended', endedOn: data.endedOn, endReason: data.endReason } })
	emitAuthzEvent({ type: 'client-team-changed', clientId: scope.id })
	await audit({ action: 'hub.registration.end', userId: actor.id, clientId: scope.id, target: `hub-registration:${id}`, ipAddress: meta.ipAddress, detail: { endedOn: data.endedOn } })
	return { ok: true, id }
}

export type RegistrationView = Awaited<ReturnType<typeof loadRegistrations>>[number]

/** Every registration of the person (active first), with names for display. */
export async function loadRegistrations(clientId: string) {
	const rows = await prisma.hubRegistration.findMany({
		where: { clientId },
		include: { arrangements: { orderBy: { sortOrder: 'asc' } }, trialStays: { orderBy: { fromDate: 'asc' } } },
		orderBy: [{ status: 'asc' }, { registeredOn: 'desc' }],
	})
	const orgIds = rows.flatMap((r) => [r.hubOrganizationId, r.coreCenterOrganizationId].filter((x): x is string => Boolean(x)))
	const userIds = rows.flatMap((r) => [r.coordinatorId, r.specialistId].filter((x): x is string => Boolean(x)))
	const [orgs, users] = await Promise.all([
		prisma.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true, phone: true } }),
		prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }),
	])
	const org = new Map(orgs.map((o) => [o.id, o]))
	const user = new Map(users.map((u) => [u.id, u.displayName]))
	return rows.map((r) => ({
		id: r.id,
		status: r.status,
		migrated: r.migrated,
		hubOrganizationId: r.hubOrganizationId,
		hubName: r.hubOrganizationId ? (org.get(r.hubOrganizationId)?.name ?? '') : '',
		hubPhone: r.hubOrganizationId ? (org.get(r.hubOrganizationId)?.phone ?? '') : '',
		coordinatorId: r.coordinatorId,
		coordinatorName: r.coordinatorId ? (user.get(r.coordinatorId) ?? '') : '',
		specialistName: r.specialistId ? (user.get(r.specialistId) ?? '') : '',
		coreCenterOrganizationId: r.coreCenterOrganizationId,
		coreCenterName: r.coreCenterOrganizationId ? (org.get(r.coreCenterOrganizationId)?.name ?? '') : '',
		coreCenterNote: r.coreCenterNote,
		registeredOn: r.registeredOn,
		reasons: r.reasons.split(',').filter(Boolean),
		reasonLabels: r.reasons
			.split(',')
			.filter(Boolean)
			.map((c) => (c === 'other' && r.reasonOther ? `その他（${r.reasonOther}）` : labelOfCode(HUB_REASON_LABELS, c))),
		reasonOther: r.reasonOther,
		consentBy: r.consentBy,
		consentRelation: r.consentRelation,
		consentMethod: r.consentMethod,
		consentOn: r.consentOn,
		reviewOn: r.reviewOn,
		endedOn: r.endedOn,
		endReason: r.endReason,
		arrangements: r.arrangements.map((a) => ({ id: a.id, serviceType: a.serviceType, providerName: a.providerName, conditions: a.conditions, agreedOn: a.agreedOn })),
		trialStays: r.trialStays.map((t) => ({ id: t.id, serviceType: t.serviceType, providerName: t.providerName, fromDate: t.fromDate, toDate: t.toDate, note: t.note })),
	}))
}

// ---------------------------------------------------------------------------
// Roster


/**
 * The hub's registered people — only those with an active registration with this hub — with
 * their risk reasons, review dates, prior arrangements and the last emergency. The caller has
 * checked canViewHubRoster.
 */
export async function loadRoster(hubOrganizationId: string, today: string) {
	const registrations = await prisma.hubRegistration.findMany({
		where: { hubOrganizationId, status: 'active' },
		include: { arrangements: { orderBy: { sortOrder: 'asc' } } },
	})
	const clientIds = registrations.map((r) => r.clientId)
	const [clients, lastEmergencies] = await Promise.all([
		prisma.client.findMany({
			where: { id: { in: clientIds }, closedAt: null },
			select: { id: true, familyName: true, givenName: true, familyNameKana: true, givenNameKana: true, birthDate: true, address: true, phone: true },
		}),
		prisma.emergencyResponse.findMany({ where: { clientId: { in: clientIds } }, orderBy: { occurredAt: 'desc' }, select: { clientId: true, occurredAt: true, category: true } }),
	])
	const byId = new Map(clients.map((c) => [c.id, c]))
	const last = new Map<string, { occurredAt: string; category: string }>()
	for (const e of lastEmergencies) if (!last.has(e.clientId)) last.set(e.clientId, { occurredAt: e.occurredAt.toISOString(), category: e.category })
	const dueBy = addDays(today, REVIEW_DUE_WINDOW_DAYS)
	return registrations
		.flatMap((r) => {
			const c = byId.get(r.clientId)
			if (!c) return []
			return [
				{
					clientId: c.id,
					name: `${c.familyName} ${c.givenName}`,
					kana: `${c.familyNameKana} ${c.givenNameKana}`,
					age: ageOn(c.birthDate, today),
					address: c.address,
					phone: c.phone,
					registrationId: r.id,
					registeredOn: r.registeredOn,
					reasonLabels: r.reasons
						.split(',')
						.filter(Boolean)
						.map((code) => (code === 'other' && r.reasonOther ? `その他（${r.reasonOther}）` : labelOfCode(HUB_REASON_LABELS, code))),
					reviewOn: r.reviewOn,
					reviewDue: r.reviewOn !== '' && r.reviewOn <= dueBy,
					reviewOverdue: r.reviewOn !== '' && r.reviewOn < today,
					migrated: r.migrated,
					arrangements: r.arrangements.map((a) => ({ serviceType: a.serviceType, providerName: a.providerName, conditions: a.conditions })),
					lastEmergency: last.get(c.id) ?? null,
				},
			]
		})
		.sort((a, b) => (a.kana < b.kana ? -1 : a.kana > b.kana ? 1 : 0))
}

/** People of the hub's municipality the coordinator may name in a 調整会議 (its registered people). */
export async function rosterOptions(hubOrganizationId: string) {
	const rows = await prisma.hubRegistration.findMany({ where: { hubOrganizationId, status: 'active' }, select: { clientId: true } })
	const clients = await prisma.client.findMany({ where: { id: { in: rows.map((r) => r.clientId) } }, select: { id: true, familyName: true, givenName: true, familyNameKana: true }, orderBy: { familyNameKana: 'asc' } })
	return clients.map((c) => ({ id: c.id, name: `${c.familyName} ${c.givenName}` }))
}
