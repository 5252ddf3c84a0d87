import { PLAN_FIELDS, PLAN_GOAL_COLUMNS, PLAN_GOALS_TABLE, PLAN_STAGE_LABELS, planStageOf } from '#app/documents/plan.ts'
import { formatJpDate, formatJpMonth } from '#app/utils/dates.ts'
import type { FormLayout } from './compare.ts'

/** How the comparison page labels, formats and orders the overall plan's parts (様式1-1 / 2-1). */
export const PLAN_LAYOUT: FormLayout = {
	fields: PLAN_FIELDS.map(({ key, label }) => ({ key, label })),
	meta: [
		{ key: 'stage', label: '計画の区分', format: (value) => PLAN_STAGE_LABELS[planStageOf(value)] },
		{ key: 'draftDate', label: '計画案作成日', format: formatJpDate },
		{ key: 'planDate', label: '計画作成日', format: formatJpDate },
		{ key: 'monitoringStart', label: 'モニタリング開始年月', format: (value) => (/^\d{4}-\d{2}$/.test(value) ? formatJpMonth(value) : value) },
	],
	tables: [{ table: PLAN_GOALS_TABLE, label: '目標と支援の内容', columns: PLAN_GOAL_COLUMNS.map(({ key, label }) => ({ key, label })) }],
}
