import { PLAN_META, type PlanStage } from '#app/document-forms/plan.ts'
import { readDocument, type DocumentSnapshot } from '#app/document-forms/structure.ts'
import { currentCertificates } from '#app/modules/clients/certificates.server.ts'
import { loadPlanHeader } from '#app/modules/documents/documents.server.ts'
import { loadStoredDocument } from '#app/modules/documents/stored-document.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { buildHeaderFacts, type FrozenPlanFacts, type PlanHeaderFacts } from './header-facts.ts'

/**
 * THE loader of a plan's header facts (受給者証 numbers per kind, 区分, 負担上限額, モニタリング期間
 * and 開始年月, 事業者, 担当者, 保護者) from the client record, the certificates in force on
 * `asOf` and the care team. Everything that prints a plan header reads it through here: the
 * frozen version stores its answer, the live pages show it.
 */
export async function loadHeaderFacts(clientId: string, asOf: string, monitoringStart = ''): Promise<PlanHeaderFacts | null> {
	const [header, certificates] = await Promise.all([loadPlanHeader(clientId, asOf), certificatesShownOn(clientId, asOf)])
	if (!header) return null
	return buildHeaderFacts({
		clientName: header.clientName,
		category: header.category,
		guardianName: header.guardianName,
		supportLevel: header.supportLevel,
		supportLevelLabel: header.supportLevelLabel,
		// Every kind in force on that day, each number in its own field; the one the monitoring
		// schedule follows first, since it carries the copay and the period.
		certificates: [...certificates.filter((c) => c.followedBySchedule), ...certificates.filter((c) => !c.followedBySchedule)],
		monitoringStart,
		agencyName: header.agencyName,
		authorName: header.authorName,
	})
}

/**
 * The certificates a plan header shows on `asOf`: each kind in force that day, and for a kind not
 * yet in force the one already issued for a period that starts later — the 本計画 is consented
 * between the 支給決定 (交付年月日) and the start of the period it plans.
 */
async function certificatesShownOn(clientId: string, asOf: string) {
	const inForce = await currentCertificates(clientId, asOf)
	const issued = await prisma.certificate.findMany({
		where: { clientId, effectiveFrom: { gt: asOf }, issuedOn: { lte: asOf, not: '' } },
		select: { effectiveFrom: true },
		orderBy: { effectiveFrom: 'asc' },
	})
	const starts = [...new Set(issued.map((c) => c.effectiveFrom))]
	const shown = [...inForce]
	for (const start of starts) {
		for (const upcoming of await currentCertificates(clientId, start)) {
			if (!shown.some((c) => c.kind === upcoming.kind) && upcoming.issuedOn !== '' && upcoming.issuedOn <= asOf) shown.push(upcoming)
		}
	}
	return shown
}

function storedSnapshot(documentId: string): DocumentSnapshot {
	const doc = loadStoredDocument(documentId)
	try {
		return readDocument(doc)
	} finally {
		doc.destroy()
	}
}

/** The client's 週間計画表 as stored now (null when there is none). */
async function weeklySnapshot(clientId: string): Promise<DocumentSnapshot | null> {
	const weekly = await prisma.document.findFirst({ where: { clientId, kind: 'weekly' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true } })
	return weekly ? storedSnapshot(weekly.id) : null
}

/**
 * Everything a plan's printout shows beside the plan itself, taken at the freeze: the header
 * facts on the consent date, 案/本計画 with its reason, and the 週間計画表 that belongs to it.
 */
export async function captureFrozenPlanFacts(input: {
	clientId: string
	asOf: string
	plan: DocumentSnapshot
	stage: PlanStage
	stageReason: string
}): Promise<FrozenPlanFacts | null> {
	const start = input.plan.meta[PLAN_META.monitoringStart]
	const header = await loadHeaderFacts(input.clientId, input.asOf, typeof start === 'string' ? start : '')
	if (!header) return null
	return { format: 1, asOf: input.asOf, header, stage: input.stage, stageReason: input.stageReason, weekly: await weeklySnapshot(input.clientId) }
}
