import { PLAN_ALL_FIELDS, PLAN_GOAL_COLUMNS, PLAN_GOALS_TABLE } from '#app/documents/plan.ts'
import type { FormLayout } from './compare.ts'

/** How the comparison page labels and orders the overall plan's parts (様式1-1 / 2-1). */
export const PLAN_LAYOUT: FormLayout = {
	fields: PLAN_ALL_FIELDS.map(({ key, label }) => ({ key, label })),
	meta: [
		{ key: 'stage', label: '計画の区分' },
		{ key: 'draftDate', label: '計画案作成日' },
		{ key: 'planDate', label: '計画作成日' },
		{ key: 'monitoringStart', label: 'モニタリング開始年月' },
	],
	tables: [{ table: PLAN_GOALS_TABLE, label: '目標と支援の内容', columns: PLAN_GOAL_COLUMNS.map(({ key, label }) => ({ key, label })) }],
}
