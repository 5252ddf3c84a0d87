/**
 * Field, table and meta keys of the documents beside the plan, on the structured-form
 * conventions of app/document-forms/structure.ts. Pure data: the forms, the print sheets and tests
 * read the same keys. Keys only ever grow (a field's Y.Text comes from a shared template).
 */

export type FieldDef = { key: string; label: string; hint?: string; rows?: number }
export type ColumnDef = { key: string; label: string }

/** meta keys shared by all four kinds */
export const COMMON_META = {
	/** 作成日 YYYY-MM-DD */
	createdOn: 'createdOn',
} as const

// ---------------------------------------------------------------------------------------------
// 週間計画表 (様式1-2, docs/domain/forms.md)

export const WEEKLY_FIELDS = [
	{ key: 'dailyActivities', label: '主な日常生活上の活動', rows: 3 },
	{ key: 'nonWeeklyServices', label: '週単位以外のサービス', hint: '月に数回の短期入所、通院など', rows: 3 },
	{ key: 'overallPicture', label: 'サービス提供によって実現する生活の全体像', rows: 3 },
] as const satisfies readonly FieldDef[]

export const WEEKLY_META = {
	/** 計画開始年月 YYYY-MM */
	startMonth: 'startMonth',
	...COMMON_META,
} as const

/** Entries of the grid: one row each; day/kind/start/end are cells holding a code. */
export const WEEKLY_TABLE = 'schedule'
export const WEEKLY_COLUMNS = ['day', 'start', 'end', 'label', 'kind'] as const

// ---------------------------------------------------------------------------------------------
// アセスメント (docs/domain/forms.md)

export const ASSESSMENT_FIELDS = [
	{ key: 'overview', label: '1. 概要（支援経過・現状と課題等）', rows: 5 },
	{ key: 'lifeHistory', label: '生活歴', hint: '受診歴を含む', rows: 4 },
	{ key: 'medical', label: '医療の状況（病名・服薬）', rows: 3 },
	{ key: 'personWishes', label: '本人の主訴（意向・希望）', rows: 3 },
	{ key: 'familyWishes', label: '家族の主訴（意向・希望）', rows: 3 },
] as const satisfies readonly FieldDef[]

export const ASSESSMENT_META = { ...COMMON_META } as const

export const FAMILY_TABLE = 'family'
export const FAMILY_COLUMNS = [
	{ key: 'name', label: '氏名' },
	{ key: 'relation', label: '続柄' },
	{ key: 'age', label: '年齢' },
	{ key: 'occupation', label: '職業・備考' },
] as const satisfies readonly ColumnDef[]
/** 'yes' when the person is the 主たる介護者 */
export const FAMILY_CAREGIVER_COLUMN = 'mainCaregiver'
export const FAMILY_ALL_COLUMNS = [...FAMILY_COLUMNS.map((c) => c.key), FAMILY_CAREGIVER_COLUMN]

export const RELATIONS_TABLE = 'relations'
export const RELATIONS_COLUMNS = [
	{ key: 'name', label: '名称' },
	{ key: 'role', label: '関係・役割' },
	{ key: 'contact', label: '連絡先' },
] as const satisfies readonly ColumnDef[]
/** 'formal' | 'informal' */
export const RELATIONS_TYPE_COLUMN = 'type'
export const RELATIONS_ALL_COLUMNS = [...RELATIONS_COLUMNS.map((c) => c.key), RELATIONS_TYPE_COLUMN]
export const RELATION_TYPES = [
	{ value: 'formal', label: 'フォーマル' },
	{ value: 'informal', label: 'インフォーマル' },
] as const

export const SUPPORT_COLUMNS = [
	{ key: 'name', label: '名称' },
	{ key: 'provider', label: '提供機関・提供者' },
	{ key: 'content', label: '支援内容' },
	{ key: 'frequency', label: '頻度' },
	{ key: 'notes', label: '備考' },
] as const satisfies readonly ColumnDef[]
export const SUPPORT_COLUMN_KEYS = SUPPORT_COLUMNS.map((c) => c.key)
export const PUBLIC_SUPPORT_TABLE = 'publicSupport'
export const OTHER_SUPPORT_TABLE = 'otherSupport'

// ---------------------------------------------------------------------------------------------
// Myライフプラン (かなざわ安心プラン, seed 000; docs/domain/forms.md)

export const LIFE_PLAN_SECTIONS = [
	{ key: 'home', label: '住まい' },
	{ key: 'daytime', label: '日中活動' },
	{ key: 'money', label: 'お金の管理・成年後見' },
	{ key: 'health', label: '健康' },
	{ key: 'people', label: '大切な人' },
	{ key: 'decisions', label: '意思決定の支え方' },
] as const

export const LIFE_PLAN_ASPECTS = [
	{ key: 'Wish', label: '本人の希望' },
	{ key: 'Outlook', label: '将来の見通し' },
	{ key: 'Prep', label: '必要な準備' },
] as const

export function lifePlanFieldKey(section: string, aspect: string): string {
	return `${section}${aspect}`
}

export const LIFE_PLAN_FIELDS: readonly FieldDef[] = [
	{ key: 'vision', label: '望む暮らし（今と、親なき後）', rows: 4 },
	...LIFE_PLAN_SECTIONS.flatMap((s) =>
		LIFE_PLAN_ASPECTS.map((a) => ({ key: lifePlanFieldKey(s.key, a.key), label: `${s.label}：${a.label}`, rows: 2 })),
	),
]

/** 親なき後: added as field generation 1 (structure.ts FieldTemplate). */
export const LIFE_PLAN_PARENT_FIELDS = [
	{ key: 'parentsSituation', label: '親の状況と後継者（親に代わって支える人）', rows: 3 },
	{ key: 'parentsWishes', label: '親の思い', rows: 3 },
] as const satisfies readonly FieldDef[]

export const LIFE_PLAN_META = {
	...COMMON_META,
	/** 見直し日 YYYY-MM-DD */
	reviewOn: 'reviewOn',
} as const

export const RESOURCES_TABLE = 'resources'
export const RESOURCES_COLUMNS = [
	{ key: 'name', label: '資源名' },
	{ key: 'content', label: '内容' },
	{ key: 'infoDate', label: '情報提供日' },
	{ key: 'trialDate', label: '体験日' },
	{ key: 'memo', label: 'メモ' },
] as const satisfies readonly ColumnDef[]
/** 'planned' | 'done' | 'declined' | '' */
export const RESOURCES_TRIAL_COLUMN = 'trial'
export const RESOURCES_ALL_COLUMNS = [...RESOURCES_COLUMNS.map((c) => c.key), RESOURCES_TRIAL_COLUMN]
export const TRIAL_STATES = [
	{ value: '', label: '—' },
	{ value: 'planned', label: '予定' },
	{ value: 'done', label: '済' },
	{ value: 'declined', label: '見送り' },
] as const

// ---------------------------------------------------------------------------------------------
// クライシスプラン (seeds 000/003; docs/domain/forms.md)

export const CRISIS_STAGES = [
	{ key: 'stable', label: '安定', color: '青', tone: 'blue' },
	{ key: 'caution', label: '注意', color: '黄', tone: 'yellow' },
	{ key: 'alert', label: '要注意', color: '赤', tone: 'red' },
] as const

export const CRISIS_STAGE_ASPECTS = [
	{ key: 'Signs', label: 'サイン' },
	{ key: 'Self', label: '本人がすること' },
	{ key: 'Family', label: '家族がすること' },
	{ key: 'Supporters', label: '支援者・関係機関がすること' },
] as const

export function crisisFieldKey(stage: string, aspect: string): string {
	return `${stage}${aspect}`
}

export const CRISIS_PLACE_FIELDS = [
	{ key: 'shortStay', label: '短期入所の事前調整先（連絡先）', rows: 2 },
	{ key: 'evacuation', label: '避難場所', rows: 2 },
] as const satisfies readonly FieldDef[]

export const CRISIS_NEEDS_FIELDS = [
	{ key: 'needMedication', label: '服薬', rows: 2 },
	{ key: 'needMeals', label: '食事', rows: 2 },
	{ key: 'needCommunication', label: 'コミュニケーション', rows: 2 },
	{ key: 'needConsiderations', label: '配慮事項', rows: 2 },
] as const satisfies readonly FieldDef[]

export const CRISIS_FIELDS: readonly FieldDef[] = [
	...CRISIS_STAGES.flatMap((s) =>
		CRISIS_STAGE_ASPECTS.map((a) => ({ key: crisisFieldKey(s.key, a.key), label: `${s.label}（${s.color}）：${a.label}`, rows: 2 })),
	),
	...CRISIS_PLACE_FIELDS,
	...CRISIS_NEEDS_FIELDS,
]

export const CRISIS_META = { ...COMMON_META } as const

export const SCENARIOS_TABLE = 'scenarios'
export const SCENARIOS_COLUMNS = [
	{ key: 'scenario', label: '想定する事態' },
	{ key: 'situation', label: '想定される状況' },
	{ key: 'response', label: '対応' },
] as const satisfies readonly ColumnDef[]
export const SCENARIOS_COLUMN_KEYS = SCENARIOS_COLUMNS.map((c) => c.key)
/** Offered when the table is empty: the situations seeds 000/002/003 are about. */
export const SCENARIO_SUGGESTIONS = ['災害（地震・水害）', '介護者の急病・入院（8050）', '介護者の死亡', '本人の体調悪化・入院'] as const

/** Contacts in calling order: 順位 is the row's position. */
export const CONTACTS_TABLE = 'contacts'
export const CONTACTS_COLUMNS = [
	{ key: 'name', label: '氏名・機関' },
	{ key: 'relation', label: '関係' },
	{ key: 'phone', label: '電話' },
	{ key: 'notes', label: '備考' },
] as const satisfies readonly ColumnDef[]
export const CONTACTS_COLUMN_KEYS = CONTACTS_COLUMNS.map((c) => c.key)

/** Every field key of a kind: the template its writers apply. */
export const FIELD_KEYS = {
	weekly: WEEKLY_FIELDS.map((f) => f.key),
	assessment: ASSESSMENT_FIELDS.map((f) => f.key),
	life_plan: LIFE_PLAN_FIELDS.map((f) => f.key),
	crisis_plan: CRISIS_FIELDS.map((f) => f.key),
} as const

/**
 * The template generations of each kind (structure.ts FieldTemplate): generation 0 is FIELD_KEYS
 * (never changes), later ones hold only the fields added since.
 */
export const FIELD_TEMPLATES: Record<keyof typeof FIELD_KEYS, readonly (readonly string[])[]> = {
	weekly: [FIELD_KEYS.weekly],
	assessment: [FIELD_KEYS.assessment],
	life_plan: [FIELD_KEYS.life_plan, LIFE_PLAN_PARENT_FIELDS.map((f) => f.key)],
	crisis_plan: [FIELD_KEYS.crisis_plan],
}

/**
 * How densely the crisis sheet must be set to stay on one A4 page: the amount of text and
 * the number of table rows decide (the printout is the emergency sheet — never two pages).
 */
export function crisisDensity(snapshot: { fields: Record<string, string>; rows: ReadonlyArray<{ table: string; cells: Record<string, string> }> }): 'normal' | 'compact' | 'tight' {
	let chars = 0
	for (const def of CRISIS_FIELDS) chars += snapshot.fields[def.key]?.length ?? 0
	let rows = 0
	for (const row of snapshot.rows) {
		if (row.table !== SCENARIOS_TABLE && row.table !== CONTACTS_TABLE) continue
		rows++
		for (const value of Object.values(row.cells)) chars += value.length
	}
	// A row costs about a line of text of its own.
	const load = chars + rows * 40
	if (load > 2600) return 'tight'
	if (load > 1700) return 'compact'
	return 'normal'
}
