import { monitoringContent, type MonitoringContent } from '#app/documents/monitoring.ts'
import { readDocument } from '#app/documents/structure.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { loadHeaderFacts } from '#app/modules/versions/header-facts.server.ts'
import { loadVersion } from '#app/modules/versions/versions.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { currentPlanDocumentId, goalSeedsOf } from './monitoring.server.ts'
import { reportStatusOf } from './report.ts'

function storedSnapshot(documentId: string) {
	const doc = loadStoredDocument(documentId)
	try {
		return readDocument(doc)
	} finally {
		doc.destroy()
	}
}

/**
 * The printed モニタリング報告書: the stored report (never a browser's copy) beside the consented
 * plan version it monitors — that version's frozen header facts, 総合的な援助の方針 and goals, not
 * the live draft's. Reports made before they named a version (planVersionId null) print what
 * they always printed: today's header and the live plan's 方針. The caller has checked read access.
 */
export async function loadMonitoringPrint(clientId: string, documentId: string) {
	const report = await prisma.monitoringReport.findUnique({ where: { documentId }, select: { month: true, status: true, planVersionId: true } })
	if (!report) return null
	const version = report.planVersionId ? await loadVersion(report.planVersionId) : null
	const planVersion = version && version.clientId === clientId && version.kind === 'plan' ? version : null
	// Versions frozen before their facts were kept fall back to the header as it is today.
	const header = planVersion?.facts?.header ?? (await loadHeaderFacts(clientId, todayJst()))
	if (!header) return null
	let policy: string
	let content: MonitoringContent = monitoringContent(storedSnapshot(documentId))
	if (planVersion) {
		policy = planVersion.snapshot.fields.policy ?? ''
		content = withPlanGoals(content, goalSeedsOf(planVersion.snapshot))
	} else {
		// Old behaviour (reports without a named version): the live plan's 方針.
		const planId = await currentPlanDocumentId(clientId)
		policy = planId ? (storedSnapshot(planId).fields.policy ?? '') : ''
	}
	return {
		documentId,
		client: { id: clientId, name: header.clientName },
		header: {
			supportLevelLabel: header.supportLevelLabel,
			agencyName: header.agencyName,
			authorName: header.authorName,
			certificates: header.certificates,
			copayCap: header.copayCapLabel || null,
		},
		planVersion: planVersion ? { id: planVersion.id, number: planVersion.number } : null,
		report: { month: report.month, status: reportStatusOf(report.status) },
		content,
		policy,
	}
}

/**
 * The report's rows with the 支援目標 and 達成時期 of the consented version: each row linked to a
 * goal of that version shows the goal as agreed, and a goal the report has no row for yet is
 * printed with its evaluation blank. Rows the report added itself follow as written.
 */
export function withPlanGoals(content: MonitoringContent, goals: ReturnType<typeof goalSeedsOf>): MonitoringContent {
	const rowId = (goalId: string) => content.rows.find((row) => row.links.includes(goalId))
	const rows: MonitoringContent['rows'] = []
	for (const goal of goals) {
		const row = rowId(goal.goalId)
		rows.push(
			row
				? { ...row, cells: { ...row.cells, goal: goal.goal, targetDate: goal.targetDate } }
				: { id: `plan-goal:${goal.goalId}`, priority: 0, links: [goal.goalId], cells: { goal: goal.goal, targetDate: goal.targetDate }, changes: { kind: null, amount: null, weekly: null } },
		)
	}
	const planGoalIds = new Set(goals.map((g) => g.goalId))
	for (const row of content.rows) if (!row.links.some((id) => planGoalIds.has(id))) rows.push(row)
	return { ...content, rows: rows.map((row, index) => ({ ...row, priority: index + 1 })) }
}
