/**
 * サービス等利用計画（案）・障害児支援利用計画（案） (様式1-1 / 2-1, docs/domain/forms.md): the
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
		key: 'personWishes',
		label: '利用者の生活に対する意向（希望する生活）',
		hint: '本人の言葉で書きます。',
		rows: 3,
	},
	{ key: 'familyWishes', label: '家族の生活に対する意向', rows: 3 },
	{ key: 'policy', label: '総合的な援助の方針', rows: 4 },
	{ key: 'longTermGoal', label: '長期目標', rows: 2 },
	{ key: 'shortTermGoal', label: '短期目標', rows: 2 },
] as const satisfies readonly FieldDefinition[]

/**
 * サービスの利用料 (docs/domain/forms.md item 8): a 本計画 item, shown under the goals table once the
 * plan is the 本計画 (and printed on every version that has it).
 */
export const PLAN_FEES_FIELD = {
	key: 'fees',
	label: 'サービスの利用料',
	hint: '利用者負担上限月額の範囲での負担額、食費・光熱水費などの実費を記載します。',
	rows: 2,
} as const satisfies FieldDefinition

/**
 * Plans written before 本人 and 家族 had separate fields hold both in 'wishes'. The field stays
 * (a Y.Text is never taken away) and is shown — and printed — only where it has text.
 */
export const PLAN_LEGACY_WISHES_FIELD = {
	key: 'wishes',
	label: '利用者及びその家族の生活に対する意向（希望する生活）',
	rows: 4,
} as const satisfies FieldDefinition

/** Every free-text field with its label (for labels of comments, comparisons, agendas). */
export const PLAN_ALL_FIELDS: readonly FieldDefinition[] = [PLAN_LEGACY_WISHES_FIELD, ...PLAN_FIELDS, PLAN_FEES_FIELD]

export type PlanFieldKey = (typeof PLAN_FIELDS)[number]['key'] | typeof PLAN_FEES_FIELD.key | typeof PLAN_LEGACY_WISHES_FIELD.key

/**
 * The template generations of the plan's fields (structure.ts FieldTemplate). Generation 0 is
 * the original key list and never changes: documents in use were made with it.
 */
export const PLAN_FIELD_TEMPLATE = [
	['wishes', 'policy', 'longTermGoal', 'shortTermGoal'],
	['personWishes', 'familyWishes', 'fees'],
] as const satisfies readonly (readonly string[])[]

/** Generation 0 only (what every plan document already holds). */
export const PLAN_FIELD_KEYS: readonly string[] = PLAN_FIELD_TEMPLATE[0]

/** Every field key of the plan, all generations. */
export const PLAN_ALL_FIELD_KEYS: readonly string[] = PLAN_FIELD_TEMPLATE.flat()

/**
 * The labels of the child variant (障害児支援利用計画, 様式2-1): 利用児及び家族の意向.
 */
export function planFieldLabel(field: FieldDefinition, category: string): string {
	if (category !== 'child') return field.label
	switch (field.key) {
		case 'personWishes':
			return '利用児の生活に対する意向（希望する生活）'
		case 'familyWishes':
			return '家族（保護者）の生活に対する意向'
		case 'wishes':
			return '利用児及び家族の生活に対する意向（希望する生活）'
		default:
			return field.label
	}
}

/**
 * The free-text fields a snapshot of the plan shows, in form order: the legacy combined
 * 意向 only when it holds text, fields the snapshot never had (an old version) left out, and
 * サービスの利用料 on the 本計画 only.
 */
export function planFieldsToShow(fields: Readonly<Record<string, string>>, stage: PlanStage): FieldDefinition[] {
	const shown: FieldDefinition[] = []
	if ((fields.wishes ?? '').trim() !== '' || !('personWishes' in fields)) shown.push(PLAN_LEGACY_WISHES_FIELD)
	for (const field of PLAN_FIELDS) {
		if (field.key in fields) shown.push(field)
		else if (field.key !== 'personWishes' && field.key !== 'familyWishes') shown.push(field)
	}
	if (stage === 'final' && PLAN_FEES_FIELD.key in fields) shown.push(PLAN_FEES_FIELD)
	return shown
}

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
