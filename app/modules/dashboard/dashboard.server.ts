import { listVisibleClients } from '#app/modules/clients/clients.server.ts'
import { monitoringCertificate, pickCurrentCertificates } from '#app/modules/clients/certificate-kinds.ts'
import { CYCLE_STATES, CYCLE_STATE_LABELS, type CycleState } from '#app/modules/cycle/plan-cycle.ts'
import { dueItems, type DueClient } from '#app/modules/monitoring/schedule.ts'
import { canGlobally, type Actor } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { loadClientScopes } from '#app/modules/authz.server.ts'
import { documentAccess } from '#app/policies/index.ts'
import { buildDashboardRows, countByCategory, ispReviewRows, sortDashboardRows, supportLevelRows, type DashboardRow, type IspReviewFact } from './dashboard.ts'

/**
 * The dashboard of the specialist and the office manager: what needs doing across the clients
 * they may see — the list comes from listVisibleClients (the policy module decides each client,
 * office managers through teamRoleFor) and certificate facts only where 'certificate.view'
 * allows. Closed cases have nothing left to do and are left out.
 */
export async function loadDashboard(actor: Actor, today: string): Promise<{ rows: DashboardRow[]; counts: ReturnType<typeof countByCategory>; clientCount: number } | null> {
	if (!canGlobally(actor, 'dashboard.view')) return null
	const visible = (await listVisibleClients(actor, today)).filter((c) => !c.closed)
	const ids = visible.map((c) => c.id)
	const withCertificates = new Set(visible.filter((c) => c.canViewCertificate).map((c) => c.id))
	const [certificates, reports, cycles] = await Promise.all([
		prisma.certificate.findMany({
			where: { clientId: { in: [...withCertificates] }, effectiveFrom: { lte: today } },
			select: {
				id: true,
				clientId: true,
				kind: true,
				effectiveFrom: true,
				createdAt: true,
				decisionStart: true,
				decisionEnd: true,
				monitoringPeriod: true,
				monitoringMonths: true,
				newUserMonthlyFrom: true,
			},
		}),
		prisma.monitoringReport.findMany({
			where: { clientId: { in: [...withCertificates] }, status: 'completed' },
			select: { clientId: true, conductedOn: true },
		}),
		prisma.planCycle.findMany({
			where: { clientId: { in: ids }, endedAt: null },
			select: { clientId: true, number: true, state: true, updatedAt: true, variant: true },
			orderBy: { number: 'desc' },
		}),
	])
	// A セルフプラン has no 相談支援 monitoring (継続サービス利用支援 is an agency service): its
	// certificate's monitoring months are not due for anyone (issue #13).
	const selfPlanClients = new Set(cycles.filter((c) => c.variant === 'self').map((c) => c.clientId))
	const dueClients: DueClient[] = visible
		.filter((c) => withCertificates.has(c.id))
		.map((c) => {
			// The certificate the client's schedule follows (a child's 通所受給者証 first).
			const certificate = monitoringCertificate(
				pickCurrentCertificates(
					certificates.filter((row) => row.clientId === c.id),
					today,
				),
				c.category,
			)
			return {
				clientId: c.id,
				birthDate: c.birthDate,
				certificate,
				monitoringReports: reports.filter((r) => r.clientId === c.id && r.conductedOn).map((r) => r.conductedOn),
			}
		})
	// The latest open cycle of each client tells whether its plan waits for 同意 or the 支給決定.
	const latestCycle = new Map<string, (typeof cycles)[number]>()
	for (const cycle of cycles) if (!latestCycle.has(cycle.clientId)) latestCycle.set(cycle.clientId, cycle)
	const cycleFacts = [...latestCycle.values()]
		.filter((c) => (CYCLE_STATES as readonly string[]).includes(c.state))
		.map((c) => ({
			clientId: c.clientId,
			state: c.state,
			stateLabel: `${CYCLE_STATE_LABELS[c.state as CycleState]}（第${c.number}期）`,
			since: c.updatedAt.toISOString().slice(0, 10),
		}))
	const dashboardClients = visible.map((c) => ({ id: c.id, name: `${c.familyName} ${c.givenName}`, nameKana: `${c.familyNameKana} ${c.givenNameKana}` }))
	const supportLevels = supportLevelRows(
		dashboardClients,
		visible.map((c) => ({ clientId: c.id, category: c.category, supportLevel: c.supportLevel, until: c.supportLevelUntil })),
		today,
	)
	const ispReviews = ispReviewRows(dashboardClients, await ispReviewFacts(actor, ids, today), today)
	const rows = sortDashboardRows([...buildDashboardRows(
			dashboardClients,
			// A セルフプラン has no 相談支援 monitoring (issue #13).
			dueItems(dueClients, today).filter((item) => !(selfPlanClients.has(item.clientId) && item.kind.startsWith('monitoring'))),
			cycleFacts,
		), ...supportLevels, ...ispReviews], 'category', 'asc')
	return { rows, counts: countByCategory(rows), clientCount: visible.length }
}

/**
 * The 見直し予定日 of every 個別支援計画 the actor may read: the ISPs' documents, their clients'
 * scopes in one go, and the date the collaboration server projected on each write (IspReview,
 * decision 0024) — a fixed number of statements and no document decoded per view.
 */
async function ispReviewFacts(actor: Actor, clientIds: readonly string[], today: string): Promise<IspReviewFact[]> {
	const documents = await prisma.document.findMany({
		where: { clientId: { in: [...clientIds] }, kind: 'isp' },
		select: { id: true, clientId: true, organizationId: true, frozenAt: true, title: true },
	})
	if (documents.length === 0) return []
	const [scopes, reviews] = await Promise.all([
		loadClientScopes(documents.map((d) => d.clientId)),
		prisma.ispReview.findMany({ where: { documentId: { in: documents.map((d) => d.id) } }, select: { documentId: true, reviewBy: true } }),
	])
	const reviewByDocument = new Map(reviews.map((r) => [r.documentId, r.reviewBy]))
	const facts: IspReviewFact[] = []
	for (const document of documents) {
		const scope = scopes.get(document.clientId)
		if (!scope || documentAccess(actor, { kind: 'isp', organizationId: document.organizationId, frozen: document.frozenAt !== null, client: scope }, today) === 'none') continue
		const reviewBy = reviewByDocument.get(document.id)
		if (reviewBy) facts.push({ clientId: document.clientId, documentId: document.id, organizationName: document.title.replace(/^個別支援計画（(.*)）$/, '$1'), reviewBy })
	}
	return facts
}
