import { audit } from '#app/modules/audit/audit.server.ts'
import { emitAuthzEvent } from '#app/modules/authz-events.server.ts'
import {
	canOnClient,
	clientAbilities,
	documentAccess,
	teamRoleFor,
	DOCUMENT_KINDS,
	type Actor,
	type ClientScope,
	type DocumentKind,
	type TeamRow,
} from '#app/policies/index.ts'
import { isTeamRole, type TeamRole } from '#app/policies/roles.ts'
import { prisma } from '#app/utils/db.server.ts'
import { ageOn, nextBirthMonth } from '#app/utils/dates.ts'
import { currentCertificates, getCertificateRegister } from './certificates.server.ts'
import { newId, type RequestMeta } from './ids.server.ts'
import { parseDisabilityCategories, supportLevelLabel } from './labels.ts'
import type { ClientFormData } from './schemas.ts'
import { nextMonitoringMonth } from './summary.ts'
import { monitoringCertificate, pickCurrentCertificates } from './certificate-kinds.ts'
import { monitoringMonths } from '#app/modules/monitoring/schedule.ts'
import { listTeam } from './team.server.ts'

/**
 * Clients: who may see which client (computed with the policy module over each client's
 * loaded care team), the client record itself, creation and basic-info edits.
 */

const TEAM_SCOPE_SELECT = { userId: true, organizationId: true, role: true, startsOn: true, endsOn: true } as const

type StoredTeamRow = { userId: string | null; organizationId: string | null; role: string; startsOn: string; endsOn: string | null }

/** Team rows as the policy module takes them (rows with an unknown role are ignored). */
function toTeamRows(rows: readonly StoredTeamRow[]): TeamRow[] {
	return rows.flatMap((row) => (isTeamRole(row.role) ? [{ ...row, role: row.role }] : []))
}

/** One row of "my clients": enough for the dashboard and GET /api/clients. */
export type VisibleClient = {
	id: string
	familyName: string
	givenName: string
	familyNameKana: string
	givenNameKana: string
	birthDate: string
	age: number
	category: string
	supportLevel: string
	/** 障害支援区分の認定有効期間の終了日, YYYY-MM-DD or '' */
	supportLevelUntil: string
	closed: boolean
	teamRole: TeamRole
	/** next 誕生月 renewal (seed 001: renewal is annual, in the birth month), YYYY-MM */
	nextRenewalMonth: string
	/** null when there is no current certificate or the actor may not see certificates */
	certificate: { id: string; kind: string; decisionEnd: string; nextMonitoringMonth: string | null } | null
	canViewCertificate: boolean
}

/**
 * The clients the actor may see today. Candidates are the clients whose team names the actor
 * (or, for an office manager, a specialist of one of their offices); the policy module has the
 * final word on each. Admins see none.
 */
export async function listVisibleClients(actor: Actor, today: string): Promise<VisibleClient[]> {
	if (actor.disabled || actor.role === 'admin') return []
	const candidates: Array<{ userId: string } | { role: string; organizationId: { in: string[] } }> = [{ userId: actor.id }]
	if (actor.role === 'office_manager' && actor.organizationIds.length > 0) {
		candidates.push({ role: 'specialist', organizationId: { in: [...actor.organizationIds] } })
	}
	const clients = await prisma.client.findMany({
		where: { team: { some: { OR: candidates } } },
		select: {
			id: true,
			familyName: true,
			givenName: true,
			familyNameKana: true,
			givenNameKana: true,
			birthDate: true,
			category: true,
			supportLevel: true,
			supportLevelUntil: true,
			closedAt: true,
			team: { select: TEAM_SCOPE_SELECT },
			certificates: {
				where: { effectiveFrom: { lte: today } },
				select: {
					id: true,
					kind: true,
					effectiveFrom: true,
					createdAt: true,
					decisionStart: true,
					decisionEnd: true,
					monitoringPeriod: true,
					monitoringMonths: true,
					newUserMonthlyFrom: true,
				},
			},
		},
		orderBy: [{ familyNameKana: 'asc' }, { givenNameKana: 'asc' }],
	})
	const visible: VisibleClient[] = []
	const registered = new Set(
		(await prisma.hubRegistration.findMany({ where: { clientId: { in: clients.map((c) => c.id) }, status: 'active' }, select: { clientId: true } })).map((r) => r.clientId),
	)
	for (const client of clients) {
		const scope: ClientScope = {
			id: client.id,
			hubRegistered: registered.has(client.id),
			closed: client.closedAt !== null,
			team: toTeamRows(client.team),
		}
		const teamRole = teamRoleFor(actor, scope, today)
		if (!teamRole || !canOnClient(actor, 'client.view', scope, today)) continue
		const canViewCertificate = canOnClient(actor, 'certificate.view', scope, today)
		const current = canViewCertificate ? monitoringCertificate(pickCurrentCertificates(client.certificates, today), client.category) : null
		// The months the schedule page shows: the same function, new-user rule included.
		const schedule = current ? monitoringMonths(current) : null
		visible.push({
			id: client.id,
			familyName: client.familyName,
			givenName: client.givenName,
			familyNameKana: client.familyNameKana,
			givenNameKana: client.givenNameKana,
			birthDate: client.birthDate,
			age: ageOn(client.birthDate, today),
			category: client.category,
			supportLevel: client.supportLevel,
			supportLevelUntil: client.supportLevelUntil,
			closed: scope.closed,
			teamRole,
			nextRenewalMonth: nextBirthMonth(client.birthDate, today),
			certificate: current
				? {
						id: current.id,
						kind: current.kind,
						decisionEnd: current.decisionEnd,
						nextMonitoringMonth: schedule?.ok ? nextMonitoringMonth(schedule.months, today) : null,
					}
				: null,
			canViewCertificate,
		})
	}
	return visible
}

/** Municipalities (支給決定 authorities) to choose from on the client form. */
export async function listMunicipalities(): Promise<Array<{ id: string; name: string }>> {
	return prisma.organization.findMany({
		where: { kind: 'municipality' },
		select: { id: true, name: true },
		orderBy: [{ city: 'asc' }, { name: 'asc' }],
	})
}

const CLIENT_BASIC_SELECT = {
	id: true,
	familyName: true,
	givenName: true,
	familyNameKana: true,
	givenNameKana: true,
	birthDate: true,
	gender: true,
	category: true,
	guardianName: true,
	disabilityCategories: true,
	supportLevel: true,
	supportLevelFrom: true,
	supportLevelUntil: true,
	handbook: true,
	postalCode: true,
	address: true,
	phone: true,
	municipalityId: true,
	hubRegistered: true,
	closedAt: true,
} as const

/** Basic information of one client (the record behind the plan header); null if unknown. */
export async function getClientBasics(clientId: string) {
	const client = await prisma.client.findUnique({ where: { id: clientId }, select: CLIENT_BASIC_SELECT })
	if (!client) return null
	// Client.municipalityId is a plain column (no relation), so the name is looked up here.
	const municipality = client.municipalityId
		? await prisma.organization.findUnique({ where: { id: client.municipalityId }, select: { id: true, name: true } })
		: null
	// 拠点 事前登録 is a record now (issue #12); the old column is no longer read.
	const hubRegistered = (await prisma.hubRegistration.count({ where: { clientId, status: 'active' } })) > 0
	return { ...client, hubRegistered, municipality }
}
export type ClientBasics = NonNullable<Awaited<ReturnType<typeof getClientBasics>>>

/** The client's id and display name (姓 名) for breadcrumbs and titles; null if unknown. */
export async function getClientName(clientId: string): Promise<{ id: string; name: string } | null> {
	const client = await prisma.client.findUnique({ where: { id: clientId }, select: { id: true, familyName: true, givenName: true } })
	return client ? { id: client.id, name: `${client.familyName} ${client.givenName}` } : null
}

/** Who the person is, as forms addressed to others (the 拠点 registration) print it; null if unknown. */
export async function getClientContact(clientId: string) {
	return prisma.client.findUnique({
		where: { id: clientId },
		select: { familyName: true, givenName: true, familyNameKana: true, givenNameKana: true, birthDate: true, address: true, phone: true },
	})
}

async function municipalityError(municipalityId: string): Promise<string | null> {
	if (municipalityId === '') return null
	const org = await prisma.organization.findUnique({ where: { id: municipalityId }, select: { kind: true } })
	return org?.kind === 'municipality' ? null : '市町村を一覧から選択してください'
}

/** The organisation a new client's creator works for: a consultation office if they have one. */
async function creatorOrganizationId(actor: Actor): Promise<string | null> {
	if (actor.organizationIds.length === 0) return null
	const orgs = await prisma.organization.findMany({
		where: { id: { in: [...actor.organizationIds] } },
		select: { id: true, kind: true },
	})
	const consultation = orgs.find((o) => o.kind === 'consultation' || o.kind === 'child_consultation')
	return (consultation ?? orgs[0])?.id ?? null
}

export type SaveResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string[]> }

function clientColumns(data: ClientFormData) {
	return {
		familyName: data.familyName,
		givenName: data.givenName,
		familyNameKana: data.familyNameKana,
		givenNameKana: data.givenNameKana,
		birthDate: data.birthDate,
		gender: data.gender,
		category: data.category,
		guardianName: data.guardianName,
		disabilityCategories: data.disabilityCategories.join(','),
		supportLevel: data.supportLevel,
		supportLevelFrom: data.supportLevelFrom,
		supportLevelUntil: data.supportLevelUntil,
		handbook: data.handbook,
		postalCode: data.postalCode,
		address: data.address,
		phone: data.phone,
		municipalityId: data.municipalityId === '' ? null : data.municipalityId,
	}
}

/**
 * Registers a client. The creator (who must hold 'client.create', checked by the caller) joins
 * the care team as its specialist on the basis of the support contract, from today.
 */
export async function createClient(actor: Actor, data: ClientFormData, today: string, meta: RequestMeta): Promise<SaveResult> {
	const municipality = await municipalityError(data.municipalityId)
	if (municipality) return { ok: false, fieldErrors: { municipalityId: [municipality] } }
	const id = newId('client')
	const organizationId = await creatorOrganizationId(actor)
	await prisma.client.create({
		data: {
			id,
			...clientColumns(data),
			team: {
				create: {
					id: newId('team'),
					userId: actor.id,
					organizationId,
					role: 'specialist',
					startsOn: today,
					consentBasis: 'contract',
					consentOn: today,
					note: '計画作成担当者',
				},
			},
		},
	})
	await audit({ action: 'client.create', userId: actor.id, clientId: id, target: `client:${id}`, ipAddress: meta.ipAddress })
	emitAuthzEvent({ type: 'client-team-changed', clientId: id })
	return { ok: true, id }
}

/** Updates basic information (caller has checked 'client.edit'). Records which fields changed, not their values. */
export async function updateClient(actor: Actor, clientId: string, data: ClientFormData, meta: RequestMeta): Promise<SaveResult> {
	const municipality = await municipalityError(data.municipalityId)
	if (municipality) return { ok: false, fieldErrors: { municipalityId: [municipality] } }
	const before = await prisma.client.findUnique({ where: { id: clientId }, select: CLIENT_BASIC_SELECT })
	if (!before) return { ok: false, fieldErrors: { form: ['利用者が見つかりません'] } }
	const columns = clientColumns(data)
	const changed = (Object.keys(columns) as Array<keyof typeof columns>).filter((key) => before[key] !== columns[key])
	if (changed.length > 0) {
		await prisma.client.update({ where: { id: clientId }, data: columns })
	}
	await audit({
		action: 'client.update',
		userId: actor.id,
		clientId,
		target: `client:${clientId}`,
		ipAddress: meta.ipAddress,
		detail: { fields: changed },
	})
	return { ok: true, id: clientId }
}

/** 'page': the client page's list (no minutes, recent first); 'api': every co-edited document, oldest first. */
export type DocumentListing = 'page' | 'api'

/**
 * Co-edited documents of a client that the actor may at least read, each with that access.
 * On the client page meeting minutes are left out: one per meeting, they are reached through
 * the page's サービス担当者会議 section.
 */
export async function listClientDocuments(actor: Actor, scope: ClientScope, today: string, listing: DocumentListing = 'page') {
	const documents = await prisma.document.findMany({
		// Minutes live on their meeting's page; the API lists every co-edited document.
		where: listing === 'page' ? { clientId: scope.id, NOT: { kind: 'minutes' } } : { clientId: scope.id },
		select: { id: true, kind: true, title: true, organizationId: true, frozenAt: true, updatedAt: true },
		orderBy: listing === 'page' ? [{ updatedAt: 'desc' }] : [{ createdAt: 'asc' }, { id: 'asc' }],
	})
	return documents.flatMap((d) => {
		if (!(DOCUMENT_KINDS as readonly string[]).includes(d.kind)) return []
		const kind = d.kind as DocumentKind
		const access = documentAccess(actor, { kind, organizationId: d.organizationId, frozen: d.frozenAt !== null, client: scope }, today)
		if (access === 'none') return []
		return [{ id: d.id, kind, title: d.title, updatedAt: d.updatedAt.toISOString(), access }]
	})
}

/**
 * Everything the client page shows, limited to what the policy module allows this actor:
 * certificates only with 'certificate.view', the team only with 'team.view', documents only
 * with 'document.list' (and then only those the actor may open). Null if the client is gone.
 */
export async function loadClientPage(actor: Actor, scope: ClientScope, today: string) {
	const abilities = clientAbilities(actor, scope, today)
	const client = await getClientBasics(scope.id)
	if (!client) return null
	const [certificates, team, documents] = await Promise.all([
		abilities['certificate.view'] ? getCertificateRegister(scope.id, today) : null,
		abilities['team.view'] ? listTeam(scope.id, today) : null,
		abilities['document.list'] ? listClientDocuments(actor, scope, today) : null,
	])
	return {
		abilities,
		teamRole: teamRoleFor(actor, scope, today),
		client: {
			...client,
			closed: client.closedAt !== null,
			closedAt: client.closedAt?.toISOString() ?? null,
			age: ageOn(client.birthDate, today),
			nextRenewalMonth: nextBirthMonth(client.birthDate, today),
		},
		certificates,
		team,
		documents,
	}
}
export type ClientPage = NonNullable<Awaited<ReturnType<typeof loadClientPage>>>

/**
 * The JSON API view of one client: basic information and, when the actor may see certificates,
 * every current 受給者証 (one per kind) with its モニタリング months computed by monitoringMonths
 * (the function the pages use). `currentCertificate` is the one the schedule follows.
 */
export async function getClientApiView(actor: Actor, scope: ClientScope, today: string) {
	const abilities = clientAbilities(actor, scope, today)
	const client = await getClientBasics(scope.id)
	if (!client) return null
	const currents = abilities['certificate.view'] ? await currentCertificates(scope.id, today) : []
	const certificates = currents.map((certificate) => ({
		id: certificate.id,
		kind: certificate.kind,
		kindLabel: certificate.kindLabel,
		number: certificate.number,
		issuedBy: certificate.issuedBy,
		issuedOn: certificate.issuedOn,
		effectiveFrom: certificate.effectiveFrom,
		decisionStart: certificate.decisionStart,
		decisionEnd: certificate.decisionEnd,
		supportLevel: certificate.supportLevel,
		copayCap: certificate.copayCap,
		monitoringPeriod: certificate.monitoringPeriod,
		/** the months due (listed on the 受給者証, or derived; the new-user months included) */
		monitoringMonths: certificate.monitoring.months,
		/** the months exactly as printed on the 受給者証 */
		listedMonitoringMonths: certificate.monitoringMonths,
		newUserMonthlyFrom: certificate.newUserMonthlyFrom,
		monitoringErrors: certificate.monitoring.errors,
		nextMonitoringMonth: certificate.monitoring.nextMonth,
		followedBySchedule: certificate.followedBySchedule,
		services: certificate.services.map((s) => ({ serviceType: s.serviceType, amount: s.amount })),
		note: certificate.note,
	}))
	return {
		id: client.id,
		name: `${client.familyName} ${client.givenName}`,
		nameKana: `${client.familyNameKana} ${client.givenNameKana}`,
		familyName: client.familyName,
		givenName: client.givenName,
		familyNameKana: client.familyNameKana,
		givenNameKana: client.givenNameKana,
		birthDate: client.birthDate,
		age: ageOn(client.birthDate, today),
		gender: client.gender,
		category: client.category,
		guardianName: client.category === 'child' ? client.guardianName : '',
		disabilityCategories: parseDisabilityCategories(client.disabilityCategories),
		supportLevel: client.supportLevel,
		supportLevelLabel: supportLevelLabel(client.category, client.supportLevel),
		supportLevelFrom: client.supportLevelFrom,
		supportLevelUntil: client.supportLevelUntil,
		handbook: client.handbook,
		postalCode: client.postalCode,
		address: client.address,
		phone: client.phone,
		municipality: client.municipality,
		hubRegistered: client.hubRegistered,
		closed: client.closedAt !== null,
		nextRenewalMonth: nextBirthMonth(client.birthDate, today),
		teamRole: teamRoleFor(actor, scope, today),
		permissions: abilities,
		currentCertificate: certificates.find((c) => c.followedBySchedule) ?? null,
		certificates,
	}
}
