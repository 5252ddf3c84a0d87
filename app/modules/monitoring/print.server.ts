import { monitoringContent } from '#app/documents/monitoring.ts'
import { readDocument } from '#app/documents/structure.ts'
import { formatYen } from '#app/modules/clients/labels.ts'
import { loadPlanHeader } from '#app/modules/documents/documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { todayJst } from '#app/utils/dates.ts'
import { currentPlanDocumentId } from './monitoring.server.ts'
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
 * The printed モニタリング報告書: the stored report (never a browser's copy), the plan header's
 * facts and the plan's 総合的な援助の方針 carried over. The caller has checked read access.
 */
export async function loadMonitoringPrint(clientId: string, documentId: string) {
	const report = await prisma.monitoringReport.findUnique({ where: { documentId }, select: { month: true, status: true } })
	if (!report) return null
	const header = await loadPlanHeader(clientId, todayJst())
	if (!header) return null
	const planId = await currentPlanDocumentId(clientId)
	const policy = planId ? (storedSnapshot(planId).fields.policy ?? '') : ''
	return {
		documentId,
		client: { id: clientId, name: header.clientName },
		header: {
			supportLevelLabel: header.supportLevelLabel,
			agencyName: header.agencyName,
			authorName: header.authorName,
			certificateNumber: header.certificate?.number ?? '',
			copayCap: header.certificate ? formatYen(header.certificate.copayCap) : null,
		},
		report: { month: report.month, status: reportStatusOf(report.status) },
		content: monitoringContent(storedSnapshot(documentId)),
		policy,
	}
}
