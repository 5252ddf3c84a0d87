/**
 * Display vocabulary of the organisation directory. Shared by the server modules and the
 * pages (no server imports here).
 */

export const ORGANIZATION_KINDS = ['consultation', 'child_consultation', 'provider', 'municipality', 'core_center', 'hub'] as const
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number]

export const KIND_LABELS: Record<OrganizationKind, string> = {
	consultation: '相談支援事業所',
	child_consultation: '障害児相談支援事業所',
	provider: 'サービス提供事業所',
	municipality: '市町村窓口',
	core_center: '基幹相談支援センター',
	hub: '地域生活支援拠点',
}

export function kindLabel(kind: string): string {
	return (KIND_LABELS as Record<string, string>)[kind] ?? kind
}

/** The five target groups of the 小平市 table, in its column order. */
export const TARGETS = ['physical', 'intellectual', 'mental', 'child', 'intractable'] as const
export type Target = (typeof TARGETS)[number]

export const TARGET_FIELDS = {
	physical: 'targetPhysical',
	intellectual: 'targetIntellectual',
	mental: 'targetMental',
	child: 'targetChild',
	intractable: 'targetIntractable',
} as const satisfies Record<Target, string>

export const TARGET_LABELS: Record<Target, { short: string; long: string }> = {
	physical: { short: '身', long: '身体障害' },
	intellectual: { short: '知', long: '知的障害' },
	mental: { short: '精', long: '精神障害' },
	child: { short: '児', long: '障害児（18歳未満）' },
	intractable: { short: '難', long: '難病患者' },
}

export const TARGET_LEVELS = ['main', 'available', 'unavailable'] as const
export type TargetLevel = (typeof TARGET_LEVELS)[number]

export const TARGET_LEVEL_MARKS: Record<TargetLevel, { mark: string; label: string }> = {
	main: { mark: '◆', label: '主に支援している対象' },
	available: { mark: '○', label: '相談可能' },
	unavailable: { mark: '—', label: '相談不可' },
}

export function targetLevelMark(level: string): { mark: string; label: string } {
	return (TARGET_LEVEL_MARKS as Record<string, { mark: string; label: string }>)[level] ?? { mark: '？', label: '不明' }
}

/** Training the office's staff have completed (the 小平市 table's ♠ ♡ ♣). */
export const TRAININGS = ['medicalCare', 'behavior', 'mental'] as const
export type Training = (typeof TRAININGS)[number]

export const TRAINING_FIELDS = {
	medicalCare: 'trainingMedicalCare',
	behavior: 'trainingBehavior',
	mental: 'trainingMental',
} as const satisfies Record<Training, string>

export const TRAINING_LABELS: Record<Training, { mark: string; label: string }> = {
	medicalCare: { mark: '♠', label: '医療的ケア' },
	behavior: { mark: '♡', label: '行動障害' },
	mental: { mark: '♣', label: '精神障害者' },
}

/** Days in the order of Organization.openDays ("月火水木金土日"); URL values are the codes. */
export const DAYS = [
	{ code: 'mon', char: '月' },
	{ code: 'tue', char: '火' },
	{ code: 'wed', char: '水' },
	{ code: 'thu', char: '木' },
	{ code: 'fri', char: '金' },
	{ code: 'sat', char: '土' },
	{ code: 'sun', char: '日' },
] as const
export type DayCode = (typeof DAYS)[number]['code']

export const VACANCY_STATUSES = ['available', 'few', 'none', 'unknown'] as const
export type VacancyStatus = (typeof VACANCY_STATUSES)[number]

export const VACANCY_LABELS: Record<VacancyStatus, { label: string; badge: string }> = {
	available: { label: '空きあり', badge: 'ok' },
	few: { label: 'わずか', badge: 'warn' },
	none: { label: '空きなし', badge: 'danger' },
	unknown: { label: '不明', badge: '' },
}

export function vacancyLabel(status: string): { label: string; badge: string } {
	return (VACANCY_LABELS as Record<string, { label: string; badge: string }>)[status] ?? VACANCY_LABELS.unknown
}

export function isVacancyStatus(value: string): value is VacancyStatus {
	return (VACANCY_STATUSES as readonly string[]).includes(value)
}
