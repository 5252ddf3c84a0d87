import { PLAN_STAGE_LABELS, planStageOf, type PlanStage } from '#app/document-forms/plan.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import { CERTIFICATE_KIND_LABELS, MONITORING_PERIOD_LABELS, SUPPORT_LEVEL_LABELS, formatYen, labelOf } from '#app/modules/clients/labels.ts'

/**
 * What a plan's printout shows beside the co-edited document (issue #11 "frozen means frozen"):
 * the header facts of 様式1-1 / 2-1, whether it is the 案 or the 本計画 and why, and the
 * 週間計画表 (様式1-2 / 2-2) that belongs to it. At consent these are stored inside the version
 * and hashed with it, so reprinting after the 受給者証, the 区分 or the specialist changed gives
 * the same page. Pure: the loader is header-facts.server.ts.
 */

/** One 受給者証 number in its own field (a client may hold several kinds at once). */
export type HeaderCertificate = { kind: string; kindLabel: string; number: string }

export type PlanHeaderFacts = {
	clientName: string
	category: 'adult' | 'child'
	/** 保護者氏名 (a child's plan) */
	guardianName: string
	supportLevel: string
	supportLevelLabel: string
	/** one entry per certificate kind in force */
	certificates: HeaderCertificate[]
	/** 利用者負担上限額 as printed (e.g. 9,300円), '' when none */
	copayCapLabel: string
	monitoringPeriod: string
	monitoringPeriodLabel: string
	/** モニタリング開始年月 YYYY-MM, from the plan ('' when not entered) */
	monitoringStart: string
	/** 相談支援事業者名 */
	agencyName: string
	/** 計画作成担当者 */
	authorName: string
}

export type FrozenPlanFacts = {
	/** the shape of this record; bumped if it ever changes */
	format: 1
	/** the day the facts were taken (the consent date) */
	asOf: string
	header: PlanHeaderFacts
	stage: PlanStage
	/** why it is the 案 or the 本計画 (the cycle's state at the freeze) */
	stageReason: string
	/** the client's 週間計画表 at the freeze; null when none was written */
	weekly: DocumentSnapshot | null
}

/** The header facts from the loaded records: the shape every print and view reads. */
export function buildHeaderFacts(input: {
	clientName: string
	category: string
	guardianName: string
	supportLevel: string
	/** as the register labels it (対象外 for a child); the plain label of supportLevel when absent */
	supportLevelLabel?: string
	/** the certificate the monitoring schedule follows first (it carries the copay and the period) */
	certificates: ReadonlyArray<{ kind: string; number: string; copayCap: number; monitoringPeriod: string }>
	monitoringStart: string
	agencyName: string
	authorName: string
}): PlanHeaderFacts {
	// The certificate that carries the monitoring period and the copay: the service one first.
	const primary = input.certificates.find((c) => c.kind !== 'community') ?? input.certificates[0] ?? null
	return {
		clientName: input.clientName,
		category: input.category === 'child' ? 'child' : 'adult',
		guardianName: input.guardianName,
		supportLevel: input.supportLevel,
		supportLevelLabel: input.supportLevelLabel || labelOf(SUPPORT_LEVEL_LABELS, input.supportLevel, '—'),
		certificates: input.certificates.map((c) => ({ kind: c.kind, kindLabel: labelOf(CERTIFICATE_KIND_LABELS, c.kind, c.kind), number: c.number })),
		copayCapLabel: primary ? formatYen(primary.copayCap) : '',
		monitoringPeriod: primary?.monitoringPeriod ?? '',
		monitoringPeriodLabel: primary ? labelOf(MONITORING_PERIOD_LABELS, primary.monitoringPeriod, '') : '',
		monitoringStart: /^\d{4}-\d{2}$/.test(input.monitoringStart) ? input.monitoringStart : '',
		agencyName: input.agencyName,
		authorName: input.authorName,
	}
}

/** The number printed in a kind's own field ('' when the client holds none of that kind). */
export function certificateNumber(header: Pick<PlanHeaderFacts, 'certificates'>, kind: string): string {
	return header.certificates.find((c) => c.kind === kind)?.number ?? ''
}

/** Stable JSON (fixed key order, built here), so the stored text and its hash never depend on who wrote it. */
export function serializeFrozenFacts(facts: FrozenPlanFacts): string {
	return JSON.stringify({
		format: facts.format,
		asOf: facts.asOf,
		header: facts.header,
		stage: facts.stage,
		stageReason: facts.stageReason,
		weekly: facts.weekly,
	})
}

/** Reads the stored facts; null for versions frozen before they were kept (or unreadable text). */
export function parseFrozenFacts(text: string | null | undefined): FrozenPlanFacts | null {
	if (!text) return null
	try {
		const value = JSON.parse(text) as Partial<FrozenPlanFacts>
		if (value?.format !== 1 || !value.header || !Array.isArray(value.header.certificates)) return null
		return { ...(value as FrozenPlanFacts), stage: planStageOf(value.stage) }
	} catch {
		return null
	}
}

export function stageLabel(stage: PlanStage): string {
	return PLAN_STAGE_LABELS[stage]
}
