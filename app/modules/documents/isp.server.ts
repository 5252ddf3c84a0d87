import { createHash } from 'node:crypto'
import { ispDocumentTitle } from '#app/document-forms/isp.ts'
import { buildCoverage, type Coverage, type CoverageGoal } from '#app/document-forms/projection.ts'
import type { RequestMeta } from '#app/modules/clients/ids.server.ts'
import { documentAccess, isRowActive, teamRoleFor, type Actor, type ClientScope } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createDocumentOnce } from './create-document.server.ts'

/**
 * 個別支援計画 records: one per (client, provider organisation), created by that provider's
 * own staff. The live content is a Yjs structured form (app/document-forms/isp.ts); the goal links
 * are read back from the projection the collaboration server maintains.
 */

/**
 * Derived from (client, organisation): two people of the same provider pressing 「作成」 at
 * once end up on one document (the second insert fails on the primary key). Hashed so the id
 * stays short whatever the two ids are.
 */
export function ispDocumentId(clientId: string, organizationId: string): string {
	const digest = createHash('sha256').update(`${clientId}\u0000${organizationId}`).digest('base64url')
	return `isp-${digest.slice(0, 32)}`
}

export type EnsureIspResult = { ok: true; id: string; created: boolean } | { ok: false; status: 400 | 403 | 404 }

/** Provider organisations on the client's team today (the ones that may have an ISP). */
function teamOrganizationIds(scope: ClientScope, today: string): Set<string> {
	const ids = new Set<string>()
	for (const row of scope.team) {
		if (row.organizationId && isRowActive(row, today) && (row.role === 'service_manager' || row.role === 'provider_staff')) ids.add(row.organizationId)
	}
	return ids
}

/** Creates the organisation's ISP for the client unless it exists (idempotent, audited once). */
export async function ensureIspDocument(
	actor: Actor,
	scope: ClientScope,
	organizationId: string,
	today: string,
	meta: RequestMeta,
): Promise<EnsureIspResult> {
	if (!teamRoleFor(actor, scope, today)) return { ok: false, status: 404 }
	if (documentAccess(actor, { kind: 'isp', organizationId, frozen: false, client: scope }, today) !== 'write') return { ok: false, status: 403 }
	if (!teamOrganizationIds(scope, today).has(organizationId)) return { ok: false, status: 400 }
	const existing = await prisma.document.findFirst({
		where: { clientId: scope.id, kind: 'isp', organizationId },
		select: { id: true },
		orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
	})
	if (existing) return { ok: true, id: existing.id, created: false }
	const organization = await prisma.organization.findUnique({ where: { id: organizationId }, select: { name: true } })
	if (!organization) return { ok: false, status: 400 }
	const id = ispDocumentId(scope.id, organizationId)
	const created = await createDocumentOnce({ id, clientId: scope.id, kind: 'isp', organizationId, title: ispDocumentTitle(organization.name) }, actor.id, meta.ipAddress)
	return { ok: true, id, created }
}

/** The actor's provider organisations on the team that may still create their ISP. */
export async function creatableIspOrganizations(actor: Actor, scope: ClientScope, today: string): Promise<Array<{ id: string; name: string }>> {
	const candidates = [...teamOrganizationIds(scope, today)].filter(
		(organizationId) => documentAccess(actor, { kind: 'isp', organizationId, frozen: false, client: scope }, today) === 'write',
	)
	if (candidates.length === 0) return []
	const existing = await prisma.document.findMany({
		where: { clientId: scope.id, kind: 'isp', organizationId: { in: candidates } },
		select: { organizationId: true },
	})
	const taken = new Set(existing.map((d) => d.organizationId))
	return prisma.organization.findMany({
		where: { id: { in: candidates.filter((id) => !taken.has(id)) } },
		select: { id: true, name: true },
		orderBy: { name: 'asc' },
	})
}

/** The overall plan's goals from the projection, deleted ones included (with their last text). */
export async function loadPlanGoals(clientId: string): Promise<CoverageGoal[]> {
	const rows = await prisma.planGoal.findMany({
		where: { clientId },
		select: { goalId: true, priority: true, need: true, goal: true, dueText: true, deletedAt: true },
		orderBy: [{ priority: 'asc' }, { goalId: 'asc' }],
	})
	return rows.map(({ deletedAt, ...goal }) => ({ ...goal, deleted: deletedAt !== null }))
}

/** The チームアプローチ coverage of the client's plan by the providers' ISPs. */
export async function loadCoverage(clientId: string): Promise<Coverage> {
	const [goals, rows, links] = await Promise.all([
		loadPlanGoals(clientId),
		prisma.supportRow.findMany({
			where: { clientId },
			select: { ispDocumentId: true, organizationId: true, rowId: true, priority: true, summary: true },
		}),
		prisma.supportRowLink.findMany({ where: { clientId }, select: { ispDocumentId: true, rowId: true, goalId: true } }),
	])
	const organizations = await prisma.organization.findMany({
		where: { id: { in: [...new Set(rows.map((r) => r.organizationId))] } },
		select: { id: true, name: true },
	})
	const names = new Map(organizations.map((o) => [o.id, o.name]))
	return buildCoverage(
		goals,
		rows.map((r) => ({ ...r, organizationName: names.get(r.organizationId) ?? '（不明な事業所）' })),
		links,
	)
}

/** What the ISP page shows around the live content: header facts and the plan's goals. */
export async function loadIspView(document: { clientId: string; organizationId: string | null }) {
	const [client, organization, goals] = await Promise.all([
		prisma.client.findUnique({ where: { id: document.clientId }, select: { familyName: true, givenName: true, category: true } }),
		document.organizationId
			? prisma.organization.findUnique({ where: { id: document.organizationId }, select: { name: true } })
			: Promise.resolve(null),
		loadPlanGoals(document.clientId),
	])
	if (!client) return null
	return {
		header: {
			clientName: `${client.familyName} ${client.givenName}`,
			category: client.category === 'child' ? ('child' as const) : ('adult' as const),
			organizationName: organization?.name ?? '',
		},
		goals,
	}
}
