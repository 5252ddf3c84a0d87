import type * as Y from 'yjs'
import { STRUCTURE_KEY_PATTERN, applyPrefillOnce, derivedRowId, prefillRowsUpdate, type DocumentSnapshot, type MetaValue } from './structure.ts'

/**
 * モニタリング報告書 (様式3-1, docs/domain/forms.md; document kind 'monitoring'): the structured-form
 * definition and the deterministic goal-row prefill. Pure: the report page, the completion check
 * on the server, the print view and tests read the same keys. Keys only ever grow (a field's
 * Y.Text comes from a shared template).
 */

export type MonitoringFieldDefinition = { key: string; label: string; hint?: string; rows?: number; multiline?: boolean }

export const MONITORING_FIELDS = [
	{ key: 'place', label: '実施場所', hint: '例：ご自宅（居宅訪問）、生活介護事業所ひだまり', rows: 1, multiline: false },
	{ key: 'overall', label: '全体の状況', hint: '前回のモニタリング以降の生活の様子、本人・家族の様子を書きます。', rows: 5 },
	{ key: 'notes', label: 'その他留意事項', rows: 3 },
] as const satisfies readonly MonitoringFieldDefinition[]

export const MONITORING_FIELD_KEYS: readonly string[] = MONITORING_FIELDS.map((f) => f.key)

export const MONITORING_META = {
	/** モニタリング実施日 YYYY-MM-DD */
	conductedOn: 'conductedOn',
	/** set by the goal prefill (its template's client id): the goal rows were offered once */
	goalsPrefilled: 'goalsPrefilled',
} as const

/** One row per goal of the plan (優先順位 is the row's position). */
export const MONITORING_GOALS_TABLE = 'goals'

/** The columns carried over from the plan: shown as the row's heading, kept editable as text. */
export const MONITORING_CARRIED_COLUMNS = [
	{ key: 'goal', label: '支援目標' },
	{ key: 'targetDate', label: '達成時期' },
] as const

/** What the monitoring adds per goal. */
export const MONITORING_ROW_COLUMNS = [
	{ key: 'provision', label: 'サービス提供状況（事業者からの聞き取り）', hint: '各事業所の担当者が記入できます。' },
	{ key: 'satisfaction', label: '本人の感想・満足度' },
	{ key: 'achievement', label: '支援目標の達成度（ニーズの充足度）' },
	{ key: 'issues', label: '今後の課題・解決方法' },
] as const

export const MONITORING_COLUMN_KEYS: readonly string[] = [...MONITORING_CARRIED_COLUMNS, ...MONITORING_ROW_COLUMNS].map((c) => c.key)

/** 計画変更の必要性, per goal row: each answered 有 / 無. */
export const CHANGE_KINDS = ['kind', 'amount', 'weekly'] as const
export type ChangeKind = (typeof CHANGE_KINDS)[number]
export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
	kind: 'サービス種類の変更',
	amount: 'サービス量の変更',
	weekly: '週間計画の変更',
}
export const CHANGE_ANSWERS = ['yes', 'no'] as const
export type ChangeAnswer = (typeof CHANGE_ANSWERS)[number]
export const CHANGE_ANSWER_LABELS: Record<ChangeAnswer, string> = { yes: '有', no: '無' }

/**
 * The meta key of one row's answer. Rows hold only Y.Texts, and a 有/無 answer is a scalar (last
 * writer wins), so it lives in meta under a key derived from the row id. Random row ids may hold
 * '-', which meta keys may not: it is mapped to '_' (ids stay distinct in practice: 96 random bits).
 */
export function changeMetaKey(kind: ChangeKind, rowId: string): string {
	const key = `chg_${kind}_${rowId.replace(/[^A-Za-z0-9_]/g, '_')}`
	if (!STRUCTURE_KEY_PATTERN.test(key)) throw new Error(`row id too long for a change key: ${rowId}`)
	return key
}

export function changeAnswerOf(value: MetaValue | undefined): ChangeAnswer | null {
	return value === 'yes' || value === 'no' ? value : null
}

/** A goal of the current plan (the PlanGoal projection) as its monitoring row starts. */
export type GoalSeed = {
	/** the plan's goal row id: stable, so one goal has one monitoring row everywhere */
	goalId: string
	goal: string
	targetDate: string
}

/** The monitoring row id of a plan goal: derived, so concurrent first-openers agree. */
export function goalRowId(goalId: string): string {
	return derivedRowId('rmg', goalId)
}

/**
 * One row per goal of the plan, added once and identically by every writer (structure.ts). Each
 * row links back to its plan goal: versions and the print view name the goal by it.
 */
export function goalsPrefillUpdate(seeds: readonly GoalSeed[]): Uint8Array {
	return prefillRowsUpdate({
		purpose: 'monitoring-goals',
		table: MONITORING_GOALS_TABLE,
		columns: MONITORING_COLUMN_KEYS,
		rows: seeds.map((seed) => ({ id: goalRowId(seed.goalId), cells: { goal: seed.goal, targetDate: seed.targetDate }, links: [seed.goalId] })),
		doneMetaKey: MONITORING_META.goalsPrefilled,
	})
}

/**
 * Offers the goal rows once per report: unless a writer already did (the meta flag travels in
 * the same update), applies the deterministic prefill. Returns whether it applied.
 */
export function applyGoalsPrefill(doc: Y.Doc, seeds: readonly GoalSeed[], origin?: unknown): boolean {
	if (seeds.length === 0) return false
	return applyPrefillOnce(doc, MONITORING_META.goalsPrefilled, () => goalsPrefillUpdate(seeds), origin)
}

export type MonitoringRowContent = {
	id: string
	/** 1-based position (優先順位) */
	priority: number
	cells: Record<string, string>
	/** the plan goal rows this row evaluates (its goal, by the plan row's id) */
	links: string[]
	changes: Record<ChangeKind, ChangeAnswer | null>
}

/** The report as plain data: for the print view and the completion check. */
export type MonitoringContent = {
	conductedOn: string
	fields: Record<(typeof MONITORING_FIELDS)[number]['key'], string>
	rows: MonitoringRowContent[]
}

export function monitoringContent(snapshot: DocumentSnapshot): MonitoringContent {
	const fields = Object.fromEntries(MONITORING_FIELDS.map((f) => [f.key, snapshot.fields[f.key] ?? ''])) as MonitoringContent['fields']
	const conducted = snapshot.meta[MONITORING_META.conductedOn]
	const rows = snapshot.rows
		.filter((row) => row.table === MONITORING_GOALS_TABLE)
		.map((row, index) => ({
			id: row.id,
			priority: index + 1,
			cells: Object.fromEntries(MONITORING_COLUMN_KEYS.map((key) => [key, row.cells[key] ?? ''])),
			links: row.links,
			changes: Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, changeAnswerOf(snapshot.meta[changeMetaKey(kind, row.id)])])) as Record<
				ChangeKind,
				ChangeAnswer | null
			>,
		}))
	return { conductedOn: typeof conducted === 'string' ? conducted : '', fields, rows }
}
