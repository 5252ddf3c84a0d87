/**
 * Codes and Japanese labels of the 地域生活支援拠点 records (issue #12). Pure.
 */

/** Why a household registers (seed 003, docs/domain/forms.md: 8050, 親なき後, 介護者の急病 …). */
export const HUB_REASONS = ['8050', 'carer_health', 'alone', 'behavior', 'medical_care', 'abuse', 'other'] as const
export type HubReason = (typeof HUB_REASONS)[number]
export const HUB_REASON_LABELS: Record<HubReason, string> = {
	'8050': '8050（親の高齢化）',
	carer_health: '介護者の高齢・疾病',
	alone: '単身',
	behavior: '強度行動障害',
	medical_care: '医療的ケア',
	abuse: '虐待のおそれ',
	other: 'その他',
}

export const CONSENT_METHODS = ['written', 'verbal'] as const
export type ConsentMethod = (typeof CONSENT_METHODS)[number]
export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = { written: '書面（署名）', verbal: '口頭' }

/** What an emergency was about (the monthly summary counts by these). */
export const EMERGENCY_CATEGORIES = ['carer_illness', 'carer_death', 'disaster', 'health', 'behavior', 'abuse', 'other'] as const
export type EmergencyCategory = (typeof EMERGENCY_CATEGORIES)[number]
export const EMERGENCY_CATEGORY_LABELS: Record<EmergencyCategory, string> = {
	carer_illness: '介護者の急病・入院',
	carer_death: '介護者の死亡',
	disaster: '災害',
	health: '本人の体調悪化',
	behavior: '行動上の危機',
	abuse: '虐待・権利侵害',
	other: 'その他',
}

/** Services suggested for 事前調整 and for services outside the plan. */
export const HUB_SERVICE_SUGGESTIONS = ['緊急短期入所', '短期入所', '居宅介護', '重度訪問介護', '行動援護', 'グループホーム体験', '移動支援'] as const

/** The service type whose days the monthly summary counts as 緊急受入. */
export const EMERGENCY_STAY_SERVICE = '緊急短期入所'

/** Break-glass reason categories. */
export const EMERGENCY_ACCESS_REASONS = ['carer_emergency', 'self_emergency', 'disaster', 'police_medical', 'other'] as const
export type EmergencyAccessReason = (typeof EMERGENCY_ACCESS_REASONS)[number]
export const EMERGENCY_ACCESS_REASON_LABELS: Record<EmergencyAccessReason, string> = {
	carer_emergency: '介護者の急病・事故等で本人の支援者が不在',
	self_emergency: '本人の急変・行方不明等',
	disaster: '災害',
	police_medical: '警察・医療機関等からの照会',
	other: 'その他',
}

export const REVIEW_OUTCOMES = ['appropriate', 'inappropriate'] as const
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number]
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = { appropriate: '適切', inappropriate: '不適切' }

/** Roster review dates within this many days count as due. */
export const REVIEW_DUE_WINDOW_DAYS = 30

/** Seed 003: the hub is used once a 計画相談支援事業所 is decided; until then the 基幹 is involved. */
export const NO_SPECIALIST_MESSAGE =
	'この方には契約している相談支援専門員がいません。拠点の利用には計画相談支援事業所を先に決める必要があります。決まるまでの間は、関わっている基幹相談支援センターとその関わりを記録してください'

/** Unreviewed grants older than this show on the office manager's dashboard. */
export const REVIEW_OVERDUE_DAYS = 7

export function labelOfCode<K extends string>(labels: Record<K, string>, code: string): string {
	return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code as K] : code
}
