import { PLAN_ALL_FIELDS, PLAN_GOAL_COLUMNS, PLAN_GOALS_TABLE, PLAN_STAGE_LABELS, planStageOf } from '#app/document-forms/plan.ts'
import type { DocumentSnapshot } from '#app/document-forms/structure.ts'
import { formatWareki } from '#app/utils/wareki.ts'
import type { FormLayout } from './compare.ts'
import type { PlanHeaderFacts } from './header-facts.ts'

/** How the comparison page labels, formats and orders the overall plan's parts (様式1-1 / 2-1). */
export const PLAN_LAYOUT: FormLayout = {
	fields: PLAN_ALL_FIELDS.map(({ key, label }) => ({ key, label })),
	meta: [
		{ key: 'stage', label: '計画の区分', format: (value) => PLAN_STAGE_LABELS[planStageOf(value)] },
		{ key: 'draftDate', label: '計画案作成日', format: formatWareki },
		{ key: 'planDate', label: '計画作成日', format: formatWareki },
		{ key: 'monitoringStart', label: 'モニタリング開始年月', format: (value) => (/^\d{4}-\d{2}$/.test(value) ? formatWareki(value) : value) },
		{ key: 'hdr_certificates', label: '受給者証番号' },
		{ key: 'hdr_supportLevel', label: '障害支援区分' },
		{ key: 'hdr_copayCap', label: '利用者負担上限額' },
		{ key: 'hdr_monitoringPeriod', label: 'モニタリング期間' },
		{ key: 'hdr_agency', label: '相談支援事業者名' },
		{ key: 'hdr_author', label: '計画作成担当者' },
	],
	tables: [{ table: PLAN_GOALS_TABLE, label: '目標と支援の内容', columns: PLAN_GOAL_COLUMNS.map(({ key, label }) => ({ key, label })) }],
}

/**
 * A version as the comparison reads it: its printed header facts (labels, never codes) beside
 * the plan's own meta, so a changed 受給者証 or 担当者 between two versions shows as a change.
 */
export function withHeaderFacts(snapshot: DocumentSnapshot, header: PlanHeaderFacts, stage: string): DocumentSnapshot {
	return {
		...snapshot,
		meta: {
			...snapshot.meta,
			stage,
			hdr_certificates: header.certificates.map((c) => `${c.kindLabel}：${c.number}`).join('\n'),
			hdr_supportLevel: header.supportLevelLabel,
			hdr_copayCap: header.copayCapLabel,
			hdr_monitoringPeriod: header.monitoringPeriodLabel,
			hdr_agency: header.agencyName,
			hdr_author: header.authorName,
		},
	}
}
