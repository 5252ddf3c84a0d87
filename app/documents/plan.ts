/**
 * サービス等利用計画（案）・障害児支援利用計画（案） (様式1-1 / 2-1, domain.md §3.2): the
 * structured-form definition of document kind 'plan'. Pure data: the page, the print view
 * and server projections read the same keys.
 */

export type FieldDefinition = { key: string; label: string; hint?: string; rows?: number }
export type ColumnDefinition = {
	key: string
	label: string
	/** only on the 本計画 (final plan), not on the 案 (draft) */
	finalOnly?: boolean
}

export const PLAN_FIELDS = [
	{
		key: 'wishes',
		label: '利用者及びその家族の生活に対する意向（希望する生活）',
		hint: '本人の言葉で書き、本人と家族の意向は分けて記載します。',
		rows: 4,
	},
	{ key: 'policy', label: '総合的な援助の方針', rows: 4 },
	{ key: 'longTermGoal', label: '長期目標', rows: 2 },
	{ key: 'shortTermGoal', label: '短期目標', rows: 2 },
] as const satisfies readonly FieldDefinition[]

export type PlanFieldKey = (typeof PLAN_FIELDS)[number]['key']

export const PLAN_FIELD_KEYS: readonly string[] = PLAN_FIELDS.map((f) => f.key)

/** The goals table: one row per need. 優先順位 is the row's position, not a column. */
export const PLAN_GOALS_TABLE = 'goals'

export const PLAN_GOAL_COLUMNS = [
	{ key: 'need', label: '解決すべき課題（本人のニーズ）' },
	{ key: 'goal', label: '支援目標' },
	{ key: 'targetDate', label: '達成時期' },
	{ key: 'services', label: '福祉サービス等（種類・内容・量（頻度・時間））' },
	{ key: 'provider', label: '提供事業者名（担当者名・電話）', finalOnly: true },
	{ key: 'role', label: '課題解決のための本人の役割' },
	{ key: 'evaluation', label: '評価時期' },
	{ key: 'notes', label: 'その他留意事項' },
] as const satisfies readonly ColumnDefinition[]

export const PLAN_GOAL_COLUMN_KEYS: readonly string[] = PLAN_GOAL_COLUMNS.map((c) => c.key)

/** meta keys (scalars, last writer wins) */
export const PLAN_META = {
	/** 'draft' (計画案) | 'final' (本計画) */
	stage: 'stage',
	/** 計画案作成日 YYYY-MM-DD */
	draftDate: 'draftDate',
	/** 計画作成日 (= 同意日) YYYY-MM-DD */
	planDate: 'planDate',
	/** モニタリング開始年月 YYYY-MM */
	monitoringStart: 'monitoringStart',
} as const

export const PLAN_STAGES = ['draft', 'final'] as const
export type PlanStage = (typeof PLAN_STAGES)[number]
export const PLAN_STAGE_LABELS: Record<PlanStage, string> = { draft: '計画案', final: '本計画' }

export function planStageOf(value: unknown): PlanStage {
	return value === 'final' ? 'final' : 'draft'
}

/** Columns shown for a stage: the provider column belongs to the 本計画 only. */
export function planGoalColumns(stage: PlanStage): ReadonlyArray<(typeof PLAN_GOAL_COLUMNS)[number]> {
	return PLAN_GOAL_COLUMNS.filter((c) => stage === 'final' || !('finalOnly' in c && c.finalOnly))
}

/** Title of the plan document: the child form's name for child clients. */
export function planTitle(category: string, stage: PlanStage = 'draft'): string {
	const base = category === 'child' ? '障害児支援利用計画' : 'サービス等利用計画'
	return stage === 'draft' ? `${base}（案）` : base
}

export function planDocumentTitle(category: string): string {
	return category === 'child' ? '障害児支援利用計画' : 'サービス等利用計画'
}
