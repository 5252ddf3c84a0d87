/**
 * Codes and Japanese labels for client and 受給者証 data. Pure and safe to import from
 * components (no server code): the forms, pages and schemas all read the same lists.
 */
import { ROLE_LABELS, type TeamRole } from '#app/policies/roles.ts'

export const CLIENT_CATEGORIES = ['adult', 'child'] as const
export type ClientCategory = (typeof CLIENT_CATEGORIES)[number]
export const CLIENT_CATEGORY_LABELS: Record<ClientCategory, string> = { adult: '成人', child: '児童' }

export const GENDERS = ['', '男', '女', 'その他'] as const
export type Gender = (typeof GENDERS)[number]
export const GENDER_LABELS: Record<Gender, string> = { '': '未回答', 男: '男', 女: '女', その他: 'その他' }

export const DISABILITY_CATEGORIES = ['physical', 'intellectual', 'mental', 'developmental', 'intractable'] as const
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number]
export const DISABILITY_LABELS: Record<DisabilityCategory, string> = {
	physical: '身体',
	intellectual: '知的',
	mental: '精神',
	developmental: '発達',
	intractable: '難病',
}

/** 障害支援区分 as stored on the client (and on a certificate, where '' means "not printed"). */
export const SUPPORT_LEVELS = ['none', '1', '2', '3', '4', '5', '6', 'pending'] as const
export type SupportLevel = (typeof SUPPORT_LEVELS)[number]
export const SUPPORT_LEVEL_LABELS: Record<SupportLevel, string> = {
	none: '非該当',
	'1': '区分1',
	'2': '区分2',
	'3': '区分3',
	'4': '区分4',
	'5': '区分5',
	'6': '区分6',
	pending: '申請中',
}

/**
 * 障害支援区分 as a page or print shows it. Children are not assessed for a 区分 (障害児 use
 * 児童福祉法 services): their field reads 対象外, never 非該当 (an adult's "assessed, below 区分1").
 */
export function supportLevelLabel(category: string, level: string | null | undefined, fallback = '—'): string {
	if (category === 'child') return '対象外'
	return labelOf(SUPPORT_LEVEL_LABELS, level, fallback)
}

export const CERTIFICATE_KINDS = ['welfare', 'child_day', 'community'] as const
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number]
export const CERTIFICATE_KIND_LABELS: Record<CertificateKind, string> = {
	welfare: '障害福祉サービス受給者証',
	child_day: '通所受給者証',
	community: '地域相談支援受給者証',
}

export const MONITORING_PERIODS = ['monthly', 'every3', 'every6', 'custom'] as const
export type MonitoringPeriod = (typeof MONITORING_PERIODS)[number]
export const MONITORING_PERIOD_LABELS: Record<MonitoringPeriod, string> = {
	monthly: '毎月',
	every3: '3ヶ月ごと',
	every6: '6ヶ月ごと',
	custom: 'その他（月を指定）',
}
/** Interval in months for the periods that have one (custom has none). */
export const MONITORING_INTERVAL: Record<Exclude<MonitoringPeriod, 'custom'>, number> = { monthly: 1, every3: 3, every6: 6 }

/** The usual 利用者負担上限月額 tiers (docs/domain/forms.md), offered as hints; other amounts are allowed. */
export const COPAY_TIERS = [0, 4600, 9300, 37200] as const

export const CONSENT_BASES = ['written_consent', 'contract', 'self', 'statutory'] as const
export type ConsentBasis = (typeof CONSENT_BASES)[number]
export const CONSENT_BASIS_LABELS: Record<ConsentBasis, string> = {
	written_consent: '書面による同意',
	contract: '利用契約',
	self: '本人・家族（自らの情報）',
	statutory: '法令に基づく（支給決定事務など）',
}

/** Roles a person without an account may be recorded with (they carry no access). */
export const EXTERNAL_MEMBER_ROLES = ['family', 'client_self', 'service_manager', 'provider_staff', 'municipal', 'hub_coordinator'] as const satisfies readonly TeamRole[]
export type ExternalMemberRole = (typeof EXTERNAL_MEMBER_ROLES)[number]

export function teamRoleLabel(role: string): string {
	return (ROLE_LABELS as Record<string, string>)[role] ?? role
}

export function labelOf<K extends string>(labels: Record<K, string>, code: string | null | undefined, fallback = '—'): string {
	if (code === null || code === undefined) return fallback
	// Own keys only: a stored code such as 'constructor' must not reach Object.prototype.
	if (Object.hasOwn(labels, code)) return (labels as Record<string, string>)[code]
	return code === '' ? fallback : code
}

/** "physical,mental" → ['physical', 'mental'] (unknown codes dropped). */
export function parseDisabilityCategories(value: string): DisabilityCategory[] {
	return value
		.split(',')
		.map((s) => s.trim())
		.filter((s): s is DisabilityCategory => (DISABILITY_CATEGORIES as readonly string[]).includes(s))
}

export function disabilityLabels(value: string): string {
	const list = parseDisabilityCategories(value)
	return list.length > 0 ? list.map((c) => DISABILITY_LABELS[c]).join('・') : '—'
}

/** 9300 → "9,300円" */
export function formatYen(amount: number): string {
	return `${amount.toLocaleString('ja-JP')}円`
}
