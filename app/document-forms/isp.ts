import type { FieldDefinition } from './plan.ts'

/**
 * 個別支援計画 (docs/domain/forms.md): the structured-form definition of document kind 'isp', one
 * per provider organisation on the client's care team. Pure data shared by the page, the
 * server projection and tests.
 */

export const ISP_FIELDS = [
	{ key: 'wishes', label: '利用者及び家族の生活に対する意向', rows: 3 },
	{ key: 'policy', label: '総合的な支援の方針', rows: 3 },
	{ key: 'targetGoal', label: '到達目標', rows: 2 },
	{ key: 'longTermGoal', label: '長期目標', rows: 2 },
	{ key: 'shortTermGoal', label: '短期目標', rows: 2 },
] as const satisfies readonly FieldDefinition[]

/** Generation 0 of the ISP's fields (never changes: documents in use were made with it). */
export const ISP_FIELD_KEYS: readonly string[] = ISP_FIELDS.map((f) => f.key)

/** Fields added since (structure.ts FieldTemplate, generation 1): docs/domain/forms.md. */
export const ISP_ADDED_FIELDS = [
	{ key: 'lifeIssues', label: '生活全般の質を向上させるための課題', rows: 3 },
	{ key: 'standardHours', label: '支援の標準的な提供時間等（曜日・頻度、時間）', rows: 2 },
] as const satisfies readonly FieldDefinition[]

export const ISP_FIELD_TEMPLATE = [ISP_FIELD_KEYS, ISP_ADDED_FIELDS.map((f) => f.key)] as const

export const ISP_ALL_FIELD_KEYS: readonly string[] = ISP_FIELD_TEMPLATE.flat()

/** The support table: one row per concrete goal; 優先順位 is the row's position. */
export const ISP_SUPPORT_TABLE = 'support'

export const ISP_COLUMNS = [
	{ key: 'target', label: '具体的到達目標' },
	{ key: 'role', label: '本人の役割' },
	{ key: 'content', label: '支援内容（内容・留意点等）' },
	{ key: 'staff', label: '担当者' },
	{ key: 'period', label: '支援期間' },
	// Added later: rows made before have no such cell (shown as '—' and not editable there).
	{ key: 'targetDate', label: '達成時期' },
	{ key: 'notes', label: '留意事項' },
] as const

export const ISP_COLUMN_KEYS: readonly string[] = ISP_COLUMNS.map((c) => c.key)

export const ISP_META = {
	/** 作成年月日 YYYY-MM-DD */
	createdOn: 'createdOn',
	/** 同意年月日 YYYY-MM-DD (also signed on paper) */
	consentOn: 'consentOn',
	/** 説明日 YYYY-MM-DD */
	explainedOn: 'explainedOn',
	/** 同意者 (本人 or the proxy's name) */
	consenter: 'consenter',
	/** 代理の理由 (when a proxy consented) */
	proxyReason: 'proxyReason',
	/** 個別支援会議の開催日 YYYY-MM-DD */
	meetingOn: 'meetingOn',
	/** 交付日 YYYY-MM-DD (to the person; to the 相談支援専門員 is recorded on the cycle page) */
	deliveredOn: 'deliveredOn',
	/** 相談支援事業所からサービス等利用計画を受領した日 YYYY-MM-DD */
	planReceivedOn: 'planReceivedOn',
	/** 次回の見直し予定日 YYYY-MM-DD (≤ 6 months; 3 for 自立訓練・就労移行支援) */
	reviewBy: 'reviewBy',
} as const

/** Days until the ISP must be reviewed (docs/domain/forms.md): 3 months for 自立訓練・就労移行支援, else 6. */
export function ispReviewMonths(serviceTypes: readonly string[]): 3 | 6 {
	return serviceTypes.some((s) => /自立訓練|就労移行支援/.test(s.normalize('NFKC'))) ? 3 : 6
}

/** Is the 見直し予定日 within the allowed interval from the 作成日 (or consent)? Japanese message when not. */
export function ispReviewProblem(from: string, reviewBy: string, months: 3 | 6): string | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(reviewBy)) return null
	const [y, m, d] = from.split('-').map(Number)
	const limit = new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10)
	if (reviewBy > limit) return `見直し予定日は作成日から${months}か月以内（${limit}まで）にしてください`
	if (reviewBy < from) return '見直し予定日は作成日より後にしてください'
	return null
}

/**
 * Child providers (児童発達支援・放課後等デイサービス): each row names the 5領域 it serves and its
 * category. Both are scalars in the row map — one boolean key per 領域, so two people ticking
 * different 領域 at once both win, and one `category` string (last writer wins).
 */
export const FIVE_DOMAINS = [
	{ key: 'd_health', label: '健康・生活' },
	{ key: 'd_motor', label: '運動・感覚' },
	{ key: 'd_cognition', label: '認知・行動' },
	{ key: 'd_language', label: '言語・コミュニケーション' },
	{ key: 'd_social', label: '人間関係・社会性' },
] as const

export const ROW_CATEGORY_KEY = 'category'
export const ROW_CATEGORIES = [
	{ value: 'self', label: '本人支援' },
	{ value: 'family', label: '家族支援' },
	{ value: 'transition', label: '移行支援' },
	{ value: 'community', label: '地域支援' },
] as const
export type RowCategory = (typeof ROW_CATEGORIES)[number]['value']

/** 家族支援 and 移行支援 are required sections of a child's plan: shown even when empty. */
export const ALWAYS_SHOWN_CATEGORIES: readonly RowCategory[] = ['family', 'transition']

export function rowCategoryOf(value: unknown): RowCategory {
	return ROW_CATEGORIES.some((c) => c.value === value) ? (value as RowCategory) : 'self'
}

/** Title of a provider's ISP document, naming the organisation (several may exist per client). */
export function ispDocumentTitle(organizationName: string): string {
	return `個別支援計画（${organizationName}）`
}

/** One line that says what a support row is about (for the coverage view and the projection). */
export function supportRowSummary(cells: Record<string, string>): string {
	const text = (cells.target || cells.content || '').trim().replace(/\s+/g, ' ')
	return text.length > 200 ? `${text.slice(0, 199)}…` : text
}
