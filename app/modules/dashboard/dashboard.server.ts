import { listVisibleClients } from '#app/modules/clients/clients.server.ts'
import { pickCurrentCertificate } from '#app/modules/clients/summary.ts'
import { CYCLE_STATES, CYCLE_STATE_LABELS, type CycleState } from '#app/modules/cycle/plan-cycle.ts'
import { dueItems, type DueClient } from '#app/modules/monitoring/schedule.ts'
import { canGlobally, type Actor } from '#app/policies/index.ts'
import { prisma } from '#app/utils/db.server.ts'
import { buildDashboardRows, countByCategory, type DashboardRow } from './dashboard.ts'

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
			select: { id: true, clientId: true, effectiveFrom: true, createdAt: true, decisionStart: true, decisionEnd: true, monitoringPeriod: true, monitoringMonths: true },
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
			const certificate = pickCurrentCertificate(
				certificates.filter((row) => row.clientId === c.id),
				today,
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
	const rows = buildDashboardRows(
		visible.map((c) => ({ id: c.id, name: `${c.familyName} ${c.givenName}`, nameKana: `${c.familyNameKana} ${c.givenNameKana}` })),
		dueItems(dueClients, today).filter((item) => !(selfPlanClients.has(item.clientId) && item.kind.startsWith('monitoring'))),
		cycleFacts,
	)
	return { rows, counts: countByCategory(rows), clientCount: visible.length }
}
