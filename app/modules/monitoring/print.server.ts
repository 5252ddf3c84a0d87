import { monitoringContent, type MonitoringContent } from '#app/document-forms/monitoring.ts'
import { readDocument } from '#app/document-forms/structure.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { loadHeaderFacts } from '#app/modules/versions/header-facts.server.ts'
import { loadVersion } from '#app/modules/versions/versions.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { currentPlanDocumentId } from './monitoring.server.ts'
import { goalSeedsOf, withPlanGoals } from './plan-goals.ts'
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
